// Long work in steps: the read model's full rebuild and large changes run as generators that
// yield between bounded pieces of work, so whoever drives them (the service) can give the event
// loop back between slices. Pure: no clock, no timers here.

/** Elements handled per step by the helpers below. */
export const SLICE = 16_384;

/**
 * Sorts `items` in place in steps: runs of SLICE sorted natively, then merged pairwise (stable,
 * the same order as one `Array.prototype.sort` with `compare`). Yields after each run and merge.
 */
export function* sortInSlices<T>(items: T[], compare: (a: T, b: T) => number): Generator<void, T[]> {
  const n = items.length;
  if (n <= SLICE) {
    items.sort(compare);
    return items;
  }
  for (let from = 0; from < n; from += SLICE) {
    copyInto(items.slice(from, Math.min(n, from + SLICE)).sort(compare), items, from);
    yield;
  }
  let src = items;
  let dst = new Array<T>(n);
  for (let width = SLICE; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      yield* mergeInto(src, lo, mid, hi, dst, compare);
    }
    [src, dst] = [dst, src];
  }
  if (src !== items) copyInto(src, items, 0);
  return items;
}

function copyInto<T>(src: readonly T[], dst: T[], at: number): void {
  for (let i = 0; i < src.length; i++) dst[at + i] = src[i];
}

function* mergeInto<T>(
  src: T[],
  lo: number,
  mid: number,
  hi: number,
  dst: T[],
  compare: (a: T, b: T) => number,
): Generator<void> {
  const at = { i: lo, j: mid, k: lo };
  while (at.k < hi) {
    mergeStep(src, mid, src, hi, dst, at, at.k + SLICE, compare);
    yield;
  }
}

/**
 * Merges a[at.i..aEnd) and b[at.j..bEnd) into out from at.k on, until `until` elements are out
 * or both runs are done (ties: `a` first). A plain function: V8 optimises loops there, not in a
 * generator that runs once.
 */
function mergeStep<T>(
  a: readonly T[],
  aEnd: number,
  b: readonly T[],
  bEnd: number,
  out: T[],
  at: { i: number; j: number; k: number },
  until: number,
  compare: (x: T, y: T) => number,
): void {
  let { i, j, k } = at;
  const stop = Math.min(until, k + (aEnd - i) + (bEnd - j));
  while (k < stop) out[k++] = j >= bEnd || (i < aEnd && compare(a[i], b[j]) <= 0) ? a[i++] : b[j++];
  at.i = i;
  at.j = j;
  at.k = k;
}

/** Runs a step generator to its end at once (tests, small changes). */
export function runToEnd<R>(steps: Generator<void, R>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

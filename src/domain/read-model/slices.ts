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
    const run = items.slice(from, Math.min(n, from + SLICE)).sort(compare);
    for (let i = 0; i < run.length; i++) items[from + i] = run[i];
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
  if (src !== items) for (let i = 0; i < n; i++) items[i] = src[i];
  return items;
}

function* mergeInto<T>(src: T[], lo: number, mid: number, hi: number, dst: T[], compare: (a: T, b: T) => number): Generator<void> {
  let i = lo;
  let j = mid;
  let k = lo;
  let budget = SLICE;
  while (k < hi) {
    dst[k++] = j >= hi || (i < mid && compare(src[i], src[j]) <= 0) ? src[i++] : src[j++];
    if (--budget === 0) {
      budget = SLICE;
      yield;
    }
  }
}

/** Merges two runs sorted by `compare` into a new array (ties: `a` first), in steps. */
export function* mergeSortedInSlices<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): Generator<void, T[]> {
  const out = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let budget = SLICE;
  while (i < a.length || j < b.length) {
    out[k++] = j >= b.length || (i < a.length && compare(a[i], b[j]) <= 0) ? a[i++] : b[j++];
    if (--budget === 0) {
      budget = SLICE;
      yield;
    }
  }
  return out;
}

/** Runs a step generator to its end at once (tests, small changes). */
export function runToEnd<R>(steps: Generator<void, R>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

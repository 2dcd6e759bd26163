// Array work in steps (lib/steps.ts): a pass over a few hundred thousand items held the event loop
// 50-250 ms (docs/domain/read-model.md#the-event-loop), so these yield every ARRAY_STEP items and
// the caller gives the loop a turn between slices. Each returns exactly what the one-shot
// operation returns.
import type { Steps } from './steps';

/** Items between two yields. */
export const ARRAY_STEP = 4_096;

/** Items between two yields when each builds a row or a text (a few microseconds each). */
export const ROW_STEP = 1_024;

/** Items sorted by the runtime's sort in one go (a few milliseconds); longer inputs are merged in steps. */
export const SORT_RUN = 8_192;

/** `items.map(fn)` in steps of `step` items. */
export function* mapSteps<T, U>(items: readonly T[], fn: (item: T, index: number) => U, step = ARRAY_STEP): Steps<U[]> {
  const out = new Array<U>(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = fn(items[i], i);
    if (i % step === step - 1) yield step;
  }
  return out;
}

/**
 * Hands `visit` the ranges [from, to) of `length` items, `step` at a time, yielding between them.
 * The loop over a range runs in `visit`, a plain function: V8 does not optimise a loop inside a
 * generator while it runs, and the first pass in a process runs cold
 * (docs/domain/read-model.md#what-a-change-re-allocates).
 */
export function* rangeSteps(length: number, step: number, visit: (from: number, to: number) => void): Steps<void> {
  for (let from = 0; from < length; from += step) {
    visit(from, Math.min(length, from + step));
    if (from + step < length) yield step;
  }
}

/**
 * A sorted copy of `items`, in steps: runs of SORT_RUN sorted by the runtime's (stable) sort, then
 * merged pairwise, the left item first on a tie. The result is the one a single stable sort gives,
 * so a comparator with a total order (ties broken by a unique key) gives the same result as any
 * sort. Two runs already in order are copied without comparing, two runs in strictly reverse order
 * are swapped, and a merge skips the head of the left run and the tail of the right run that are
 * already in place (binary search): the lists the reports sort are often in order or nearly so
 * (docs/domain/read-model.md#the-event-loop).
 */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const n = items.length;
  if (n <= SORT_RUN) return items.slice().sort(compare);
  let src = items.slice();
  for (let from = 0; from < n; from += SORT_RUN) {
    const run = src.slice(from, from + SORT_RUN).sort(compare);
    for (let k = 0; k < run.length; k++) src[from + k] = run[k];
    yield run.length;
  }
  let dst = new Array<T>(n);
  const merge: MergeState<T> = { src, dst, i: 0, mid: 0, j: 0, hi: 0, k: 0 };
  for (let width = SORT_RUN; width < n; width *= 2) {
    merge.src = src;
    merge.dst = dst;
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      if (mid === hi || compare(src[mid - 1], src[mid]) <= 0) {
        copyRange(src, lo, hi, dst, lo);
        continue;
      }
      if (compare(src[lo], src[hi - 1]) > 0) {
        // Every item on the right is strictly before every item on the left: the swap is stable.
        copyRange(src, mid, hi, dst, lo);
        copyRange(src, lo, mid, dst, lo + hi - mid);
        continue;
      }
      // The left run's items not after the right run's first stay first; the right run's items not
      // before the left run's last stay last.
      const i = firstAfter(src, lo, mid, src[mid], compare);
      const end = firstNotBefore(src, mid, hi, src[mid - 1], compare);
      copyRange(src, lo, i, dst, lo);
      copyRange(src, end, hi, dst, end);
      merge.i = i;
      merge.mid = mid;
      merge.j = mid;
      merge.hi = end;
      merge.k = i;
      while (mergeSome(merge, compare, ARRAY_STEP)) yield ARRAY_STEP;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

interface MergeState<T> {
  src: T[];
  dst: T[];
  /** Next item of the left run [i, mid) and of the right run [j, hi); next place in dst. */
  i: number;
  mid: number;
  j: number;
  hi: number;
  k: number;
}

/**
 * Merges up to `budget` items of the two runs (a plain function, so the runtime optimises the loop
 * as it does not a generator's); true while items remain. When one side has at most an eighth of
 * the other's items (a few records appended out of order to a long ordered list), each of its
 * items finds its place in the other side by binary search instead of one comparison per item.
 */
function mergeSome<T>(m: MergeState<T>, compare: (a: T, b: T) => number, budget: number): boolean {
  const { src, dst, mid, hi } = m;
  let { i, j, k } = m;
  const stop = k + budget;
  if (hi - j <= (mid - i) >>> 3) {
    while (j < hi && k < stop) {
      // Left items not after this right item stay before it (the left one first on a tie).
      const p = firstAfter(src, i, mid, src[j], compare);
      while (i < p) dst[k++] = src[i++];
      dst[k++] = src[j++];
    }
  } else if (mid - i <= (hi - j) >>> 3) {
    while (i < mid && k < stop) {
      // Right items strictly before this left item go first.
      const p = firstNotBefore(src, j, hi, src[i], compare);
      while (j < p) dst[k++] = src[j++];
      dst[k++] = src[i++];
    }
  } else {
    while (i < mid && j < hi && k < stop) dst[k++] = compare(src[i], src[j]) <= 0 ? src[i++] : src[j++];
  }
  if (i < mid && j < hi) {
    m.i = i;
    m.j = j;
    m.k = k;
    return true;
  }
  while (i < mid) dst[k++] = src[i++];
  while (j < hi) dst[k++] = src[j++];
  return false;
}

function copyRange<T>(from: T[], lo: number, hi: number, to: T[], at: number): void {
  for (let x = lo; x < hi; x++) to[at + x - lo] = from[x];
}

/** First index in sorted [lo, hi) whose item is after `v` (hi if none). */
function firstAfter<T>(a: T[], lo: number, hi: number, v: T, compare: (a: T, b: T) => number): number {
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (compare(a[m], v) <= 0) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** First index in sorted [lo, hi) whose item is not before `v` (hi if none). */
function firstNotBefore<T>(a: T[], lo: number, hi: number, v: T, compare: (a: T, b: T) => number): number {
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (compare(a[m], v) < 0) lo = m + 1;
    else hi = m;
  }
  return lo;
}

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
 * A sorted copy of `items`, in steps: runs of SORT_RUN sorted by the runtime's (stable) sort, then
 * merged pairwise, the left item first on a tie. The result is the one a single stable sort gives,
 * so a comparator with a total order (ties broken by a unique key) gives the same result as any
 * sort.
 */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const n = items.length;
  if (n <= SORT_RUN) return items.slice().sort(compare);
  let src = new Array<T>(n);
  for (let from = 0; from < n; from += SORT_RUN) {
    const run = items.slice(from, from + SORT_RUN).sort(compare);
    for (let k = 0; k < run.length; k++) src[from + k] = run[k];
    yield run.length;
  }
  let dst = new Array<T>(n);
  for (let width = SORT_RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      let done = 0;
      while (i < mid && j < hi) {
        dst[k++] = compare(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        if (++done === ARRAY_STEP) {
          done = 0;
          yield ARRAY_STEP;
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}

// Long parses (a 20 MB upload, a hostile one that inflates to hundreds of MB) are written as
// generators that yield after each chunk of work, with the amount of work done. The same code
// then runs to completion synchronously (tests, small inputs) or gives the event loop back
// between slices, so `/health` and every other request keep being answered while it runs.
// Pure JS: the edge runtimes have no worker threads to push the work to.

/** Work done since the last yield, in bytes (or any unit the budget is counted in). */
export type Steps<T> = Generator<number, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** One macrotask: timers and I/O (incoming requests) run before the promise resolves. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof globalThis.setImmediate === 'function') globalThis.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/**
 * Runs the steps, pausing once per `slice` units of work (a few milliseconds at most). A slice is counted in work, not in
 * time: Workers do not advance the clock during synchronous code.
 */
export async function runStepsAsync<T>(
  steps: Steps<T>,
  slice = 256 * 1024,
  pause: () => Promise<void> = yieldToEventLoop,
): Promise<T> {
  let budget = slice;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    budget -= r.value;
    if (budget <= 0) {
      await pause();
      budget = slice;
    }
  }
}

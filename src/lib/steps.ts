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
    } else {
      // Where the clock runs (Node), a slice that is slow per unit (a warm-up, a collection) ends early too.
      await giveWayIfHeld();
    }
  }
}

/**
 * Time since the event loop last had a turn (its check phase ran), measured by a marker
 * scheduled on each call. Async code whose awaits resolve without a real wait (the local libSQL
 * driver runs statements synchronously) holds the loop across them; such code asks this and
 * gives the loop back once it has held it long enough.
 */
class LoopTurns {
  #turnAt = 0;
  #armed = false;

  #arm(now: number): void {
    if (this.#armed) return;
    if (this.#turnAt === 0) this.#turnAt = now;
    this.#armed = true;
    globalThis.setImmediate(() => {
      this.#armed = false;
      this.#turnAt = performance.now();
    });
  }

  /**
   * Gives the loop a turn if it has been held for `budgetMs` or more. Node only: on Workers the
   * clock stands still during work, and a marker timer set by one request must not outlive it.
   */
  async giveWay(budgetMs: number): Promise<void> {
    if (typeof globalThis.setImmediate !== 'function') return;
    const now = performance.now();
    this.#arm(now);
    if (now - this.#turnAt >= budgetMs) await yieldToEventLoop();
  }
}

const turns = new LoopTurns();

/** Work between two turns of the loop in the helpers below: /health and small requests wait at most about this. */
export const LOOP_BUDGET_MS = 10;

/** Gives the event loop a turn when the current work has held it for LOOP_BUDGET_MS. */
export const giveWayIfHeld = (budgetMs = LOOP_BUDGET_MS): Promise<void> => turns.giveWay(budgetMs);

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
   * Gives the loop a turn if it has been held for `budgetMs` or more, or at once while connections
   * are arriving (then turns until they stop: `whileArriving`). Node only: on Workers the clock
   * stands still during work, and a marker timer set by one request must not outlive it.
   */
  async giveWay(budgetMs: number): Promise<void> {
    if (typeof globalThis.setImmediate !== 'function') return;
    const now = performance.now();
    this.#arm(now);
    if (arrivals.pending || now - this.#turnAt >= budgetMs) {
      await yieldToEventLoop();
      await whileArriving();
    }
  }
}

/**
 * New connections, noted by the Node entry. libuv accepts one connection per turn of the loop,
 * so under a burst of new connections every turn that also runs a slice of request work delays
 * the last connection (a health check among them) by that slice: 200 connections behind 3 ms
 * slices wait 0.6 s in the kernel's queue. Work therefore steps aside while a turn accepted a
 * connection: the burst is accepted (and /health answered) in turns of a fraction of a
 * millisecond, and the work goes on once the queue is empty (docs/domain/read-model.md#the-event-loop).
 */
class Arrivals {
  #thisTurn = false;

  /** Called on each accepted connection (in the poll phase of the turn that accepted it). */
  note(): void {
    if (this.#thisTurn) return;
    this.#thisTurn = true;
    // Runs after the work resumed in this turn's check phase (queued later), which sees the flag.
    globalThis.setImmediate(() => {
      this.#thisTurn = false;
    });
  }

  /** A connection was accepted in this turn of the loop: more may be waiting. */
  get pending(): boolean {
    return this.#thisTurn;
  }
}

const arrivals = new Arrivals();
const turns = new LoopTurns();

/** The longest work steps aside for a run of arrivals: a steady stream of connections must not starve it. */
const ARRIVALS_WAIT_MAX_MS = 250;

/** Notes an accepted connection (the Node entry calls this on each). */
export const noteConnection = (): void => arrivals.note();

/** Gives the loop turns while each one accepts a new connection, for at most ARRIVALS_WAIT_MAX_MS. */
export async function whileArriving(): Promise<void> {
  if (!arrivals.pending) return;
  const until = performance.now() + ARRIVALS_WAIT_MAX_MS;
  while (arrivals.pending && performance.now() < until) await yieldToEventLoop();
}

/** Work between two turns of the loop in the helpers below: /health and small requests wait at most about this. */
export const LOOP_BUDGET_MS = 10;

/** Gives the event loop a turn when the current work has held it for LOOP_BUDGET_MS. */
export const giveWayIfHeld = (budgetMs = LOOP_BUDGET_MS): Promise<void> => turns.giveWay(budgetMs);

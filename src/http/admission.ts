// Admission of request work (issue 13: /health must answer within 100 ms under 200 concurrent
// requests). The local database driver runs statements on this thread and the read model's views
// are computed on it too, so a burst of requests that all start their work in the same turn of
// the event loop holds it for the sum of their work, and /health (answered from memory) waits
// behind all of it. Here at most `concurrency` requests work at once, and waiting ones are let in
// at a turn of the loop, so the loop reads new requests (and answers /health) between them.
// Reads go first: they are answered from the same computed result per data version (a burst of
// them costs one computation), and a write waiting behind reads is let in after `maxWaitMs`.
import { whileArriving, yieldToEventLoop } from '../lib/steps';

interface Waiter {
  since: number;
  enter: () => void;
}

export interface Admission {
  /** Resolves when the caller may work; call the returned function when it is done. */
  enter(kind: 'read' | 'write'): Promise<() => void>;
  readonly waiting: number;
  readonly running: number;
}

export function createAdmission(opts: { concurrency: number; maxWaitMs: number; now?: () => number }): Admission {
  const now = opts.now ?? (() => performance.now());
  const reads: Waiter[] = [];
  const writes: Waiter[] = [];
  let running = 0;
  let pumping = false;

  const next = (): Waiter | undefined => {
    const oldWrite = writes.length > 0 && now() - writes[0].since >= opts.maxWaitMs;
    return oldWrite ? writes.shift() : (reads.shift() ?? writes.shift());
  };

  /** Lets waiters into the free places at the next turn, and more at the turns after. */
  function pump(): void {
    if (pumping) return;
    pumping = true;
    void yieldToEventLoop()
      .then(whileArriving)
      .then(() => {
        pumping = false;
        while (running < opts.concurrency) {
          const w = next();
          if (!w) return;
          running++;
          w.enter();
        }
      });
  }

  return {
    enter(kind) {
      let done = false;
      const leave = () => {
        if (done) return;
        done = true;
        running--;
        pump();
      };
      return new Promise((resolve) => {
        (kind === 'read' ? reads : writes).push({ since: now(), enter: () => resolve(leave) });
        pump();
      });
    },
    get waiting() {
      return reads.length + writes.length;
    },
    get running() {
      return running;
    },
  };
}

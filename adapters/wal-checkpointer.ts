// Checkpoints of the file adapter's WAL in a worker thread (docs/domain/data-safety.md#wal-checkpoints).
// The local driver runs every statement on the calling thread, and SQLite checkpoints at the
// commit that finds the WAL over its threshold (1,000 pages): copying the WAL into the database
// and two fsyncs, 50-90 ms at 200,000 lines, on the event loop, inside some user's write. Here a
// connection of its own in a worker thread copies the WAL back after commits (PASSIVE: it never
// waits for readers or the writer), so the writer's own threshold only stays as a backstop.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The writer's own checkpoint threshold (pages) while the worker runs: only if the worker falls behind. */
export const BACKSTOP_PAGES = 25_000;
/** At most one checkpoint per this long: each one is two fsyncs. */
const MIN_INTERVAL_MS = 250;
/** How long a clean close waits for the worker's last checkpoint. */
const CLOSE_WAIT_MS = 5_000;

// CommonJS, evaluated by the worker: the server is one bundled file, so the worker cannot be a
// module of its own; the driver is passed by its resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
// A checkpoint copies WAL frames straight into the file: the connection needs no page cache.
db.exec('PRAGMA cache_size = -64');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const row = checkpoint.get();
    parentPort.postMessage({ ok: true, log: Number(row.log), checkpointed: Number(row.checkpointed) });
  } catch (error) {
    // SQLITE_BUSY: another checkpoint (the backstop, the closing one) is running; the next one catches up.
    parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
  }
});
`;

export interface CheckpointStats {
  /** Checkpoints run by the worker. */
  runs: number;
  /** Checkpoints that failed (busy), or the worker's failure. */
  failures: number;
  /** Frames in the WAL at the last checkpoint, and how many of them it copied. */
  lastLog: number;
  lastCheckpointed: number;
}

export class WalCheckpointer {
  readonly stats: CheckpointStats = { runs: 0, failures: 0, lastLog: 0, lastCheckpointed: 0 };
  #worker: Worker | null = null;
  #broken = false;
  #closed = false;
  #running = false;
  #wanted = false;
  #lastAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idle: (() => void)[] = [];

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /** False once the worker failed: the writer then checkpoints at SQLite's own threshold again. */
  get working(): boolean {
    return !this.#broken;
  }

  /** A write transaction committed: the WAL has new frames to copy back. */
  committed(): void {
    if (this.#closed || this.#broken) return;
    this.#wanted = true;
    this.#next();
  }

  /** Resolves once no checkpoint is running or wanted (tests, and the close below). */
  settled(): Promise<void> {
    if (!this.#running && !this.#wanted) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops the worker after its running checkpoint, if any; the caller's closing checkpoint follows. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wanted = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const worker = this.#worker;
    if (!worker) {
      this.#settle();
      return;
    }
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CLOSE_WAIT_MS);
    });
    // Held now: a stopping process must wait for the worker (and the closing checkpoint after it).
    worker.ref();
    worker.postMessage('close');
    if ((await Promise.race([exited, timeout])) === 'timeout') await worker.terminate();
    clearTimeout(timer);
    this.#worker = null;
    this.#running = false;
    this.#settle();
  }

  #next(): void {
    if (this.#running || this.#timer || this.#closed || this.#broken) return;
    if (!this.#wanted) {
      this.#settle();
      return;
    }
    const wait = this.#lastAt + MIN_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#next();
      }, wait);
      this.#timer.unref();
      return;
    }
    this.#wanted = false;
    this.#running = true;
    this.#workerNow().postMessage('checkpoint');
  }

  #workerNow(): Worker {
    if (this.#worker) return this.#worker;
    const driver = createRequire(import.meta.url).resolve('libsql');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path: this.path, busyTimeoutMs: this.busyTimeoutMs },
      // It runs one statement: a small heap keeps its part of the process's memory at about 8 MB.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8, codeRangeSizeMb: 2, stackSizeMb: 1 },
    });
    // A checkpoint in flight must not keep a stopping process alive.
    worker.unref();
    worker.on('message', (m: { ok: boolean; log?: number; checkpointed?: number }) => {
      this.#running = false;
      this.#lastAt = performance.now();
      if (m.ok) {
        this.stats.runs++;
        this.stats.lastLog = m.log ?? 0;
        this.stats.lastCheckpointed = m.checkpointed ?? 0;
      } else {
        this.stats.failures++;
      }
      this.#next();
    });
    // The worker could not open the file (or died): the writer's backstop threshold keeps the
    // WAL bounded, as SQLite does without this.
    worker.on('error', () => {
      this.stats.failures++;
      this.#broken = true;
      this.#running = false;
      this.#worker = null;
      this.#settle();
    });
    this.#worker = worker;
    return worker;
  }

  #settle(): void {
    if (this.#running || (this.#wanted && !this.#closed && !this.#broken)) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

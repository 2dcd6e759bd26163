// Checkpoints of the file adapter's WAL off the event loop's thread
// (docs/domain/data-safety.md#wal-checkpoints). The local driver runs every statement on the
// calling thread, and SQLite checkpoints at the commit that finds the WAL over its threshold
// (1,000 pages): copying the WAL into the database and two fsyncs, 50-90 ms at 200,000 lines, on
// the event loop, inside some user's write. Here a connection of its own, on libSQL's
// asynchronous API (the statement runs on the driver's threads), copies the WAL back after
// commits (PASSIVE: it never waits for readers or the writer), so the writer's own threshold only
// stays as a backstop.
import AsyncDatabase from 'libsql/promise';

/** The writer's own checkpoint threshold (pages) while this runs: only if it falls behind. */
export const BACKSTOP_PAGES = 25_000;
/** At most one checkpoint per this long: each one is two fsyncs. */
const MIN_INTERVAL_MS = 250;

export interface CheckpointStats {
  /** Checkpoints run. */
  runs: number;
  /** Checkpoints that failed (busy: another checkpoint was running), or the connection's failure. */
  failures: number;
  /** Frames in the WAL at the last checkpoint, and how many of them it copied. */
  lastLog: number;
  lastCheckpointed: number;
}

interface Statement {
  all(args: unknown[]): Promise<{ log: number; checkpointed: number }[]>;
}

export class WalCheckpointer {
  readonly stats: CheckpointStats = { runs: 0, failures: 0, lastLog: 0, lastCheckpointed: 0 };
  #db: AsyncDatabase | null = null;
  #statement: Statement | null = null;
  #broken = false;
  #closed = false;
  #running: Promise<void> | null = null;
  #wanted = false;
  #lastAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idle: (() => void)[] = [];

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /** False once the connection failed: the writer then checkpoints at SQLite's own threshold again. */
  get working(): boolean {
    return !this.#broken;
  }

  /** A write transaction committed: the WAL has new frames to copy back. */
  committed(): void {
    if (this.#closed || this.#broken) return;
    this.#wanted = true;
    this.#next();
  }

  /** Resolves once no checkpoint is running or wanted. */
  settled(): Promise<void> {
    if (!this.#running && !this.#wanted) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops after the running checkpoint, if any; the caller's closing checkpoint follows. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wanted = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    this.#db?.close();
    this.#db = null;
    this.#settle();
  }

  #next(): void {
    if (this.#running || this.#timer) return;
    if (!this.#wanted || this.#closed || this.#broken) {
      this.#settle();
      return;
    }
    const wait = this.#lastAt + MIN_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#next();
      }, wait);
      // A pending checkpoint must not keep a stopping process alive.
      this.#timer.unref();
      return;
    }
    this.#wanted = false;
    this.#running = this.#checkpoint().finally(() => {
      this.#running = null;
      this.#lastAt = performance.now();
      this.#next();
    });
  }

  async #checkpoint(): Promise<void> {
    try {
      if (!this.#statement) {
        this.#db = new AsyncDatabase(this.path, { timeout: this.busyTimeoutMs });
        // A checkpoint copies WAL frames straight into the file: the connection needs no page cache.
        await this.#db.exec('PRAGMA cache_size = -64');
        this.#statement = (await this.#db.prepare('PRAGMA wal_checkpoint(PASSIVE)')) as Statement;
      }
    } catch {
      // The file cannot be opened a second time: SQLite's own checkpoints go on (see `working`).
      this.stats.failures++;
      this.#broken = true;
      this.#db?.close();
      this.#db = null;
      return;
    }
    try {
      const [row] = await this.#statement.all([]);
      this.stats.runs++;
      this.stats.lastLog = Number(row?.log ?? 0);
      this.stats.lastCheckpointed = Number(row?.checkpointed ?? 0);
    } catch {
      // SQLITE_BUSY: another checkpoint (the backstop, the closing one) is running; the next one catches up.
      this.stats.failures++;
    }
  }

  #settle(): void {
    if (this.#running || (this.#wanted && !this.#closed && !this.#broken)) return;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

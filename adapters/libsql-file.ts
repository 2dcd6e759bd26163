// Storage adapter: a local libSQL file (the Railway volume, or ./data.db). Node only.
//
// Two clients on the same file: a single-connection writer used only under the in-process write
// lock, and a small pool of readers. WAL lets readers run beside the writer; busy_timeout covers
// the rare cross-process contention (one writer process per file is the rule: 1 replica).
import { createClient, type Client, type InStatement, type Transaction } from '@libsql/client';
// The driver under @libsql/client: only it can open a file read-only (a SQLite URI), which the
// client's URL parser refuses.
import NativeDatabase from 'libsql';
// Its asynchronous API runs a statement on the driver's threads instead of the calling one.
import AsyncDatabase from 'libsql/promise';
import { drizzle } from 'drizzle-orm/libsql';
import { mkdirSync, statSync, existsSync, openSync, closeSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from '../src/db/schema';
import {
  storageFaultOf,
  type Db,
  type RowReader,
  type SqlExecutor,
  type StoragePort,
  type StorageDescription,
  type SnapshotResult,
} from '../src/storage';
import { FileWriter } from './file-writer';
import { fsyncAndRename } from './fsync';
import { DataVersionTracker, runReadTransaction, runWriteTransaction, WriteLock } from './shared';
import { BACKSTOP_PAGES, WalCheckpointer } from './wal-checkpointer';

export interface FileStorageOptions {
  /** Absolute or relative path of the database file. */
  path: string;
  /** Whether the file survives a redeploy (decided by the caller from the environment). */
  persistent: boolean;
  busyTimeoutMs?: number;
  /**
   * SQLite's `max_page_count` on the writer connection, so that SQLite itself reports
   * SQLITE_FULL past that size: how tests put the database on a "full volume". Never set in
   * production (src/node/test-hooks.ts reads it only under NODE_ENV=test).
   */
  maxPageCount?: number;
  /**
   * Awaited before each statement: the local driver runs statements synchronously on the calling
   * thread, so a long run of them (an import's inserts, the read model's reads) would hold the
   * event loop from its first to its last. The Node entry passes a function that gives the loop a
   * turn once the run has held it for a few milliseconds.
   */
  beforeStatement?: () => Promise<void>;
  /**
   * Checkpoints the WAL off this thread after commits instead of in the committing statement on
   * it (adapters/wal-checkpointer.ts). The Node entry sets it; tests that open many
   * storages leave it off.
   */
  checkpointOffThread?: boolean;
}

const fileUrl = (path: string) => `file:${path}`;

/**
 * The writer connection's page cache (SQLite's default is 2 MB). An import inserts into the
 * order tables' indexes all over them; at 200,000 lines the 2 MB cache missed so often that
 * inserting a new order cost about 12 us instead of 9 (docs/domain/imports.md#performance).
 */
const WRITER_CACHE_KIB = 16 * 1024;

export class FileStorageError extends Error {}

/** Raw reads over a database file opened read-only (see `readDatabaseFile`). */
export interface ReadOnlyFile {
  execute(sql: string, args?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs `fn` over the file at `path` opened strictly read-only, for start-up detection (operations
 * 2): no journal-mode change, no -wal/-shm, not a byte written, so a file the service then
 * refuses stays exactly as it was. Without a -wal beside it the file is opened `immutable` (SQLite
 * then creates nothing at all); with one (a crash, or another process using it) `mode=ro` reads
 * through the existing WAL. Throws a FileStorageError when the file is not a database or cannot be
 * read.
 */
export async function readDatabaseFile<T>(path: string, fn: (file: ReadOnlyFile) => Promise<T>): Promise<T> {
  const absolute = resolve(path);
  const mode = existsSync(`${absolute}-wal`) ? 'mode=ro' : 'immutable=1';
  let db: InstanceType<typeof NativeDatabase>;
  try {
    db = new NativeDatabase(`file:${encodeURI(absolute).replace(/[?#]/g, encodeURIComponent)}?${mode}`);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw unreadableFile(absolute, error);
  }
  try {
    return await fn({
      async execute(sql, args = []) {
        try {
          return { rows: db.prepare(sql).all(...args) as Record<string, unknown>[] };
        } catch (error) {
          throw unreadableFile(absolute, error);
        }
      },
    });
  } finally {
    db.close();
  }
}

function unreadableFile(path: string, error: unknown): FileStorageError {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code === 'SQLITE_NOTADB')
    return new FileStorageError(`The file ${path} is not a SQLite database (${(error as Error).message})`);
  return new FileStorageError(
    `The database file ${path} cannot be read by this process (uid ${process.getuid?.() ?? '?'}): ${(error as Error).message}`,
  );
}

/** Creates the parent folder and checks that it is writable; throws a FileStorageError if not. */
export function prepareDatabaseDirectory(path: string): void {
  const dir = dirname(resolve(path));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new FileStorageError(`Cannot create the database directory ${dir}: ${(error as Error).message}`);
  }
  const probe = resolve(dir, `.write-test-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, 'w'));
    rmSync(probe, { force: true });
  } catch (error) {
    throw new FileStorageError(
      `The database directory ${dir} is not writable by this process (uid ${process.getuid?.() ?? '?'}): ${(error as Error).message}. ` +
        'On Railway, volumes are mounted owned by root: set RAILWAY_RUN_UID=0 so the image entrypoint can hand the volume to the app user before dropping privileges.',
    );
  }
}

/**
 * SQLite opens a file it may not write read-only without a word, and the first sign-in would
 * fail. So a write is tried (and rolled back) now: a read-only file refuses the start, like a
 * read-only folder does.
 */
async function probeWrite(writer: FileWriter, path: string): Promise<void> {
  let tx: Transaction | null = null;
  try {
    tx = await writer.transaction('write');
    await tx.execute('CREATE TABLE "__write_probe" (x)');
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (/READONLY|CANTOPEN|PERM|AUTH/.test(code) || /readonly|read-only/i.test((error as Error).message)) {
      throw new FileStorageError(
        `The database file ${path} is read-only for this process (uid ${process.getuid?.() ?? '?'}): ${(error as Error).message}. ` +
          'Make the file (and its -wal/-shm files, if any) writable by the user the service runs as.',
      );
    }
    throw error;
  } finally {
    await tx?.rollback().catch(() => {});
    tx?.close();
  }
}

export async function openFileStorage(options: FileStorageOptions): Promise<StoragePort> {
  const path = resolve(options.path);
  prepareDatabaseDirectory(path);
  const timeout = options.busyTimeoutMs ?? 5000;

  // `timeout` is libsql's busy timeout in ms, applied to every connection. The writer keeps its
  // statements prepared (adapters/file-writer.ts).
  const openWriter = () => new FileWriter(path, { timeout });
  let writer: FileWriter = openWriter();
  // Read transactions give the loop turns between their statements (beforeStatement), so several
  // are open at once (the model's refresh, a closed set per admitted request, an export): each
  // holds a connection of the pool for its lifetime, and a transaction finding every connection
  // held by transactions fails. Twelve leaves room beside them for the short reads (/health).
  const reader: Client = createClient({ url: fileUrl(path), concurrency: 12, timeout });
  try {
    await writer.execute('PRAGMA journal_mode = WAL');
    await writer.execute('PRAGMA synchronous = NORMAL');
    await probeWrite(writer, path);
  } catch (error) {
    reader.close();
    writer.close();
    throw error;
  }

  const lock = new WriteLock();
  const pace = options.beforeStatement;
  const checkpointer = options.checkpointOffThread ? new WalCheckpointer(path, timeout) : null;
  const bulk = bulkReads(path, timeout);
  const toDb = (tx: Transaction) => drizzle(tx as unknown as Client, { schema });
  const versions = new DataVersionTracker();
  const kept = new KeptReads(path, timeout);
  const readDb = drizzle(paced(reader, pace), { schema });
  // Read transactions still open when the storage closes are rolled back first: an open one pins
  // the WAL (a closed connection with live statements lingers), and the closing checkpoint would
  // then leave the committed rows outside the .db file.
  const openReads = new Set<Transaction>();
  const pacedSource = (client: () => Pick<Client, 'transaction'>) => ({
    transaction: async (mode: 'write' | 'read') => {
      const tx = await client().transaction(mode);
      if (mode === 'read') {
        openReads.add(tx);
        const close = tx.close.bind(tx);
        tx.close = () => {
          openReads.delete(tx);
          close();
        };
      }
      return paced(tx, pace);
    },
  });
  let closed = false;

  // libsql turns foreign keys on by default; re-assert it on the writer's connection so that
  // a reconnect after an error can never silently run without them.
  // One call for all of them: as separate statements they were four prepares and runs ahead of
  // every write (about 2 % of the main thread's work in a 200-request burst).
  const prepareWriter = async () => {
    const pragmas = [
      'PRAGMA foreign_keys = ON',
      'PRAGMA synchronous = NORMAL',
      `PRAGMA cache_size = -${WRITER_CACHE_KIB}`,
      // SQLite's default threshold, unless the checkpointer runs (then only a backstop).
      `PRAGMA wal_autocheckpoint = ${checkpointer?.working ? BACKSTOP_PAGES : 1000}`,
    ];
    if (options.maxPageCount) pragmas.push(`PRAGMA max_page_count = ${Math.floor(options.maxPageCount)}`);
    await writer.executeMultiple(`${pragmas.join(';\n')};`);
  };

  // A statement the driver gave up on (SQLITE_BUSY while another process held the lock, say)
  // can stay active on its connection, and every later COMMIT there then fails with "SQL
  // statements in progress". After such a fault the writer starts on a fresh connection.
  const afterDriverFault = (error: unknown): never => {
    if (storageFaultOf(error)) {
      const stale = writer;
      writer = openWriter();
      stale.close();
    }
    throw error;
  };

  const storage: StoragePort = {
    kind: 'file',
    db: readDb,

    transaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T> {
      return lock.run(async () => {
        await prepareWriter();
        const result = await runWriteTransaction(
          pacedSource(() => writer),
          toDb,
          versions,
          fn,
        ).catch(afterDriverFault);
        checkpointer?.committed();
        return result;
      });
    },

    readTransaction: (fn) =>
      runReadTransaction(
        pacedSource(() => reader),
        toDb,
        fn,
      ),

    bulkReadTransaction: (fn) => bulk.run(fn),

    batch(statements) {
      return lock.run(async () => {
        await prepareWriter();
        const results = await writer.batch(statements as InStatement[], 'write').catch(afterDriverFault);
        // After the commit, never before: a reader must not see the new version with old data.
        await versions.bump(writer);
        checkpointer?.committed();
        return results;
      });
    },

    dataVersion(sql) {
      if (sql) return versions.read(sql);
      return Promise.resolve(kept.version() ?? versions.read(reader));
    },

    async execute(sql, args = []) {
      await pace?.();
      return reader.execute({ sql, args });
    },

    async readKeptRow(sql, args) {
      await pace?.();
      return kept.row(sql, args);
    },

    changeMark: () => kept.changeMark(),

    async describe(): Promise<StorageDescription> {
      const size = (p: string) => (existsSync(p) ? statSync(p).size : null);
      const journal = await reader.execute('PRAGMA journal_mode');
      return {
        kind: 'file',
        location: path,
        persistent: options.persistent,
        sizeBytes: size(path),
        modifiedAt: existsSync(path) ? statSync(path).mtime.toISOString() : null,
        walBytes: size(`${path}-wal`),
        journalMode: String(journal.rows[0]?.journal_mode ?? ''),
      };
    },

    async snapshot(opts): Promise<SnapshotResult> {
      if (!opts?.path) throw new Error('The file adapter needs a destination path for a snapshot');
      const target = resolve(opts.path);
      const temp = `${target}.tmp`;
      mkdirSync(dirname(target), { recursive: true });
      rmSync(temp, { force: true });
      try {
        // VACUUM INTO writes a consistent, compacted copy without copying the live file. It only
        // reads, so it runs on a reader connection and never blocks writers.
        await reader.execute({ sql: 'VACUUM INTO ?', args: [temp] });
        const check = createClient({ url: fileUrl(temp) });
        try {
          const rs = await check.execute('PRAGMA quick_check');
          const verdict = String(rs.rows[0]?.[0] ?? rs.rows[0]?.quick_check ?? '');
          if (verdict !== 'ok') throw new Error(`quick_check of the snapshot said: ${verdict}`);
        } finally {
          check.close();
        }
        fsyncAndRename(temp, target);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
      return { format: 'sqlite', path: target, sizeBytes: statSync(target).size };
    },

    async close() {
      if (closed) return;
      closed = true;
      await lock.run(async () => {
        // The readers go first: a read transaction still open (the boot's warm-up, a slow export)
        // would pin the WAL, and the checkpoint would leave it full instead of empty.
        for (const tx of openReads) tx.close();
        await bulk.close();
        kept.close();
        reader.close();
        await checkpointer?.close();
        try {
          await writer.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        } finally {
          writer.close();
        }
      });
    },
  };
  return storage;
}

/**
 * Read transactions on connections of libSQL's asynchronous API (`bulkReadTransaction`): a
 * statement runs on the driver's threads and the event loop is free meanwhile, so the read model
 * has its next piece of rows read while it applies the last (docs/domain/read-model.md#the-event-loop).
 * The statements of a transaction run one after the other, in the order asked. Connections are
 * opened on first use, read-only, and kept for the next transaction (two at most).
 */
const BULK_CACHE_KIB = 1024;

interface AsyncStatement {
  raw(on: boolean): AsyncStatement;
  all(args: unknown[]): Promise<unknown>;
}

/** One bulk read transaction: its connection and the chain of its statements. */
interface BulkTransaction {
  db: AsyncDatabase;
  /** Settles when every statement asked for so far has ended. */
  queue: Promise<unknown>;
  ended: boolean;
}

function bulkReads(path: string, timeout: number) {
  const idle: AsyncDatabase[] = [];
  const open = new Set<BulkTransaction>();
  let closing: Promise<void> | null = null;
  /** Statements kept prepared per connection: a piece is read by the same text each time. */
  const statements = new WeakMap<AsyncDatabase, Map<string, AsyncStatement>>();

  async function connect(): Promise<AsyncDatabase> {
    const db = new AsyncDatabase(path, { timeout });
    try {
      await db.exec('PRAGMA query_only = ON');
      // Bulk reads go through the tables once; the OS keeps the file's pages, and memory is tight.
      await db.exec(`PRAGMA cache_size = -${BULK_CACHE_KIB}`);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  async function prepared(db: AsyncDatabase, sql: string): Promise<AsyncStatement> {
    let kept = statements.get(db);
    if (!kept) statements.set(db, (kept = new Map()));
    let stmt = kept.get(sql);
    if (!stmt) {
      stmt = ((await db.prepare(sql)) as AsyncStatement).raw(true);
      if (kept.size >= 32) kept.clear();
      kept.set(sql, stmt);
    }
    return stmt;
  }

  /** Ends the transaction once its statements have: rolled back (it only read), its connection kept or closed. */
  async function end(tx: BulkTransaction, keep: boolean): Promise<void> {
    if (tx.ended) return;
    tx.ended = true;
    await tx.queue;
    open.delete(tx);
    try {
      await tx.db.exec('ROLLBACK');
    } catch {
      keep = false;
    }
    if (keep && !closing && idle.length < 2) idle.push(tx.db);
    else tx.db.close();
  }

  async function run<T>(fn: (read: RowReader) => Promise<T>): Promise<T> {
    if (closing) throw new Error('The storage is closed');
    const db = idle.pop() ?? (await connect());
    // Deferred: the transaction sees the data as of its first read.
    const tx: BulkTransaction = { db, queue: db.exec('BEGIN'), ended: false };
    open.add(tx);
    const read: RowReader = {
      rows(sql, args = []) {
        if (tx.ended) return Promise.reject(new Error('The read transaction has ended'));
        const result = tx.queue.then(async () => (await prepared(db, sql)).all(args) as Promise<unknown[][]>);
        tx.queue = result.catch(() => {});
        return result;
      },
    };
    let ok = false;
    try {
      await tx.queue;
      const value = await fn(read);
      ok = true;
      return value;
    } finally {
      // A statement asked for and not awaited (a piece read ahead and not taken) ends first.
      await end(tx, ok);
    }
  }

  /**
   * Closes the idle connections, and ends the open transactions after their current statement:
   * an open read transaction pins the WAL, and the closing checkpoint must find it free.
   */
  function close(): Promise<void> {
    closing ??= (async () => {
      for (const db of idle.splice(0)) db.close();
      await Promise.all([...open].map((tx) => end(tx, false)));
    })();
    return closing;
  }

  return { run, close };
}

/**
 * Reads asked on every request, through statements prepared once on a connection of its own that
 * never writes. The committed data version: every dashboard and orders read takes it on arrival,
 * before admission (110 of a 200-request burst), and through the client each read prepared the
 * statement again and built a result set, the largest SQLite cost of the burst's arrival
 * (docs/domain/read-model.md#the-event-loop). The session lookup of every signed-in request
 * (`readKeptRow`), and SQLite's `PRAGMA data_version`, which on this connection moves whenever any
 * other connection or process commits (`changeMark`, docs/domain/auth.md#sessions). Outside a
 * transaction each step reads the newest commit, of this process or another, like the client's
 * read. `version()` and `changeMark()` give null when they cannot answer (no data_version table
 * yet, a fault): the caller then reads through the client, or does without.
 */
class KeptReads {
  #db: InstanceType<typeof NativeDatabase> | null = null;
  #statements = new Map<string, KeptStatement>();
  #closed = false;

  constructor(
    private readonly path: string,
    private readonly timeoutMs: number,
  ) {}

  version(): number | null {
    const row = this.#first('SELECT version FROM data_version WHERE id = 1');
    return row === null ? null : Number(row[0] ?? 0);
  }

  changeMark(): number | null {
    const row = this.#first('PRAGMA data_version');
    return row === null ? null : Number(row[0]);
  }

  /**
   * The first row as an array (one native call: `all` builds an iterator and a buffer of 100
   * rows); throws what SQLite threw (the statement is prepared again next time).
   */
  row(sql: string, args: unknown[]): unknown[] | undefined {
    if (this.#closed) throw new Error('The storage is closed');
    try {
      return this.#statement(sql).get(args) as unknown[] | undefined;
    } catch (error) {
      this.#statements.delete(sql);
      throw error;
    }
  }

  #first(sql: string): unknown[] | null {
    if (this.#closed) return null;
    try {
      return (this.#statement(sql).get([]) as unknown[] | undefined) ?? [];
    } catch {
      // Prepared again next time: the table may be created by a migration meanwhile.
      this.#statements.delete(sql);
      return null;
    }
  }

  #statement(sql: string): KeptStatement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      this.#db ??= new NativeDatabase(this.path, { timeout: this.timeoutMs });
      stmt = (this.#db.prepare(sql) as unknown as KeptStatement).raw(true);
      // A few fixed texts are kept; anything more is a caller's mistake, not a reason to grow.
      if (this.#statements.size >= 16) this.#statements.clear();
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  close(): void {
    this.#closed = true;
    this.#statements.clear();
    this.#db?.close();
    this.#db = null;
  }
}

interface KeptStatement {
  raw(on: boolean): KeptStatement;
  get(args: unknown[]): unknown;
}

/**
 * `target` with `before` awaited ahead of each execute and batch (the other members as they are,
 * bound to it: the client keeps private state).
 */
function paced<T extends object>(target: T, before: (() => Promise<void>) | undefined): T {
  if (!before) return target;
  return new Proxy(target, {
    get(t, key) {
      const value = Reflect.get(t, key, t) as unknown;
      if (typeof value !== 'function') return value;
      if (key === 'execute' || key === 'batch')
        return async (...args: unknown[]) => {
          await before();
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      return (value as (...a: unknown[]) => unknown).bind(t);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The one-writer rule (docs/domain/data-safety.md#one-writer): a file has one writer process. The
// process that writes holds the `writer` row of `leases`, renewed every few seconds on a connection
// of its own (so a renewal never bumps the data version or waits for the in-process write lock); a
// second process on the same file refuses to start, naming the holder. A holder that died stops
// renewing: on the same host a dead pid frees the lease at once, elsewhere it expires after
// WRITER_LEASE_TTL_MS.

export const WRITER_LEASE = 'writer';
export const WRITER_LEASE_TTL_MS = 10_000;
const WRITER_LEASE_RENEW_MS = 2_000;

export interface WriterIdentity {
  pid: number;
  host: string;
  /** Unique per process start, so a restarted process never mistakes the old lease for its own. */
  id: string;
}

export interface WriterLeaseRow {
  holder: string;
  expiresAt: number;
  acquiredAt: number;
}

export interface WriterLeaseHolder {
  pid: number | null;
  host: string | null;
  /** When the holder took the lease (epoch ms). */
  since: number;
  expiresAt: number;
}

export function describeHolder(row: WriterLeaseRow): WriterLeaseHolder {
  let parsed: Partial<WriterIdentity> = {};
  try {
    parsed = JSON.parse(row.holder) as Partial<WriterIdentity>;
  } catch {
    // Not ours: another job's holder text.
  }
  return {
    pid: typeof parsed.pid === 'number' ? parsed.pid : null,
    host: typeof parsed.host === 'string' ? parsed.host : null,
    since: row.acquiredAt,
    expiresAt: row.expiresAt,
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `row` keeps `me` from writing: another process holds it, it is fresh, and that process
 * is not known to be gone (on this host: its pid is dead, or it is our own pid - a restarted
 * container reuses it).
 */
export function writerLeaseBlocks(
  row: WriterLeaseRow | null,
  me: WriterIdentity,
  now: number,
): WriterLeaseHolder | null {
  if (!row) return null;
  const holder = describeHolder(row);
  let id: string | undefined;
  try {
    id = (JSON.parse(row.holder) as Partial<WriterIdentity>).id;
  } catch {
    id = undefined;
  }
  if (id === me.id) return null;
  if (row.expiresAt <= now) return null;
  if (holder.host === me.host && holder.pid !== null && (holder.pid === me.pid || !pidAlive(holder.pid))) return null;
  return holder;
}

export interface WriterLease {
  /** Stops renewing and gives the lease up (the next process may start at once). */
  release(): Promise<void>;
}

export type ClaimOutcome = { ok: true; lease: WriterLease } | { ok: false; holder: WriterLeaseHolder };

/**
 * Takes the writer lease of the file at `path` in one IMMEDIATE transaction (so two processes
 * starting together cannot both get it), then renews it until released. `onLost` is called when
 * a renewal finds another holder in its place; `onRenewError` when a renewal fails (a full
 * volume, say: the lease is then kept as long as it lasts, and retried).
 */
export async function claimWriterLease(
  path: string,
  me: WriterIdentity,
  opts: {
    now?: () => number;
    onLost?: (holder: WriterLeaseHolder | null) => void;
    onRenewError?: (error: unknown) => void;
    busyTimeoutMs?: number;
  } = {},
): Promise<ClaimOutcome> {
  const now = opts.now ?? Date.now;
  // The driver's busy wait blocks the whole thread: a renewal that waited for this process's own
  // long transaction would stall that very transaction. So renewals never wait (busy: skipped,
  // retried at the next tick); only the claim at start-up waits for another process's write.
  const claimClient = createClient({ url: fileUrl(resolve(path)), timeout: opts.busyTimeoutMs ?? 5000 });
  const openRenewer = () => createClient({ url: fileUrl(resolve(path)), timeout: 0 });
  let client = openRenewer();
  const holder = JSON.stringify(me);
  const read = async (ex: Pick<Client, 'execute'>): Promise<WriterLeaseRow | null> => {
    const rs = await ex.execute({
      sql: 'SELECT holder, expires_at, acquired_at FROM leases WHERE name = ?',
      args: [WRITER_LEASE],
    });
    const r = rs.rows[0];
    return r ? { holder: String(r.holder), expiresAt: Number(r.expires_at), acquiredAt: Number(r.acquired_at) } : null;
  };
  try {
    const tx = await claimClient.transaction('write');
    try {
      const t = now();
      const blocking = writerLeaseBlocks(await read(tx), me, t);
      if (blocking) {
        await tx.rollback();
        client.close();
        return { ok: false, holder: blocking };
      }
      await tx.execute({
        sql: `INSERT INTO leases (name, holder, expires_at, acquired_at) VALUES (?, ?, ?, ?)
              ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, acquired_at = excluded.acquired_at`,
        args: [WRITER_LEASE, holder, t + WRITER_LEASE_TTL_MS, t],
      });
      await tx.commit();
    } finally {
      tx.close();
    }
  } catch (error) {
    client.close();
    throw error;
  } finally {
    claimClient.close();
  }

  let stopped = false;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      const rs = await client.execute({
        sql: 'UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?',
        args: [now() + WRITER_LEASE_TTL_MS, WRITER_LEASE, holder],
      });
      if (rs.rowsAffected === 0 && !stopped) {
        stopped = true;
        clearInterval(timer);
        const row = await read(client).catch(() => null);
        opts.onLost?.(row ? describeHolder(row) : null);
      }
    } catch (error) {
      // A statement the driver gave up on stays active and keeps a read snapshot open (the final
      // checkpoint would then wait on it): start again on a fresh connection.
      client.close();
      client = openRenewer();
      // Busy is this process's own long write: the lease outlives a few skipped rounds.
      if (!stopped && storageFaultOf(error) !== 'busy') opts.onRenewError?.(error);
    }
  };
  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, WRITER_LEASE_RENEW_MS);
  timer.unref();

  return {
    ok: true,
    lease: {
      async release() {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        await renewing;
        try {
          await client.execute({
            sql: 'DELETE FROM leases WHERE name = ? AND holder = ?',
            args: [WRITER_LEASE, holder],
          });
        } catch {
          // Not released (a full volume): it expires on its own, and this host sees the pid gone.
        } finally {
          client.close();
        }
      },
    },
  };
}

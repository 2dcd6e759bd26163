// The storage port: what services and entry points may rely on, whatever the back-end.
// Two adapters meet it (adapters/libsql-file.ts, adapters/libsql-remote.ts); a new back-end is
// a new adapter file and nothing else changes.
import type { ResultSet, Client, Transaction } from '@libsql/client';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './db/schema';

/** A drizzle database over the schema: the same query code runs on both adapters. */
export type Db = BaseSQLiteDatabase<'async', ResultSet, typeof schema>;

/**
 * Reads outside a transaction. Writes must go through `transaction()` so that they are
 * serialised: on the file adapter a write on the read connection would race the write lock.
 */
export type ReadDb = Pick<Db, 'select' | 'selectDistinct' | '$count' | 'all' | 'get' | 'values' | 'query'>;

/** The raw SQL surface shared by libSQL clients and their transactions. */
export type SqlExecutor = Pick<Client, 'execute' | 'batch'>;

export interface StorageDescription {
  kind: 'file' | 'remote';
  /** Absolute path, or the URL without query string or token. */
  location: string;
  persistent: boolean;
  sizeBytes?: number | null;
  modifiedAt?: string | null;
  walBytes?: number | null;
  journalMode?: string | null;
}

export type SnapshotResult =
  | { format: 'sqlite'; path: string; sizeBytes: number }
  | { format: 'ndjson'; bytes: Uint8Array; sizeBytes: number };

export interface StoragePort {
  readonly kind: 'file' | 'remote';
  /** Reads (committed data only). */
  readonly db: ReadDb;
  /**
   * Serialised write transaction: one writer at a time in this process (file adapter: plus
   * WAL and busy_timeout, so no user ever sees SQLITE_BUSY). Rolls back when `fn` throws.
   * `sql` is the same transaction as raw statements, for bulk work (restore, clear counts)
   * where building drizzle objects per bound value would only cost time.
   */
  transaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T>;
  /** A read transaction: every query inside sees one instant (exports, backups). */
  readTransaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T>;
  /** Atomic batch of raw statements under the write lock (migrations). */
  batch(statements: { sql: string; args?: unknown[] }[]): Promise<ResultSet[]>;
  /** Raw read query (status counts, migration state). */
  execute(sql: string, args?: unknown[]): Promise<ResultSet>;
  /**
   * A number that changes whenever any write transaction commits (in any process), so derived
   * results can be cached per version. 0 before the schema exists.
   */
  dataVersion(): Promise<number>;
  describe(): Promise<StorageDescription>;
  /**
   * A consistent copy for backups: `sqlite` via VACUUM INTO (file adapter, written to `path`
   * atomically) or a gzipped NDJSON logical export (remote adapter).
   */
  snapshot(opts?: { path?: string }): Promise<SnapshotResult>;
  /** Checkpoint and close. Waits for the write in progress, if any. */
  close(): Promise<void>;
}

/** A FIFO async mutex: the in-process write lock both adapters use. */
export class WriteLock {
  #tail: Promise<void> = Promise.resolve();
  #held = 0;

  get busy(): boolean {
    return this.#held > 0;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    this.#held++;
    try {
      await previous;
      return await fn();
    } finally {
      this.#held--;
      release();
    }
  }
}

/**
 * Bumps the shared data version inside a write transaction. Before migrations have created the
 * table there is nothing to bump; once it exists, it always does.
 */
export class DataVersionTracker {
  #tableExists = false;

  async bump(sql: SqlExecutor): Promise<void> {
    if (!this.#tableExists) {
      const rs = await sql.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_version'");
      if (rs.rows.length === 0) return;
      this.#tableExists = true;
    }
    await sql.execute(
      'INSERT INTO data_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = version + 1',
    );
  }

  async read(sql: Pick<SqlExecutor, 'execute'>): Promise<number> {
    try {
      const rs = await sql.execute('SELECT version FROM data_version WHERE id = 1');
      return Number(rs.rows[0]?.version ?? 0);
    } catch {
      return 0;
    }
  }
}

type TransactionSource = { transaction(mode: 'write' | 'read'): Promise<Transaction> };

/**
 * Runs `fn` in a libSQL write transaction on `source` with a drizzle view of it (`toDb` comes
 * from the adapter: the node and web drizzle drivers differ), bumps the data version, commits,
 * or rolls back when `fn` throws. The caller holds the write lock.
 */
export async function runWriteTransaction<T>(
  source: TransactionSource,
  toDb: (tx: Transaction) => Db,
  versions: DataVersionTracker,
  fn: (tx: Db, sql: SqlExecutor) => Promise<T>,
): Promise<T> {
  const tx = await source.transaction('write');
  try {
    const result = await fn(toDb(tx), tx);
    await versions.bump(tx);
    await tx.commit();
    return result;
  } catch (error) {
    await tx.rollback().catch(() => {});
    throw error;
  } finally {
    tx.close();
  }
}

/** A read transaction: one consistent snapshot for every query `fn` makes. */
export async function runReadTransaction<T>(
  source: TransactionSource,
  toDb: (tx: Transaction) => Db,
  fn: (tx: Db, sql: SqlExecutor) => Promise<T>,
): Promise<T> {
  const tx = await source.transaction('read');
  try {
    const result = await fn(toDb(tx), tx);
    await tx.commit();
    return result;
  } finally {
    tx.close();
  }
}

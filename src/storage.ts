// The storage port: what services and entry points may rely on, whatever the back-end.
// Two adapters meet it (adapters/libsql-file.ts, adapters/libsql-remote.ts); a new back-end is
// a new adapter file and nothing else changes. The port owns its types: no driver type leaves
// an adapter, so nothing above it can reach past the port to a client.
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './db/schema';

/** A value bound to a `?` of a statement. */
export type SqlValue = null | string | number | bigint | boolean | Uint8Array | ArrayBuffer;

export interface SqlStatement {
  sql: string;
  args?: SqlValue[];
}

/** One result row: by column name and by position. */
export interface SqlRow {
  readonly length: number;
  readonly [index: number]: unknown;
  readonly [column: string]: unknown;
}

export interface SqlResult {
  rows: SqlRow[];
  columns: string[];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

/** Raw statements on one connection or transaction (what `transaction((tx, sql) => ...)` hands over). */
export interface SqlExecutor {
  execute(statement: string | SqlStatement): Promise<SqlResult>;
  batch(statements: SqlStatement[], mode?: 'write' | 'read' | 'deferred'): Promise<SqlResult[]>;
}

/** Raw reads whose rows come back as arrays of column values, in column order. */
export interface RowReader {
  rows(sql: string, args?: SqlValue[]): Promise<unknown[][]>;
}

/** A drizzle database over the schema: the same query code runs on both adapters. */
export type Db = BaseSQLiteDatabase<'async', SqlResult, typeof schema>;

/**
 * Reads outside a transaction. Writes must go through `transaction()` so that they are
 * serialised: on the file adapter a write on the read connection would race the write lock.
 */
export type ReadDb = Pick<Db, 'select' | 'selectDistinct' | '$count' | 'all' | 'get' | 'values' | 'query'>;

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
   * `sql` is the same transaction as raw statements, for bulk work (imports, restore, legacy
   * conversion) where building drizzle objects per bound value would only cost time.
   */
  transaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T>;
  /** A read transaction: every query inside sees one instant (exports, backups). */
  readTransaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * A read transaction for bulk raw reads whose statements run off the JavaScript thread, so a
   * caller can have its next piece read while it works on the last (the read model:
   * docs/domain/read-model.md#the-event-loop). Only where a statement would otherwise run on this
   * thread (the file adapter); elsewhere statements already wait on the network, and callers use
   * `readTransaction`.
   */
  bulkReadTransaction?<T>(fn: (read: RowReader) => Promise<T>): Promise<T>;
  /** Atomic batch of raw statements under the write lock (migrations). */
  batch(statements: SqlStatement[]): Promise<SqlResult[]>;
  /** Raw read query (status counts, migration state). */
  execute(sql: string, args?: SqlValue[]): Promise<SqlResult>;
  /**
   * The first row (as an array of column values, in column order) of a raw read of one of a few
   * fixed texts asked on every request (the session lookup). The file adapter keeps the statement
   * prepared on a connection of its own instead of preparing it again per call
   * (docs/domain/auth.md#sessions).
   */
  readKeptRow(sql: string, args: SqlValue[]): Promise<unknown[] | undefined>;
  /**
   * Where it costs next to nothing to ask (a local file: SQLite's `PRAGMA data_version` on a
   * connection that never writes), a number that differs from the last one it gave as soon as
   * anything was committed to the database by any connection or process since; null when it
   * cannot tell. Absent where each read would be a round trip (remote). A result read while the
   * mark stayed the same is still exact while the mark has not moved (docs/domain/auth.md#sessions).
   */
  changeMark?(): number | null;
  /**
   * A number that changes whenever any write transaction commits (in any process), so derived
   * results can be cached per version. 0 before the schema exists. With `sql` (a transaction's
   * executor): the version as that transaction sees it.
   */
  dataVersion(sql?: SqlExecutor): Promise<number>;
  describe(): Promise<StorageDescription>;
  /**
   * A consistent copy for backups: `sqlite` via VACUUM INTO (file adapter, written to `path`
   * atomically) or a gzipped NDJSON logical export (remote adapter).
   */
  snapshot(opts?: { path?: string }): Promise<SnapshotResult>;
  /** Checkpoint and close. Waits for the write in progress, if any. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Faults every back-end reports the same way: the codes come from SQLite (through the libSQL
// drivers, often wrapped by drizzle) or from Node's file system (ENOSPC).

export type StorageFault = 'full' | 'busy' | 'read_only';

const FULL = /SQLITE_FULL|ENOSPC|database or disk is full|no space left on device/i;
// "cannot commit transaction - SQL statements in progress" is SQLite's SQLITE_BUSY text too.
const BUSY =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|database schema is locked|SQL statements in progress/i;
const READ_ONLY = /SQLITE_READONLY|attempt to write a readonly database/i;

/** The storage fault behind an error (its cause chain is searched: drizzle wraps driver errors). */
export function storageFaultOf(error: unknown): StorageFault | null {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const text = `${String(current.code ?? '')} ${String(current.message ?? '')}`;
    if (FULL.test(text)) return 'full';
    if (BUSY.test(text)) return 'busy';
    if (READ_ONLY.test(text)) return 'read_only';
    current = current.cause as typeof current;
  }
  return null;
}

/**
 * The driver's own words with its code (`SQLITE_FULL: database or disk is full`), without
 * drizzle's "Failed query: <sql> params: <values>" wrapper: bound values never reach a log.
 */
export function rootCauseMessage(error: unknown): string {
  let current = error as { message?: string; code?: unknown; cause?: unknown } | undefined;
  let code: string | null = null;
  for (;;) {
    if (!code && typeof current?.code === 'string' && /^(SQLITE_|E[A-Z]+$)/.test(current.code)) code = current.code;
    if (!(current?.cause instanceof Error)) break;
    current = current.cause as typeof current;
  }
  const message = String(current?.message ?? error).split('\n')[0];
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

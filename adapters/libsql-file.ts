// Storage adapter: a local libSQL file (the Railway volume, or ./data.db). Node only.
//
// Two clients on the same file: a single-connection writer used only under the in-process write
// lock, and a small pool of readers. WAL lets readers run beside the writer; busy_timeout covers
// the rare cross-process contention (one writer process per file is the rule: 1 replica).
import { createClient, type Client, type InStatement, type Transaction } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { mkdirSync, statSync, existsSync, openSync, closeSync, rmSync } from 'node:fs';
import { fsyncAndRename } from '../src/node/fsync';
import { dirname, resolve } from 'node:path';
import * as schema from '../src/db/schema';
import { WriteLock, DataVersionTracker, runReadTransaction, runWriteTransaction, type Db, type SqlExecutor, type StoragePort, type StorageDescription, type SnapshotResult } from '../src/storage';

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
}

const fileUrl = (path: string) => `file:${path}`;

export class FileStorageError extends Error {}

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

export async function openFileStorage(options: FileStorageOptions): Promise<StoragePort> {
  const path = resolve(options.path);
  prepareDatabaseDirectory(path);
  const timeout = options.busyTimeoutMs ?? 5000;

  // `timeout` is libsql's busy timeout in ms, applied to every pooled connection.
  const writer: Client = createClient({ url: fileUrl(path), concurrency: 1, timeout });
  const reader: Client = createClient({ url: fileUrl(path), concurrency: 4, timeout });
  await writer.execute('PRAGMA journal_mode = WAL');
  await writer.execute('PRAGMA synchronous = NORMAL');

  const lock = new WriteLock();
  const toDb = (tx: Transaction) => drizzle(tx as unknown as Client, { schema });
  const versions = new DataVersionTracker();
  const readDb = drizzle(reader, { schema });
  let closed = false;

  // libsql turns foreign keys on by default; re-assert it on the writer's connection so that
  // a reconnect after an error can never silently run without them.
  const prepareWriter = async () => {
    await writer.execute('PRAGMA foreign_keys = ON');
    if (options.maxPageCount) await writer.execute(`PRAGMA max_page_count = ${Math.floor(options.maxPageCount)}`);
  };

  const storage: StoragePort = {
    kind: 'file',
    db: readDb,

    transaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T> {
      return lock.run(async () => {
        await prepareWriter();
        return runWriteTransaction(writer, toDb, versions, fn);
      });
    },

    readTransaction: (fn) => runReadTransaction(reader, toDb, fn),

    batch(statements) {
      return lock.run(async () => {
        await prepareWriter();
        const results = await writer.batch(statements as InStatement[], 'write');
        // After the commit, never before: a reader must not see the new version with old data.
        await versions.bump(writer);
        return results;
      });
    },

    dataVersion() {
      return versions.read(reader);
    },

    execute(sql, args = []) {
      return reader.execute({ sql, args: args as never });
    },

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
        try {
          await writer.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        } finally {
          reader.close();
          writer.close();
        }
      });
    },
  };
  return storage;
}

// Storage adapter: remote libSQL (sqld / Turso) over HTTP. Runs on Node and on edge runtimes:
// it uses only `@libsql/client/web` (fetch) and never sends statements a hosted server refuses
// (PRAGMA journal_mode, VACUUM, ANALYZE, ATTACH, CREATE TEMP).
import { createClient, type Client, type InStatement, type Transaction } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from '../src/db/schema';
import type { Db, SqlExecutor, StoragePort, SnapshotResult } from '../src/storage';
import { exportNdjsonGz } from '../src/db/logical-export';
import { DataVersionTracker, runReadTransaction, runWriteTransaction, WriteLock } from './shared';

export interface RemoteStorageOptions {
  url: string;
  authToken?: string;
  /** Custom fetch (tests, or a runtime that needs one). */
  fetch?: typeof fetch;
}

/** The URL as it may be shown or logged: no query string, no credentials. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.split('?')[0];
  }
}

// The web client speaks HTTP only; libsql:// and ws(s):// mean the same server over https/http.
function httpUrl(url: string): string {
  return url
    .replace(/^libsql:\/\//, 'https://')
    .replace(/^wss:\/\//, 'https://')
    .replace(/^ws:\/\//, 'http://');
}

export async function openRemoteStorage(options: RemoteStorageOptions): Promise<StoragePort> {
  const client: Client = createClient({
    url: httpUrl(options.url),
    authToken: options.authToken,
    fetch: options.fetch,
  });
  const db = drizzle(client, { schema });
  const lock = new WriteLock();
  const toDb = (tx: Transaction) => drizzle(tx as unknown as Client, { schema });
  const versions = new DataVersionTracker();

  const storage: StoragePort = {
    kind: 'remote',
    db,

    // Writes from this process are serialised too: the server would serialise them anyway, and
    // queuing here turns contention into waiting instead of SQLITE_BUSY errors.
    transaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T> {
      return lock.run(() => runWriteTransaction(client, toDb, versions, fn, { bumpWithCommit: true }));
    },

    readTransaction: (fn) => runReadTransaction(client, toDb, fn),

    batch(statements) {
      return lock.run(async () => {
        const results = await client.batch(statements as InStatement[], 'write');
        // After the commit, never before: a reader must not see the new version with old data.
        await versions.bump(client);
        return results;
      });
    },

    dataVersion(sql) {
      return versions.read(sql ?? client);
    },

    execute(sql, args = []) {
      return client.execute({ sql, args });
    },

    async readKeptRow(sql, args) {
      const [row] = (await client.execute({ sql, args })).rows;
      return row && Array.from(row as ArrayLike<unknown>);
    },

    async describe() {
      return { kind: 'remote', location: redactDatabaseUrl(options.url), persistent: true, sizeBytes: null };
    },

    async snapshot(): Promise<SnapshotResult> {
      const { bytes } = await exportNdjsonGz(storage, Date.now());
      return { format: 'ndjson', bytes, sizeBytes: bytes.byteLength };
    },

    async close() {
      await lock.run(async () => client.close());
    },
  };
  return storage;
}

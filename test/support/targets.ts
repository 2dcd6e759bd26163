// The three targets the one API suite runs against (docs/architecture.md#testing):
//   file   - the Node app over the file adapter on a temp file;
//   remote - the Node app over the remote adapter against an in-process libSQL HTTP server
//            (or a real sqld/Turso when TEST_LIBSQL_URL is set);
//   worker - the built worker bundle under miniflare, against the same kind of server.
import { createClient as createFileClient } from '@libsql/client';
import { createClient as createWebClient, type Client } from '@libsql/client/web';
import { Miniflare, type RequestInit as MiniflareRequestInit } from 'miniflare';
import { join } from 'node:path';
import { openFileStorage } from '../../adapters/libsql-file';
import { openRemoteStorage } from '../../adapters/libsql-remote';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { applyPendingMigrations } from '../../src/db/migrate';
import { silentLogger, type Logger } from '../../src/log';
import { createFileBackupStore } from '../../src/node/file-backup-store';
import { verifyWerkzeugHash } from '../../src/node/legacy-hash';
import { backupContentReader, createDbBackupStore } from '../../src/services/backups/store';
import { NOT_ON_RAILWAY } from '../../src/services/status';
import type { StoragePort } from '../../src/storage';
import type { SheetsReader } from '../../src/sheets/types';
import { startLibsqlHttpServer, type LibsqlTestServer, type ServerHold } from './libsql-http-server';
import { tempDir, testEnv } from './env';

export interface Target {
  name: 'file' | 'remote' | 'worker' | 'sqld';
  /** Sends a request to the app; `path` is relative (`/api/...`). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Direct SQL on the same database, for seeding and for checking what was written. */
  sql: Pick<Client, 'execute' | 'batch'>;
  /** Node targets only: the storage port and the clock the app uses. */
  storage?: StoragePort;
  clock?: { now: number | null };
  /** Targets behind the libSQL test server: holds its pipelines matching `match` (see ServerHold). */
  hold?(match: RegExp): ServerHold;
  /** Worker only: fires the cron trigger (wrangler.toml `0 12 * * *`) at this time. */
  scheduled?(at: Date): Promise<unknown>;
  close(): Promise<void>;
}

/** The use cases of a target's app and what they were built from (tests that reach below the API). */
type AppParts = Pick<ReturnType<typeof createApp>, 'services' | 'parts'>;

/** The Node app over a given storage, configured as the targets do (exported for tests that need two instances on one database, or the app itself). */
export async function nodeApp(
  storage: StoragePort,
  opts: { env?: Record<string, string>; backupDir?: string; log?: Logger; sheets?: SheetsReader },
) {
  const parsed = loadConfig(testEnv(opts.env), 'node');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await applyPendingMigrations(storage);
  const clock = { now: null as number | null };
  // Without a folder, backups live in the database, as on the edge.
  const backupStore = opts.backupDir
    ? createFileBackupStore(opts.backupDir)
    : createDbBackupStore(backupContentReader(storage));
  const { app, services, parts } = createApp({
    storage,
    config: parsed.config,
    log: opts.log ?? silentLogger,
    clock: () => clock.now ?? Date.now(),
    build: { version: 'test', commit: 'test', runtime: 'node test', startedAt: Date.now() },
    host: NOT_ON_RAILWAY,
    lifecycle: { draining: false },
    backupStore,
    setupToken: parsed.config.SETUP_TOKEN ?? 'test-setup-token-0123456789',
    // As src/node/boot/app.ts: Node verifies legacy Werkzeug hashes once, then rehashes them.
    legacyVerify: verifyWerkzeugHash,
    sheets: opts.sheets,
  });
  await services.auth.bootstrap();
  return { app, services, parts, clock };
}

export async function fileTarget(
  opts: { env?: Record<string, string>; log?: Logger; path?: string; sheets?: SheetsReader } = {},
): Promise<Target & AppParts & { dir: string; path: string }> {
  const dir = tempDir();
  // `path`: open an existing database file (e.g. a copy of another target's state).
  const path = opts.path ?? join(dir, 'data.db');
  const storage = await openFileStorage({ path, persistent: true });
  const { app, services, parts, clock } = await nodeApp(storage, { ...opts, backupDir: join(dir, 'backups') });
  const sql = createFileClient({ url: `file:${path}` });
  return {
    name: 'file',
    dir,
    path,
    services,
    parts,
    fetch: async (p, init) => app.request(p, init),
    sql,
    storage,
    clock,
    async close() {
      sql.close();
      await storage.close();
    },
  };
}

export async function remoteTarget(
  opts: { env?: Record<string, string>; log?: Logger } = {},
): Promise<Target & AppParts & { server: LibsqlTestServer | null }> {
  const real = process.env.TEST_LIBSQL_URL;
  const server = real ? null : await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db') });
  const url = real ?? server!.url;
  const authToken = real ? process.env.TEST_LIBSQL_AUTH_TOKEN : undefined;
  const storage = await openRemoteStorage({ url, authToken });
  const { app, services, parts, clock } = await nodeApp(storage, opts);
  const sql = createWebClient({ url: url.replace(/^libsql:/, 'https:'), authToken });
  return {
    name: real ? 'sqld' : 'remote',
    server,
    hold: server ? (match) => server.hold(match) : undefined,
    services,
    parts,
    fetch: async (p, init) => app.request(p, init),
    sql,
    storage,
    clock,
    async close() {
      sql.close();
      await storage.close();
      await server?.close();
    },
  };
}

export async function workerTarget(
  opts: { env?: Record<string, string> } = {},
): Promise<Target & { server: LibsqlTestServer }> {
  const server = await startLibsqlHttpServer({ path: join(tempDir(), 'edge.db') });
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(import.meta.dirname, '..', '..', 'dist', 'edge', 'worker.js'),
    compatibilityDate: '2026-04-20',
    bindings: { ...testEnv(opts.env), DATABASE_URL: server.url },
  });
  await mf.ready;
  const sql = createWebClient({ url: server.url });
  return {
    name: 'worker',
    server,
    hold: (match) => server.hold(match),
    fetch: async (p, init) => {
      // Miniflare bundles its own undici, which does not recognise Node's FormData: send the
      // multipart bytes and their content type instead.
      if (init?.body instanceof FormData) {
        const encoded = new Response(init.body);
        const headers = {
          ...(init.headers as Record<string, string> | undefined),
          'content-type': encoded.headers.get('content-type')!,
        };
        init = { ...init, headers, body: new Uint8Array(await encoded.arrayBuffer()) };
      }
      return (await mf.dispatchFetch(`http://localhost${p}`, init as MiniflareRequestInit)) as unknown as Response;
    },
    async scheduled(at) {
      const worker = (await mf.getWorker()) as unknown as {
        scheduled(o: { scheduledTime: Date; cron: string }): Promise<unknown>;
      };
      return worker.scheduled({ scheduledTime: at, cron: '0 12 * * *' });
    },
    sql,
    async close() {
      sql.close();
      await mf.dispose();
      await server.close();
    },
  };
}

// The worker and pending migrations (docs/domain/data-safety.md#migrations): an empty database is
// initialised with the bundled migrations; a database that holds something else answers 503
// schema_out_of_date (health says why) until `npm run db:migrate` applies them, and then serves at
// once.
import { join } from 'node:path';
import { Miniflare, type RequestInit as MiniflareRequestInit } from 'miniflare';
import { createClient } from '@libsql/client/web';
import { afterEach, describe, expect, it } from 'vitest';
import { openRemoteStorage } from '../../adapters/libsql-remote';
import { applyPendingMigrations } from '../../src/db/migrate';
import { startLibsqlHttpServer, type LibsqlTestServer } from '../support/libsql-http-server';
import { tempDir, testEnv } from '../support/env';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function worker(server: LibsqlTestServer) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(import.meta.dirname, '..', '..', 'dist', 'edge', 'worker.js'),
    compatibilityDate: '2026-04-20',
    bindings: { ...testEnv(), DATABASE_URL: server.url },
  });
  cleanup.push(() => mf.dispose());
  return (path: string, init?: RequestInit) =>
    mf.dispatchFetch(`http://localhost${path}`, init as MiniflareRequestInit | undefined);
}

async function server() {
  const s = await startLibsqlHttpServer({ path: join(tempDir(), 'edge.db') });
  cleanup.push(() => s.close());
  return s;
}

describe('worker and the schema', () => {
  it('initialises an empty database and serves', async () => {
    const s = await server();
    const fetch = await worker(s);
    const health = await fetch('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', schema: 'current', setup: 'done' });
    expect(s.stats.refused).toEqual([]);
  });

  it('answers 503 schema_out_of_date on a non-empty database with pending migrations, until they are applied', async () => {
    const s = await server();
    const sql = createClient({ url: s.url });
    await sql.execute('CREATE TABLE operator_notes (id INTEGER PRIMARY KEY, note TEXT)');
    const fetch = await worker(s);

    const health = await fetch('/health');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'unavailable',
      schema: 'pending',
      reason: 'migration_pending',
    });
    const shops = await fetch('/api/shops');
    expect(shops.status).toBe(503);
    expect(((await shops.json()) as { error: { code: string } }).error.code).toBe('schema_out_of_date');
    // Nothing was created behind the operator's back.
    const tables = await sql.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'orders'");
    expect(tables.rows.length).toBe(0);

    // What `npm run db:migrate` does against the remote URL.
    const storage = await openRemoteStorage({ url: s.url });
    await applyPendingMigrations(storage);
    await storage.close();

    expect((await fetch('/health')).status).toBe(200);
    const token = await fetch('/api/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: testEnv().ADMIN_PASSWORD }),
    });
    expect(token.status).toBe(200);
    const { token: bearer } = (await token.json()) as { token: string };
    expect((await fetch('/api/shops', { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(200);
    expect(Number((await sql.execute('SELECT count(*) AS n FROM operator_notes')).rows[0].n)).toBe(0);
    sql.close();
  });

  it('refuses to start without a remote DATABASE_URL, naming the variable', async () => {
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(import.meta.dirname, '..', '..', 'dist', 'edge', 'worker.js'),
      compatibilityDate: '2026-04-20',
      bindings: { ...testEnv(), DATABASE_URL: 'file:local.db' },
    });
    cleanup.push(() => mf.dispose());
    const res = await mf.dispatchFetch('http://localhost/health');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; details: { variable: string }[] } };
    expect(body.error.code).toBe('configuration_invalid');
    expect(JSON.stringify(body.error.details)).toContain('DATABASE_URL');
    expect(JSON.stringify(body)).not.toContain('local.db');
  });
});

// A full volume (issue 11 item 5), injected for real in-process: the writer connection gets
// SQLite's `max_page_count` at the database's current size, so SQLite itself answers
// SQLITE_FULL to any write that needs a new page. Writes answer 507 storage_full and write
// nothing; reads, sign-in and the export keep working; /health and system status say so. A real
// full volume (tmpfs) under the spawned server, backups included: storage-full-process.test.ts.
import { createClient } from '@libsql/client';
import { gunzipSync, strFromU8 } from 'fflate';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openFileStorage } from '../../adapters/libsql-file';
import { createLogger } from '../../src/log';
import { ApiClient } from '../support/api-client';
import { ADMIN_PASSWORD } from '../support/env';
import { fileTarget, nodeApp, type Target } from '../support/targets';
import { importFile } from '../support/imports';

const enc = new TextEncoder();
const ordersCsv = (prefix: string, n: number) =>
  enc.encode(
    [
      'Order ID,SKU,Quantity,Shop Name',
      ...Array.from({ length: n }, (_, i) => `${prefix}-${i},SKU-${i % 50},1,Full Shop`),
    ].join('\r\n') + '\r\n',
  );

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function pageCount(path: string): Promise<number> {
  const c = createClient({ url: `file:${path}` });
  try {
    return Number((await c.execute('PRAGMA page_count')).rows[0][0]);
  } finally {
    c.close();
  }
}

/** The app of `seeded` reopened on the same file with the writer capped at its current size. */
async function onFullVolume(seeded: Target & { dir: string; path: string }) {
  await seeded.close();
  const lines: string[] = [];
  const log = createLogger('info', (_level, line) => lines.push(line));
  const storage = await openFileStorage({
    path: seeded.path,
    persistent: true,
    maxPageCount: await pageCount(seeded.path),
  });
  const { app } = await nodeApp(storage, { backupDir: join(seeded.dir, 'backups'), log });
  const sql = createClient({ url: `file:${seeded.path}` });
  const target: Target = {
    name: 'file',
    fetch: async (p, init) => app.request(p, init),
    sql,
    storage,
    async close() {
      sql.close();
      await storage.close();
    },
  };
  closers.push(() => target.close());
  return { target, api: new ApiClient(target), lines };
}

const count = async (t: Target, table: string) =>
  Number((await t.sql.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

describe('a full volume (SQLITE_FULL from SQLite itself)', () => {
  it('answers writes 507 storage_full and writes nothing; reads, sign-in and the export work; health and status say full', async () => {
    const seeded = await fileTarget();
    const seedApi = new ApiClient(seeded);
    expect(
      (await importFile(seedApi, 'orders', 'first.csv', { bytes: ordersCsv('OK', 20), platform: 'Shopee' })).status,
    ).toBe(200);
    const { target, api, lines } = await onFullVolume(seeded);

    const before = {
      orders: await count(target, 'orders'),
      lines: await count(target, 'order_lines'),
      backups: await count(target, 'backups'),
    };
    const imported = await importFile(api, 'orders', 'big.csv', { bytes: ordersCsv('FULL', 3000), platform: 'Shopee' });
    expect(imported.status).toBe(507);
    expect(imported.body.error).toMatchObject({
      code: 'storage_full',
      requestId: imported.headers.get('x-request-id'),
    });
    expect(imported.body.error.message).toMatch(/[\u0E00-\u0E7F]/);
    expect(JSON.stringify(imported.body)).not.toMatch(/SQLITE|data\.db|\/tmp/);
    expect(await count(target, 'orders')).toBe(before.orders);
    expect(await count(target, 'order_lines')).toBe(before.lines);
    // One line for the operator, with the request id, and no stack trace.
    const faultLines = lines.filter((l) =>
      l.startsWith('Storage full: POST /api/imports/orders answered 507 storage_full (SQLITE_FULL'),
    );
    expect(faultLines).toHaveLength(1);
    expect(faultLines[0]).toContain(imported.headers.get('x-request-id')!);
    expect(lines.join('\n')).not.toMatch(/Unhandled error|\n\s+at /);

    const health = await api.get('/health', 'anonymous');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', storage: 'full', db: 'ok' });

    // Reads: signing in again, lists, status, the rescue export (its audit row may be dropped).
    const signIn = await api.raw(
      'POST',
      '/api/auth/token',
      { username: 'admin', password: ADMIN_PASSWORD },
      'anonymous',
    );
    expect(signIn.status).toBe(200);
    expect((await api.get('/api/orders?view=all&limit=5')).status).toBe(200);
    const status = await api.get('/api/admin/system-status');
    expect(status.status).toBe(200);
    expect(status.body.storage).toMatchObject({ status: 'full', lastFullAt: expect.any(String) });
    const exported = await target.fetch('/api/admin/export', {
      headers: { authorization: `Bearer ${signIn.body.token}` },
    });
    expect(exported.status).toBe(200);
    const text = strFromU8(gunzipSync(new Uint8Array(await exported.arrayBuffer())))
      .trimEnd()
      .split('\n');
    expect(JSON.parse(text.at(-1)!)).toMatchObject({ end: true, counts: { orders: before.orders } });
  });

  it('once there is room again, the same import commits and health says ok', async () => {
    const seeded = await fileTarget();
    const seedApi = new ApiClient(seeded);
    expect(
      (await importFile(seedApi, 'orders', 'first.csv', { bytes: ordersCsv('OK', 20), platform: 'Shopee' })).status,
    ).toBe(200);
    const full = await onFullVolume(seeded);
    expect(
      (await importFile(full.api, 'orders', 'big.csv', { bytes: ordersCsv('LATER', 3000), platform: 'Shopee' })).status,
    ).toBe(507);
    expect((await full.api.get('/health', 'anonymous')).body.status).toBe('degraded');
    await full.target.close();
    closers.length = 0;

    const storage = await openFileStorage({ path: seeded.path, persistent: true });
    const { app } = await nodeApp(storage, { backupDir: join(seeded.dir, 'backups') });
    const sql = createClient({ url: `file:${seeded.path}` });
    const roomy: Target = {
      name: 'file',
      fetch: async (p, init) => app.request(p, init),
      sql,
      close: async () => (sql.close(), storage.close()),
    };
    closers.push(() => roomy.close());
    const api = new ApiClient(roomy);
    const res = await importFile(api, 'orders', 'big.csv', { bytes: ordersCsv('LATER', 3000), platform: 'Shopee' });
    expect(res.status).toBe(200);
    expect(res.body.import).toMatchObject({ status: 'committed', added: 3000 });
    expect((await api.get('/health', 'anonymous')).body).toMatchObject({ status: 'ok', db: 'ok' });
  });
});

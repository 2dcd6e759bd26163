// `kill -9` of the real server (dist/server.js) while a restore or a clear is inside its one
// transaction: after a restart the previous data is all there
// (docs/domain/data-safety.md#graceful-shutdown: a killed process never leaves half a write). The
// window is made exact, not timed: with NODE_ENV=test and WMS_TEST_PAUSE_IN_TX the server logs when
// the transaction has done its deletes and inserts and waits before committing
// (src/node/test-hooks.ts); outside NODE_ENV=test that variable is ignored.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, tempDir } from '../support/env';
import { callServer, serverPool, stopWith, type Spawned } from '../support/spawn-server';
import { upload } from '../support/export-file';

const pool = serverPool();
afterEach(() => pool.killAll());
const start = pool.start;

const call = callServer;

async function waitForLine(s: Spawned, text: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!s.output().includes(text)) {
    if (Date.now() > until) throw new Error(`no "${text}" in:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function state(s: Spawned, token: string) {
  const products = await call(s, 'GET', '/api/products?limit=500', token);
  const stock = await call(s, 'GET', '/api/stock?limit=500', token);
  const shops = await call(s, 'GET', '/api/shops?limit=500', token);
  return {
    products: products.body.items.map((p: any) => p.sku).sort(),
    stock: stock.body.items.map((x: any) => `${x.sku}=${x.qty}`).sort(),
    shops: shops.body.items.map((x: any) => x.name).sort(),
  };
}

const tokenOf = async (s: Spawned) =>
  (await call(s, 'POST', '/api/auth/token', undefined, { username: 'admin', password: ADMIN_PASSWORD })).body
    .token as string;

describe('kill -9 inside a data transaction', () => {
  it('leaves the previous data intact after a restore or a clear is killed before commit', async () => {
    const volume = tempDir('wms-volume-');
    const cwd = tempDir('wms-app-');
    const env = { DATABASE_PATH: join(volume, 'data.db'), ADMIN_PASSWORD, NODE_ENV: 'test', COOKIE_SECURE: 'false' };
    const first = await start({ ...env, WMS_TEST_PAUSE_IN_TX: 'restore,clear' }, cwd);
    expect(first.output()).toContain('TEST HOOK ACTIVE');
    let token = await tokenOf(first);
    for (let i = 0; i < 10; i++)
      expect((await call(first, 'POST', '/api/products', token, { sku: `OLD-${i}` })).status).toBe(201);
    for (let i = 0; i < 5; i++)
      expect((await call(first, 'PUT', `/api/stock/OLD-${i}`, token, { qty: i })).status).toBe(200);
    expect((await call(first, 'POST', '/api/shops', token, { platform: 'Shopee', name: 'Kept' })).status).toBe(201);
    const exported = await call(first, 'GET', '/api/admin/export', token);
    expect(exported.status).toBe(200);

    // What is there when the restore starts: different from the file in every table seeded.
    for (let i = 0; i < 5; i++)
      expect((await call(first, 'POST', '/api/products', token, { sku: `NEW-${i}` })).status).toBe(201);
    expect((await call(first, 'PUT', '/api/stock/OLD-1', token, { qty: 77 })).status).toBe(200);
    expect((await call(first, 'POST', '/api/shops', token, { platform: 'Lazada', name: 'Later' })).status).toBe(201);
    const before = await state(first, token);
    expect(before.products).toHaveLength(15);

    const restoring = call(first, 'POST', '/api/admin/restore', token, upload(exported.body as Uint8Array)).catch(
      (e) => e,
    );
    await waitForLine(first, 'TEST HOOK: paused inside the restore transaction');
    expect((await stopWith(first, 'SIGKILL')).signal).toBe('SIGKILL');
    expect(await restoring).toBeInstanceOf(Error);

    const second = await start({ ...env, WMS_TEST_PAUSE_IN_TX: 'clear' }, cwd);
    token = await tokenOf(second);
    expect(await state(second, token)).toEqual(before);

    const preview = await call(second, 'POST', '/api/admin/clear/preview', token, { scope: 'everything' });
    expect(preview.body.counts).toMatchObject({ products: 15, shops: 2 });
    const clearing = call(second, 'POST', '/api/admin/clear', token, {
      scope: 'everything',
      confirmToken: preview.body.confirmToken,
    }).catch((e) => e);
    await waitForLine(second, 'TEST HOOK: paused inside the clear transaction');
    await stopWith(second, 'SIGKILL');
    expect(await clearing).toBeInstanceOf(Error);

    const third = await start(env, cwd);
    expect(third.output()).not.toContain('TEST HOOK');
    token = await tokenOf(third);
    expect(await state(third, token)).toEqual(before);
    // The same restore, not interrupted, does change the data: the window was real.
    const restored = await call(third, 'POST', '/api/admin/restore', token, upload(exported.body as Uint8Array));
    expect(restored.status).toBe(200);
    expect((await state(third, token)).products).toHaveLength(10);
    expect((await stopWith(third, 'SIGTERM')).code).toBe(0);
  });

  it('the pre_clear backup left by kill -9 during a clear is catalogued at the next boot; a partial backup file is removed (issue 11 item 10)', async () => {
    const volume = tempDir('wms-volume-');
    const cwd = tempDir('wms-app-');
    const env = { DATABASE_PATH: join(volume, 'data.db'), ADMIN_PASSWORD, NODE_ENV: 'test', COOKIE_SECURE: 'false' };
    const first = await start({ ...env, WMS_TEST_PAUSE_IN_TX: 'backup' }, cwd);
    let token = await tokenOf(first);
    for (let i = 0; i < 6; i++)
      expect((await call(first, 'POST', '/api/products', token, { sku: `ORPHAN-${i}` })).status).toBe(201);
    const preview = await call(first, 'POST', '/api/admin/clear/preview', token, { scope: 'everything' });
    const clearing = call(first, 'POST', '/api/admin/clear', token, {
      scope: 'everything',
      confirmToken: preview.body.confirmToken,
    }).catch((e) => e);
    // The clear's pre_clear backup is on disk, complete; its catalogue row is not written yet.
    await waitForLine(first, 'TEST HOOK: paused with the backup file written, before its catalogue row');
    await stopWith(first, 'SIGKILL');
    expect(await clearing).toBeInstanceOf(Error);

    const backupsDir = join(volume, 'backups');
    const [orphan] = readdirSync(backupsDir).filter((f) => f.startsWith('backup_pre_clear_'));
    expect(orphan).toMatch(/^backup_pre_clear_\d{8}T\d{6}Z_[a-z0-9]{6}\.db$/);
    // And two files that never finished: half a database, and an export cut before its trailer.
    const whole = readFileSync(join(backupsDir, orphan));
    const halfDb = 'backup_manual_20250101T010203Z_half01.db';
    writeFileSync(join(backupsDir, halfDb), whole.subarray(0, Math.floor(whole.length / 2)));
    const cutExport = 'backup_manual_20250101T010204Z_half02.ndjson.gz';
    writeFileSync(
      join(backupsDir, cutExport),
      gzipSync(Buffer.from('{"format":"wms-export","version":1}\n{"table":"products","row":{}}\n')),
    );

    const second = await start(env, cwd);
    const out = second.output();
    expect(out).toContain(`Adopted orphan backup ${orphan} into the catalogue (complete; ${whole.length} bytes`);
    expect(out).toContain(`Removed incomplete backup file ${halfDb} (not in the catalogue)`);
    expect(out).toContain(`Removed incomplete backup file ${cutExport} (not in the catalogue)`);
    expect(readdirSync(backupsDir).sort()).toEqual([orphan]);
    token = await tokenOf(second);
    const listed = await call(second, 'GET', '/api/admin/backups', token);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        name: orphan,
        kind: 'pre_clear',
        format: 'sqlite',
        sizeBytes: whole.length,
        checksum: createHash('sha256').update(whole).digest('hex'),
        rowCounts: expect.objectContaining({ products: 6 }),
        createdAt: expect.stringMatching(/Z$/),
      }),
    ]);
    // Catalogued, it is usable: a dry-run restore from it reads the six products.
    const dry = await call(second, 'POST', `/api/admin/restore/from-backup/${orphan}?dryRun=true`, token);
    expect(dry.status).toBe(200);
    expect(dry.body.restored.products).toBe(6);
    // The clear never happened.
    expect((await call(second, 'GET', '/api/products?limit=50', token)).body.total).toBe(6);
    expect((await stopWith(second, 'SIGTERM')).code).toBe(0);
  });

  it('ignores the pause switch outside NODE_ENV=test', async () => {
    const volume = tempDir('wms-volume-');
    const s = await start(
      { DATABASE_PATH: join(volume, 'data.db'), ADMIN_PASSWORD, NODE_ENV: 'production', WMS_TEST_PAUSE_IN_TX: 'clear' },
      tempDir('wms-app-'),
    );
    expect(s.output()).toContain('WMS_TEST_PAUSE_IN_TX is ignored');
    expect(s.output()).not.toContain('TEST HOOK ACTIVE');
    const token = await tokenOf(s);
    const preview = await call(s, 'POST', '/api/admin/clear/preview', token, { scope: 'sales' });
    const res = await call(s, 'POST', '/api/admin/clear', token, {
      scope: 'sales',
      confirmToken: preview.body.confirmToken,
    });
    expect(res.status).toBe(200);
    expect((await stopWith(s, 'SIGTERM')).code).toBe(0);
  });
});

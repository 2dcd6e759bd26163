// Redeploy survival (docs/domain/data-safety.md#redeploy-survival, automated): the Node server on a
// "volume" directory, stopped with SIGTERM (and with kill -9), then a new process on the same
// directory reads every row back, and a session issued before the restart still works.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledMigrations } from '../../src/db/migrations.generated';
import { isMountPoint } from '../../src/node/storage-facts';
import { ADMIN_PASSWORD, tempDir } from '../support/env';
import { callServer, serverPool, spawnServer, stopWith } from '../support/spawn-server';
import { samplePath } from '../support/samples';

const pool = serverPool();
afterEach(() => pool.killAll());
const start = pool.start;

const call = callServer;

const volumeEnv = (volume: string) => ({
  RAILWAY_ENVIRONMENT: 'production',
  RAILWAY_VOLUME_MOUNT_PATH: volume,
  NODE_ENV: 'production',
  ADMIN_PASSWORD,
});

describe('redeploy on a volume', () => {
  it('keeps every row, the session secret and issued tokens across SIGTERM and a new process', async () => {
    const volume = tempDir('wms-volume-');
    const cwd = tempDir('wms-app-');
    const first = await start(volumeEnv(volume), cwd);
    expect(first.output()).toContain(`Database path: ${join(volume, 'data.db')}`);
    // A temp folder is not a real mount point, so the warning must say so.
    expect(isMountPoint(volume)).toBe(false);
    // Every line starts with its ISO time; the message right after it starts `WARNING:`.
    expect(first.output()).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARNING: .*will be lost on the next deploy/m,
    );

    const token = (
      await call(first, 'POST', '/api/auth/token', undefined, { username: 'admin', password: ADMIN_PASSWORD })
    ).body.token;
    for (let i = 0; i < 25; i++) {
      expect((await call(first, 'PUT', `/api/stock/SKU-${i}`, token, { qty: i })).status).toBe(200);
    }
    expect((await call(first, 'POST', '/api/shops', token, { platform: 'Shopee', name: 'Survivor' })).status).toBe(201);

    const started = Date.now();
    const exit = await stopWith(first, 'SIGTERM');
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(first.output()).toContain('Shutdown complete');
    expect(first.output()).not.toMatch(/Error|error/);

    const second = await start(volumeEnv(volume), cwd);
    expect(second.output()).toContain('Schema up to date');
    const stock = await call(second, 'GET', '/api/stock?limit=100', token);
    expect(stock.status).toBe(200);
    expect(stock.body.total).toBe(25);
    expect(stock.body.items.find((s: any) => s.sku === 'SKU-24').qty).toBe(24);
    const shops = await call(second, 'GET', '/api/shops', token);
    expect(shops.body.items.map((s: any) => s.name)).toEqual(['Survivor']);
    const status = await call(second, 'GET', '/api/admin/system-status', token);
    expect(status.body.storage).toMatchObject({ location: join(volume, 'data.db'), persistent: false });
    expect(status.body.storage.warning).toMatch(/^WARNING:/);
    expect(await stopWith(second, 'SIGTERM')).toMatchObject({ code: 0 });
  });

  it('keeps every committed row after kill -9', async () => {
    const volume = tempDir('wms-volume-');
    const cwd = tempDir('wms-app-');
    const first = await start({ DATABASE_PATH: join(volume, 'data.db'), ADMIN_PASSWORD }, cwd);
    const token = (
      await call(first, 'POST', '/api/auth/token', undefined, { username: 'admin', password: ADMIN_PASSWORD })
    ).body.token;
    for (let i = 0; i < 30; i++) await call(first, 'POST', '/api/products', token, { sku: `K9-${i}` });
    expect(await stopWith(first, 'SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    const second = await start({ DATABASE_PATH: join(volume, 'data.db'), ADMIN_PASSWORD }, cwd);
    const list = await call(second, 'GET', '/api/products?q=K9-&limit=100', token);
    expect(list.body.total).toBe(30);
  });

  it('ignores a repeated signal within a second and still exits 0', async () => {
    const cwd = tempDir('wms-app-');
    const s = await start({ ADMIN_PASSWORD }, cwd);
    s.child.kill('SIGTERM');
    s.child.kill('SIGTERM');
    const exit = await s.exited;
    expect(exit.code).toBe(0);
    expect(s.output()).toContain('Shutdown complete');
  });
});

describe('start-up', () => {
  it('logs the ./data.db default, no warning off Railway, then Listening', async () => {
    const cwd = tempDir('wms-app-');
    const s = await start({ ADMIN_PASSWORD }, cwd);
    const out = s.output();
    expect(out).toContain(`Database path: ${join(cwd, 'data.db')}`);
    expect(out).not.toContain('WARNING');
    expect(out.indexOf('Database path:')).toBeLessThan(out.indexOf(`Migrations applied: ${bundledMigrations.length}`));
    expect(out).toMatch(/Listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('Created initial admin user "admin"');
    expect(out).not.toContain(ADMIN_PASSWORD);
  });

  it('exits 1 naming the bad variable but not its value', async () => {
    const s = await spawnServer(
      { JWT_SECRET: 'too-short-secret', PORT_X: '1' },
      { cwd: tempDir(), waitForListen: false },
    );
    const exit = await s.exited;
    expect(exit.code).toBe(1);
    expect(s.output()).toContain('JWT_SECRET');
    expect(s.output()).not.toContain('too-short-secret');
  });

  it('exits 1 when the configured database directory cannot be created, never falling back', async () => {
    const cwd = tempDir('wms-app-');
    const blocker = join(cwd, 'file-not-dir');
    await import('node:fs').then((fs) => fs.writeFileSync(blocker, 'x'));
    const s = await spawnServer(
      { DATABASE_PATH: join(blocker, 'data.db'), ADMIN_PASSWORD },
      { cwd, waitForListen: false },
    );
    expect((await s.exited).code).toBe(1);
    expect(s.output()).toMatch(/Cannot (create|open) the database/);
    const fs = await import('node:fs');
    expect(fs.existsSync(join(cwd, 'data.db'))).toBe(false);
  });

  it('exits 1 when a remote database is unreachable at boot', async () => {
    const s = await spawnServer(
      { DATABASE_URL: 'http://127.0.0.1:9', ADMIN_PASSWORD },
      { cwd: tempDir(), waitForListen: false },
    );
    expect((await s.exited).code).toBe(1);
    expect(s.output()).toContain('Database path: http://127.0.0.1:9');
    expect(s.output()).toContain('unreachable');
  });

  it('exits 1 on a weak ADMIN_PASSWORD and never logs it', async () => {
    const s = await spawnServer({ ADMIN_PASSWORD: 'admin123' }, { cwd: tempDir(), waitForListen: false });
    expect((await s.exited).code).toBe(1);
    expect(s.output()).toContain('ADMIN_PASSWORD is too weak');
    expect(s.output()).not.toContain('admin123');
  });

  it('refuses a legacy database without LEGACY_ADOPT', async () => {
    const cwd = tempDir('wms-app-');
    const { copyFileSync } = await import('node:fs');
    copyFileSync(samplePath('legacy/data.db'), join(cwd, 'data.db'));
    const s = await spawnServer({ ADMIN_PASSWORD }, { cwd, waitForListen: false });
    expect((await s.exited).code).toBe(1);
    expect(s.output()).toContain(
      `Legacy database detected at ${join(cwd, 'data.db')}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`,
    );
  });
});

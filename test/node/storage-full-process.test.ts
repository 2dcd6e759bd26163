// The real server (dist/server.js) with its database on a volume that fills up (issue 11 item
// 5): a tmpfs of a few MB, filled to ENOSPC under the running process. As root the test mounts
// the tmpfs itself; without the right to mount, it injects the fault with SQLite's
// max_page_count (WMS_TEST_MAX_PAGE_COUNT under NODE_ENV=test) and checks what that fault
// shows (no ENOSPC for backup files then).
import { createClient } from '@libsql/client';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, strFromU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, tempDir } from '../support/env';
import { callServer, serverPool, stopWith, type Spawned } from '../support/spawn-server';

const pool = serverPool();
const mounts: string[] = [];
afterEach(() => {
  pool.killAll();
  for (const dir of mounts.splice(0)) {
    try {
      execFileSync('umount', ['-l', dir]);
    } catch {
      // already gone
    }
  }
});

/** A tmpfs of `mb` MB at a fresh directory, or null when this process may not mount one. */
function mountTmpfs(mb: number): string | null {
  const dir = join(tempDir('wms-full-'), 'vol');
  mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  mounts.push(dir);
  return dir;
}

/** Writes a filler file until the volume says ENOSPC; returns its path (delete it to free the space). */
function fill(dir: string): string {
  const path = join(dir, 'filler.bin');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
  return path;
}

const enc = new TextEncoder();
function ordersForm(prefix: string, n: number): FormData {
  const csv =
    [
      'Order ID,SKU,Quantity,Shop Name',
      ...Array.from({ length: n }, (_, i) => `${prefix}-${i},SKU-${i % 50},1,Full Shop`),
    ].join('\r\n') + '\r\n';
  const form = new FormData();
  form.append('file', new Blob([enc.encode(csv)]), `${prefix}.csv`);
  form.append('platform', 'Shopee');
  return form;
}

const tokenOf = async (s: Spawned) => {
  const res = await callServer(s, 'POST', '/api/auth/token', undefined, {
    username: 'admin',
    password: ADMIN_PASSWORD,
  });
  expect(res.status).toBe(200);
  return res.body.token as string;
};

describe('the server on a full volume', () => {
  it('imports answer 507 storage_full and write nothing; sign-in, reads and the export work; health and status say full; a failed backup is recorded and leaves no file', async () => {
    const tmpfs = mountTmpfs(24);
    const volume = tmpfs ?? tempDir('wms-full-');
    const path = join(volume, 'data.db');
    const env = { DATABASE_PATH: path, ADMIN_PASSWORD, NODE_ENV: 'test', COOKIE_SECURE: 'false' };
    let s = await pool.start(env, tempDir('wms-app-'));
    let token = await tokenOf(s);
    expect((await callServer(s, 'POST', '/api/imports/orders', token, ordersForm('OK', 50))).status).toBe(200);
    const kept = await callServer(s, 'POST', '/api/admin/backups', token, {});
    expect(kept.status).toBe(201);

    let freeUp = () => {};
    if (tmpfs) {
      const filler = fill(tmpfs);
      freeUp = () => rmSync(filler);
    } else {
      // No mount allowed: restart with the writer capped at the file's current size.
      expect((await stopWith(s, 'SIGTERM')).code).toBe(0);
      const c = createClient({ url: `file:${path}` });
      const pages = Number((await c.execute('PRAGMA page_count')).rows[0][0]);
      c.close();
      s = await pool.start({ ...env, WMS_TEST_MAX_PAGE_COUNT: String(pages) }, tempDir('wms-app-'));
      token = await tokenOf(s);
    }

    const ordersBefore = (await callServer(s, 'GET', '/api/orders?view=all&limit=1', token)).body.total;
    const imported = await callServer(s, 'POST', '/api/imports/orders', token, ordersForm('FULL', 4000));
    expect(imported.status).toBe(507);
    expect(imported.body.error.code).toBe('storage_full');
    expect(imported.body.error.message).toMatch(/[\u0E00-\u0E7F]/);
    expect((await callServer(s, 'GET', '/api/orders?view=all&limit=1', token)).body.total).toBe(ordersBefore);

    const health = await callServer(s, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', storage: 'full' });

    // The rescue path: a fresh sign-in, then the export.
    const rescue = await tokenOf(s);
    const exported = await callServer(s, 'GET', '/api/admin/export', rescue);
    expect(exported.status).toBe(200);
    const exportLines = strFromU8(gunzipSync(exported.body as Uint8Array))
      .trimEnd()
      .split('\n');
    expect(JSON.parse(exportLines.at(-1)!)).toMatchObject({ end: true, counts: { orders: ordersBefore } });

    const backupsDir = join(volume, 'backups');
    const before = readdirSync(backupsDir).sort();
    const failed = await callServer(s, 'POST', '/api/admin/backups', rescue, {});
    if (tmpfs) {
      // VACUUM INTO meets ENOSPC: 507, and neither the snapshot nor its temp file stays.
      expect(failed.status).toBe(507);
      expect(failed.body.error.code).toBe('storage_full');
      expect(readdirSync(backupsDir).sort()).toEqual(before);
      const status = await callServer(s, 'GET', '/api/admin/system-status', rescue);
      expect(status.body.storage).toMatchObject({ status: 'full', lastFullAt: expect.any(String) });
      expect(status.body.backups.lastError).toMatchObject({
        kind: 'manual',
        message: expect.stringMatching(/SQLITE_FULL|ENOSPC/),
      });
    }
    expect(readdirSync(backupsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const out = s.output();
    // One line, stamped with its ISO time and carrying the request id the client was given.
    const faultLines = out.split('\n').filter((l) => l.includes('Storage full: POST /api/imports/orders'));
    expect(faultLines).toEqual([
      expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z Storage full: POST \/api\/imports\/orders answered 507 storage_full \(SQLITE_FULL: database or disk is full\) /,
      ),
    ]);
    expect(faultLines[0]).toContain(`"requestId":"${imported.body.error.requestId}"`);
    expect(out).not.toContain('Unhandled error');

    // Room again: the same import commits.
    freeUp();
    if (tmpfs) {
      const again = await callServer(s, 'POST', '/api/imports/orders', token, ordersForm('FULL', 4000));
      expect(again.status).toBe(200);
      expect(again.body.import).toMatchObject({ status: 'committed', added: 4000 });
    }
    expect((await stopWith(s, 'SIGTERM')).code).toBe(0);
  });
});

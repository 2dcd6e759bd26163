// Data operations that need Node facilities: the app's clock (token expiry, Bangkok midnight),
// the backup folder on disk (a failing pre_clear backup, retention, files), configuration
// (MAX_RESTORE_BYTES), two databases at once (file -> remote -> file) and the remote adapter's
// restore limit.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { ADMIN_PASSWORD, randomPassword } from '../support/env';
import { signIn } from '../api/pages.suite';
import { fileTarget, remoteTarget, type Target } from '../support/targets';
import { RANGE, SEEDED_TABLES, bkk, seedFixture, tableCounts, tableDigests } from '../support/data-fixture';
import { parseExport, rewriteExport, upload } from '../support/export-file';
import { createBackup } from '../../src/services/backups';
import { createRestoreService } from '../../src/services/restore';
import { systemActor } from '../../src/services/context';
import { AppError } from '../../src/errors';

const open: Target[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});
async function track<T extends Target>(t: Promise<T>): Promise<T> {
  const target = await t;
  open.push(target);
  return target;
}

async function download(target: Target, api: ApiClient, path: string) {
  const res = await target.fetch(path, { headers: { authorization: `Bearer ${await api.token('admin')}` } });
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const business = [...SEEDED_TABLES.filter((t) => t !== 'idempotency_keys'), 'settings'];

describe('clear confirmation against the clock', () => {
  it('expires the token after 5 minutes: 409 and nothing changes', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    const t0 = Date.UTC(2025, 5, 1, 3, 0);
    target.clock!.now = t0;
    await seedFixture(target.sql, t0);
    await api.token('admin');
    const before = await tableCounts(target.sql);
    const preview = await api.post('/api/admin/clear/preview', { scope: 'sales' });
    expect(Date.parse(preview.body.expiresAt)).toBe(t0 + 5 * 60_000);
    target.clock!.now = t0 + 5 * 60_000;
    const late = await api.post('/api/admin/clear', { scope: 'sales', confirmToken: preview.body.confirmToken });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'confirmation_required', details: [{ reason: 'expired' }] });
    expect(await tableCounts(target.sql)).toEqual(before);

    const again = await api.post('/api/admin/clear/preview', { scope: 'sales' });
    target.clock!.now = t0 + 10 * 60_000 - 1;
    expect((await api.post('/api/admin/clear', { scope: 'sales', confirmToken: again.body.confirmToken })).status).toBe(
      200,
    );
  });

  it('does not let a `today` preview from before Bangkok midnight confirm a clear after it', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    const beforeMidnight = bkk('2025-06-01', '23:59');
    target.clock!.now = beforeMidnight;
    await seedFixture(target.sql, beforeMidnight);
    const preview = await api.post('/api/admin/clear/preview', { scope: 'today' });
    expect(preview.body).toMatchObject({ dateFrom: '2025-06-01', dateTo: '2025-06-01', counts: { orders: 1 } });
    target.clock!.now = bkk('2025-06-02', '00:01');
    const res = await api.post('/api/admin/clear', { scope: 'today', confirmToken: preview.body.confirmToken });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([{ reason: 'mismatch' }]);
  });
});

describe('pre_clear backup', () => {
  it('refuses with 503 backup_failed when the backup cannot be written; nothing changes and the token still works', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    const backupDir = join(target.dir, 'backups');
    rmSync(backupDir, { recursive: true, force: true });
    writeFileSync(backupDir, 'not a folder');
    await api.token('admin');
    const before = await tableCounts(target.sql);
    const preview = await api.post('/api/admin/clear/preview', { scope: 'everything' });
    const res = await api.post('/api/admin/clear', { scope: 'everything', confirmToken: preview.body.confirmToken });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('backup_failed');
    expect(JSON.stringify(res.body)).not.toContain(target.dir);
    expect(await tableCounts(target.sql)).toEqual(before);

    rmSync(backupDir, { force: true });
    const retry = await api.post('/api/admin/clear', { scope: 'everything', confirmToken: preview.body.confirmToken });
    expect(retry.status).toBe(200);
    expect(existsSync(join(backupDir, retry.body.backup))).toBe(true);
  });
});

describe('retention (docs/domain/data-safety.md#retention)', () => {
  it('keeps the newest N of a kind after a new one succeeds, deletes the files, never prunes _legacy', async () => {
    const target = await track(fileTarget({ env: { BACKUP_KEEP_MANUAL: '2', BACKUP_KEEP_PRE: '1' } }));
    const api = new ApiClient(target);
    const dir = join(target.dir, 'backups');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      target.clock!.now = Date.UTC(2025, 0, 1, 0, i);
      names.push((await api.post('/api/admin/backups', { format: i === 1 ? 'ndjson' : 'sqlite' })).body.name);
    }
    const manual = (await api.get('/api/admin/backups')).body.items
      .filter((b: any) => b.kind === 'manual')
      .map((b: any) => b.name);
    expect(manual).toEqual([names[2], names[1]]);
    expect(existsSync(join(dir, names[0]))).toBe(false);
    expect(existsSync(join(dir, names[2]))).toBe(true);
    const created = (await api.get('/api/admin/audit?action=backup.create&limit=1')).body.items[0];
    expect(created.details.pruned).toEqual([names[0]]);

    // A legacy snapshot of the same kind survives any number of newer ones.
    target.clock!.now = Date.UTC(2025, 0, 1, 0, 10);
    const legacy = await createBackup(target.parts.backupDeps, 'pre_migration', systemActor(), { legacy: true });
    for (let i = 0; i < 3; i++) {
      target.clock!.now = Date.UTC(2025, 0, 1, 0, 20 + i);
      await createBackup(target.parts.backupDeps, 'pre_migration', systemActor());
    }
    const pre = (await api.get('/api/admin/backups?limit=500')).body.items.filter(
      (b: any) => b.kind === 'pre_migration',
    );
    expect(pre.map((b: any) => b.legacy).sort()).toEqual([false, true]);
    expect(pre.some((b: any) => b.name === legacy.name)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('backup_pre_migration')).length).toBe(2);
  });
});

describe('restore limits', () => {
  it('refuses an upload over MAX_RESTORE_BYTES, and a small gzip that inflates past it, with 413', async () => {
    const target = await track(fileTarget({ env: { MAX_RESTORE_BYTES: '4096' } }));
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    await api.token('admin');
    const before = await tableCounts(target.sql);
    const big = new Uint8Array(5000).fill(0x20);
    const tooBig = await api.post('/api/admin/restore', upload(big, 'big.ndjson'));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
    const bomb = new Uint8Array(gzipSync(Buffer.alloc(200_000, 0x20)));
    expect(bomb.length).toBeLessThan(4096);
    const inflated = await api.post('/api/admin/restore', upload(bomb));
    expect(inflated.status).toBe(413);
    expect(await tableCounts(target.sql)).toEqual(before);
  });

  it('the restore page takes an export larger than an ordinary form body (BODY_LIMITS), and refuses one over MAX_RESTORE_BYTES with the Thai 413 page', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    // Long product names make an uncompressed export of well over 1 MiB (the default body limit).
    await target.sql.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
        INSERT INTO products (sku, name, created_at, updated_at) SELECT 'PAD-' || i, printf('%.900c', 'x'), 1, 1 FROM n`,
      args: [],
    });
    const ndjson = gunzipSync((await download(target, api, '/api/admin/export')).bytes);
    expect(ndjson.length).toBeGreaterThan(1024 * 1024);
    const browser = await signIn(target, { username: 'admin', password: ADMIN_PASSWORD });
    const form = (bytes: Uint8Array) => {
      const body = new FormData();
      body.append('_csrf', browser.csrf);
      body.append('step', 'check');
      body.append('file', new Blob([bytes as BlobPart]), 'export.ndjson');
      return body;
    };
    const check = await target.fetch('/admin/restore', {
      method: 'POST',
      headers: { cookie: browser.cookie },
      body: form(ndjson),
    });
    expect(check.status).toBe(200);
    expect(await check.text()).toContain('ผลการตรวจสอบ (Dry run): ไฟล์ถูกต้อง กู้คืนได้');

    const small = await track(fileTarget({ env: { MAX_RESTORE_BYTES: '4096' } }));
    const smallBrowser = await signIn(small, { username: 'admin', password: ADMIN_PASSWORD });
    const over = new FormData();
    over.append('_csrf', smallBrowser.csrf);
    over.append('file', new Blob([new Uint8Array(200_000).fill(0x20)]), 'big.ndjson');
    const refused = await small.fetch('/admin/restore', {
      method: 'POST',
      headers: { cookie: smallBrowser.cookie },
      body: over,
    });
    expect(refused.status).toBe(413);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await refused.text()).toContain('ไฟล์หรือข้อมูลใหญ่เกินกำหนด');
  });

  it('refuses a restore the remote adapter cannot apply in one transaction with 413 restore_too_large, before any write', async () => {
    const target = await track(remoteTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    const file = (await download(target, api, '/api/admin/export')).bytes;
    const before = await tableCounts(target.sql);
    const services = target.services;
    const restore = createRestoreService({
      config: target.parts.deps.config,
      backupDeps: target.parts.backupDeps,
      migrations: services.migrations,
      invalidateCaches: () => {},
      limits: { rows: 10, ndjsonBytes: 1 << 30 },
    });
    const actor = { ...systemActor(), userId: 1, username: 'admin', role: 'admin' as const, method: 'bearer' as const };
    const error = await restore.fromUpload({ bytes: file, name: 'x' }, {}, actor).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 413, code: 'restore_too_large' });
    expect(await tableCounts(target.sql)).toEqual(before);
  });
});

describe('between adapters', () => {
  it('exports from the file adapter, restores into the remote one, and back, with identical rows', async () => {
    const file = await track(fileTarget());
    const remote = await track(remoteTarget());
    const fileApi = new ApiClient(file);
    const remoteApi = new ApiClient(remote);
    await seedFixture(file.sql, Date.now());
    await remoteApi.token('admin');
    const tables = [...business, 'users'];

    const fromFile = (await download(file, fileApi, '/api/admin/export')).bytes;
    expect(parseExport(fromFile).header.source).toBe('file');
    const intoRemote = await remoteApi.post('/api/admin/restore?includeUsers=true', upload(fromFile));
    expect(intoRemote.status).toBe(200);
    expect(await tableDigests(remote.sql, tables)).toEqual(await tableDigests(file.sql, tables));

    await remote.sql.execute(`UPDATE stock SET qty = qty + 7`);
    await remote.sql.execute(`DELETE FROM orders WHERE id = 9`);
    const fromRemote = (await download(remote, remoteApi, '/api/admin/export')).bytes;
    expect(parseExport(fromRemote).header.source).toBe('remote');
    const intoFile = await fileApi.post('/api/admin/restore?includeUsers=true', upload(fromRemote));
    expect(intoFile.status).toBe(200);
    expect(await tableDigests(file.sql, tables)).toEqual(await tableDigests(remote.sql, tables));
    expect(Number((await file.sql.execute(`SELECT qty FROM stock WHERE sku = 'A'`)).rows[0].qty)).toBe(12);
  });

  it('maps user references by username when users are not restored', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    await api.token('staff');
    const staff = Number((await target.sql.execute(`SELECT id FROM users WHERE role = 'staff'`)).rows[0].id);
    await target.sql.execute(`UPDATE order_markers SET created_by_user_id = 1 WHERE id = 1`);
    await target.sql.execute({
      sql: `UPDATE order_markers SET created_by_user_id = ?, created_by_username = 'gone' WHERE id = 2`,
      args: [staff],
    });
    // A file from a deployment where admin had id 40 and the staff account was someone named
    // "gone", who does not exist here.
    const file = rewriteExport((await download(target, api, '/api/admin/export')).bytes, (p) => {
      for (const r of p.records) {
        if (r.table === 'users' && r.row.id === staff) r.row.username = 'gone';
        if (r.table === 'users' && r.row.id === 1) r.row.id = 40;
        for (const column of Object.keys(r.row))
          if (/(^|_)user_id$/.test(column) && r.row[column] === 1) r.row[column] = 40;
      }
    });
    const res = await api.post('/api/admin/restore', upload(file));
    expect(res.status).toBe(200);
    const rows = (
      await target.sql.execute(
        `SELECT id, created_by_user_id, created_by_username FROM order_markers WHERE id IN (1, 2) ORDER BY id`,
      )
    ).rows;
    expect(
      rows.map((r) => [
        Number(r.id),
        r.created_by_user_id === null ? null : Number(r.created_by_user_id),
        r.created_by_username,
      ]),
    ).toEqual([
      [1, 1, 'admin'],
      [2, null, 'gone'],
    ]);
  });
});

describe('restoring users', () => {
  it('never revives a session: not one ended after the file was made, not one of whoever had the id before', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    const password = randomPassword();
    const created = await api.post('/api/admin/users', { username: 'packer', password, role: 'staff' });
    const login = async () =>
      (await api.post('/api/auth/token', { username: 'packer', password }, 'anonymous')).body.token as string;
    const me = async (token: string) =>
      (await api.raw('GET', '/api/auth/me', undefined, 'anonymous', { authorization: `Bearer ${token}` })).status;
    const old = await login();
    const file = (await download(target, api, '/api/admin/export')).bytes;
    expect(
      (await api.raw('POST', '/api/auth/logout?all=true', undefined, 'anonymous', { authorization: `Bearer ${old}` }))
        .status,
    ).toBe(200);
    expect(await me(old)).toBe(401);

    expect((await api.post('/api/admin/restore?includeUsers=true', upload(file))).status).toBe(200);
    expect(await me(old)).toBe(401);
    const current = await login();
    expect(await me(current)).toBe(200);

    // A file in which that id belongs to someone else: the packer's session must not become theirs.
    const swapped = rewriteExport(file, (p) => {
      for (const r of p.records)
        if (r.table === 'users' && r.row.id === created.body.user.id) r.row.username = 'someone-else';
    });
    expect((await api.post('/api/admin/restore?includeUsers=true', upload(swapped))).status).toBe(200);
    expect(await me(current)).toBe(401);
    expect((await api.get('/api/auth/me')).status).toBe(200);
  });
});

describe('legacy tables', () => {
  it('drops the legacy_* tables after a backup, audited; then 409 nothing_to_drop', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await target.sql.batch([
      'CREATE TABLE legacy_users (id INTEGER PRIMARY KEY, username TEXT)',
      'CREATE TABLE legacy_order_lines (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES legacy_users(id))',
      "INSERT INTO legacy_users VALUES (1, 'old')",
      'INSERT INTO legacy_order_lines VALUES (1, 1), (2, 1)',
    ]);
    const res = await api.post('/api/admin/legacy/drop');
    expect(res.status).toBe(200);
    expect(res.body.dropped.sort()).toEqual(['legacy_order_lines', 'legacy_users']);
    expect(res.body.counts).toEqual({ legacy_order_lines: 2, legacy_users: 1 });
    expect(res.body.backup).toMatch(/^backup_pre_migration_/);
    const left = await target.sql.execute(`SELECT name FROM sqlite_master WHERE name LIKE 'legacy_%'`);
    expect(left.rows).toEqual([]);
    // The backup taken first still has them.
    const { createClient } = await import('@libsql/client');
    const snap = createClient({ url: `file:${join(target.dir, 'backups', res.body.backup)}` });
    expect(Number((await snap.execute('SELECT count(*) AS n FROM legacy_order_lines')).rows[0].n)).toBe(2);
    snap.close();
    expect((await api.get('/api/admin/audit?action=legacy.drop')).body.items).toHaveLength(1);
    expect((await api.post('/api/admin/legacy/drop')).status).toBe(409);
  });
});

describe('a sqlite backup whose file was changed', () => {
  it('is refused with 422 invalid_backup before anything is written', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    const backup = (await api.post('/api/admin/backups', { format: 'sqlite' })).body;
    const { createClient } = await import('@libsql/client');
    const copy = createClient({ url: `file:${join(target.dir, 'backups', backup.name)}` });
    await copy.execute(`UPDATE stock SET qty = 1000`);
    copy.close();
    const before = await tableDigests(target.sql, business);
    const res = await api.post(`/api/admin/restore/from-backup/${backup.name}`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_backup');
    expect(res.body.error.details[0]).toMatchObject({ name: backup.name, code: 'checksum_mismatch' });
    expect(await tableDigests(target.sql, business)).toEqual(before);
  });
});

describe('a truncated or missing backup file restored by name (issue 11 item 11)', () => {
  it('answers 422 invalid_backup naming what is wrong (404 only for a name not in the catalogue); nothing is written', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    const before = await tableDigests(target.sql, business);
    for (const format of ['sqlite', 'ndjson'] as const) {
      const backup = (await api.post('/api/admin/backups', { format })).body;
      const path = join(target.dir, 'backups', backup.name);
      const full = readFileSync(path);
      // Cut as a failing disk or an interrupted copy would: the first part of the file is intact.
      writeFileSync(path, full.subarray(0, Math.floor(full.length / 2)));
      const res = await api.post(`/api/admin/restore/from-backup/${backup.name}`);
      expect(res.status, format).toBe(422);
      expect(res.body.error.code).toBe('invalid_backup');
      expect(res.body.error.message).toContain(backup.name);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({
          name: backup.name,
          code: 'truncated',
          expectedBytes: full.length,
          actualBytes: Math.floor(full.length / 2),
        }),
      ]);
      rmSync(path);
      const gone = await api.post(`/api/admin/restore/from-backup/${backup.name}?dryRun=true`);
      expect(gone.status).toBe(422);
      expect(gone.body.error.details[0]).toMatchObject({ code: 'file_missing' });
    }
    expect((await api.post('/api/admin/restore/from-backup/backup_manual_20200101T000000Z_zzzzzz.db')).status).toBe(
      404,
    );
    expect(await tableDigests(target.sql, business)).toEqual(before);
    // No pre_restore backup was taken for a file that could not be restored.
    expect(readdirSync(join(target.dir, 'backups')).filter((f) => f.startsWith('backup_pre_restore_'))).toEqual([]);
  });
});

describe('an upload rewritten by hand', () => {
  it('keeps the session secret even when the file carries one', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    const secret = (await target.sql.execute(`SELECT value FROM settings WHERE key = 'session_secret'`)).rows[0].value;
    const file = rewriteExport((await download(target, api, '/api/admin/export')).bytes, (p) => {
      const at = p.records.findIndex((r) => r.table === 'settings');
      p.records.splice(at, 0, { table: 'settings', row: { key: 'session_secret', value: 'AAAA', updated_at: 1 } });
    });
    const res = await api.post('/api/admin/restore', upload(file));
    expect(res.status).toBe(200);
    expect(res.body.skipped.settings).toBe(1);
    expect((await target.sql.execute(`SELECT value FROM settings WHERE key = 'session_secret'`)).rows[0].value).toBe(
      secret,
    );
    expect((await api.get('/api/auth/me')).status).toBe(200);
  });
});

describe('date_range on Bangkok days', () => {
  it('counts the same rows in the preview as the clear deletes', async () => {
    const target = await track(fileTarget());
    const api = new ApiClient(target);
    await seedFixture(target.sql, Date.now());
    mkdirSync(join(target.dir, 'backups'), { recursive: true });
    const body = { scope: 'date_range', ...RANGE, targets: ['sales', 'cancelled'] };
    const preview = await api.post('/api/admin/clear/preview', body);
    // 2025-01-10 00:00 and 2025-01-11 09:00 Bangkok are in; 2025-01-12 00:00 Bangkok is out.
    expect(preview.body.counts).toEqual({ sales_status: 2, order_markers: 1, pending_cancellations: 1 });
    const res = await api.post('/api/admin/clear', { ...body, confirmToken: preview.body.confirmToken });
    expect(res.body.deleted).toEqual(preview.body.counts);
    const left = (await target.sql.execute('SELECT order_no FROM sales_status ORDER BY order_no')).rows.map(
      (r) => r.order_no,
    );
    expect(left).toEqual(['YY', 'ZZ']);
  });
});

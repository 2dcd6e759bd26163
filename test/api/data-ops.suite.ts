// Data safety through the HTTP API (docs/domain/data-safety.md),
// run on the file adapter, the remote adapter and the worker. Every business table is seeded
// (test/support/data-fixture.ts); expected counts below are worked out by hand from the
// table of docs/domain/data-safety.md#clear-scopes and that fixture, never taken from the code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { randomPassword } from '../support/env';
import type { Target } from '../support/targets';
import { RANGE, SEEDED_TABLES, seedFixture, tableCounts, tableDigests } from '../support/data-fixture';
import { buildExport, lineOf, parseExport, rewriteExport, textOf, upload } from '../support/export-file';

type Drops = Record<string, number>;

const ALL_DROPS: Drops = {
  orders: 9,
  order_lines: 10,
  order_markers: 9,
  order_print_counters: 3,
  pending_cancellations: 2,
  print_jobs: 1,
  print_job_skus: 1,
  print_job_orders: 1,
  imports: 5,
  import_errors: 2,
  idempotency_keys: 1,
};

/**
 * docs/domain/data-safety.md#clear-scopes, applied by hand to the fixture. `reopened`: closed orders
 * that become open.
 */
const CASES: { name: string; body: Record<string, unknown>; drops: Drops; reopened?: number[] }[] = [
  {
    name: 'today (date_range today/orders: order 5 and its line and marker)',
    body: { scope: 'today' },
    drops: { orders: 1, order_lines: 1, order_markers: 1 },
  },
  {
    name: 'date_range/orders (order 1 only, not the same number in another shop imported 01-12)',
    body: { scope: 'date_range', ...RANGE, targets: ['orders'] },
    drops: { orders: 1, order_lines: 2, order_markers: 1, order_print_counters: 1 },
  },
  {
    name: 'date_range/sales (rows last written on those Bangkok days)',
    body: { scope: 'date_range', ...RANGE, targets: ['sales'] },
    drops: { sales_status: 2 },
    reopened: [8],
  },
  {
    name: 'date_range/issued (markers only, orders stay)',
    body: { scope: 'date_range', ...RANGE, targets: ['issued'] },
    drops: { order_markers: 1 },
  },
  {
    name: 'date_range/cancelled (cancel markers and pending cancellations; the order reopens)',
    body: { scope: 'date_range', ...RANGE, targets: ['cancelled'] },
    drops: { order_markers: 1, pending_cancellations: 1 },
    reopened: [3],
  },
  {
    name: 'date_range/deleted (purges the orders trashed in range)',
    body: { scope: 'date_range', ...RANGE, targets: ['deleted'] },
    drops: { orders: 1, order_lines: 1, order_markers: 1, order_print_counters: 1 },
  },
  {
    name: 'date_range with every target',
    body: { scope: 'date_range', ...RANGE, targets: ['orders', 'sales', 'issued', 'cancelled', 'deleted'] },
    drops: {
      orders: 2,
      order_lines: 3,
      order_markers: 4,
      order_print_counters: 2,
      sales_status: 2,
      pending_cancellations: 1,
    },
    reopened: [3, 8],
  },
  {
    name: 'all (keeps products, stock, sales, shops, other imports, settings, users)',
    body: { scope: 'all' },
    drops: ALL_DROPS,
  },
  {
    name: 'everything (keeps users, settings, audit_log, backups)',
    body: { scope: 'everything' },
    drops: { ...ALL_DROPS, imports: 8, import_errors: 3, products: 2, stock: 2, sales_status: 4, shops: 2 },
  },
  {
    name: 'deleted_bin (purges trashed orders: nothing comes back)',
    body: { scope: 'deleted_bin' },
    drops: { orders: 2, order_lines: 2, order_markers: 3, order_print_counters: 2 },
  },
  {
    name: 'cancelled (purges cancelled orders and every pending cancellation)',
    body: { scope: 'cancelled' },
    drops: { orders: 2, order_lines: 2, order_markers: 3, order_print_counters: 1, pending_cancellations: 2 },
  },
  {
    name: 'issued (purges issued orders)',
    body: { scope: 'issued' },
    drops: { orders: 3, order_lines: 4, order_markers: 4, order_print_counters: 1 },
  },
  {
    name: 'sales (every sales_status row; packed disappears)',
    body: { scope: 'sales' },
    drops: { sales_status: 4 },
    reopened: [8],
  },
  {
    name: 'bill_empty_today (markers created today, today bill_empty imports with their errors)',
    body: { scope: 'bill_empty_today' },
    drops: { order_markers: 1, imports: 1, import_errors: 1 },
  },
];

/** Tables a successful clear adds to: its pre_clear backup, its audit row, its spent token. */
const GROWS_BY_ONE = ['backups', 'audit_log', 'revoked_sessions'];

export function defineDataOpsSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`data operations [${name}]`, () => {
    let target: Target;
    let api: ApiClient;

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      await api.token('admin');
    });
    afterAll(async () => {
      await target?.close();
    });

    const seed = () => seedFixture(target.sql, Date.now());
    const counts = () => tableCounts(target.sql);
    const restorable = [...SEEDED_TABLES.filter((t) => t !== 'idempotency_keys'), 'settings', 'users'];

    async function download(path: string) {
      const res = await target.fetch(path, { headers: { authorization: `Bearer ${await api.token('admin')}` } });
      return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
    }

    async function clear(body: Record<string, unknown>) {
      const preview = await api.post('/api/admin/clear/preview', body);
      expect(preview.status).toBe(200);
      return {
        preview,
        result: await api.post('/api/admin/clear', { ...body, confirmToken: preview.body.confirmToken }),
      };
    }

    describe('clear scopes (docs/domain/data-safety.md#clear-scopes)', () => {
      for (const c of CASES) {
        it(`${c.name}`, async () => {
          await seed();
          const before = await counts();
          const { preview, result } = await clear(c.body);
          expect(result.status).toBe(200);
          const after = await counts();

          for (const table of Object.keys(before)) {
            const expected = before[table] - (c.drops[table] ?? 0) + (GROWS_BY_ONE.includes(table) ? 1 : 0);
            expect({ table, count: after[table] }).toEqual({ table, count: expected });
          }
          for (const [table, n] of Object.entries(result.body.deleted as Drops))
            expect({ table, n }).toEqual({ table, n: c.drops[table] ?? 0 });
          for (const [table, n] of Object.entries(c.drops)) expect(result.body.deleted[table]).toBe(n);
          expect(preview.body.counts).toEqual(result.body.deleted);
          expect(result.body.backup).toMatch(/^backup_pre_clear_\d{8}T\d{6}Z_[a-z0-9]{6}\.(db|ndjson\.gz)$/);

          if (c.reopened) {
            const rs = await target.sql.execute(
              `SELECT id, closed_at FROM orders WHERE id IN (${c.reopened.join(',')})`,
            );
            expect(rs.rows.map((r) => [Number(r.id), r.closed_at])).toEqual(c.reopened.map((id) => [id, null]));
          }
          const audit = await api.get('/api/admin/audit?action=data.clear&limit=1');
          expect(audit.body.items[0]).toMatchObject({
            id: result.body.auditId,
            action: 'data.clear',
            counts: result.body.deleted,
          });
          const listed = await api.get('/api/admin/backups?limit=500');
          expect(listed.body.items.find((b: any) => b.name === result.body.backup)).toMatchObject({
            kind: 'pre_clear',
          });
        });
      }

      it('gives the seven stats of the clear page', async () => {
        await seed();
        const res = await api.get('/api/admin/clear/stats');
        expect(res.status).toBe(200);
        // 9 orders carry 8 distinct numbers (O1 twice); today: order 5; today's bill-empty log added 3.
        expect(res.body).toMatchObject({
          totalOrders: 8,
          cancelledOrders: 2,
          issuedOrders: 3,
          todayOrders: 1,
          salesRows: 4,
          trashedOrders: 2,
          billEmptyToday: 3,
        });
        expect((await api.get('/api/admin/clear/stats', 'staff')).status).toBe(403);
      });

      it('can be undone from its pre_clear backup', async () => {
        await seed();
        const digests = await tableDigests(target.sql, restorable);
        const { result } = await clear({ scope: 'everything' });
        expect(result.status).toBe(200);
        expect((await counts()).orders).toBe(0);
        const restored = await api.post(`/api/admin/restore/from-backup/${result.body.backup}`);
        expect(restored.status).toBe(200);
        expect(await tableDigests(target.sql, restorable)).toEqual(digests);
      });
    });

    describe('clear confirmation (docs/domain/data-safety.md#clear-confirmation)', () => {
      it('refuses a missing, reused or mismatched token with 409 confirmation_required and changes nothing', async () => {
        await seed();
        const before = await counts();
        const missing = await api.post('/api/admin/clear', { scope: 'all' });
        expect(missing.status).toBe(409);
        expect(missing.body.error.code).toBe('confirmation_required');

        const forSales = await api.post('/api/admin/clear/preview', { scope: 'sales' });
        const otherScope = await api.post('/api/admin/clear', {
          scope: 'all',
          confirmToken: forSales.body.confirmToken,
        });
        expect(otherScope.status).toBe(409);
        const forRange = await api.post('/api/admin/clear/preview', {
          scope: 'date_range',
          ...RANGE,
          targets: ['orders'],
        });
        const otherDates = await api.post('/api/admin/clear', {
          scope: 'date_range',
          dateFrom: '2025-01-10',
          dateTo: '2025-01-12',
          targets: ['orders'],
          confirmToken: forRange.body.confirmToken,
        });
        expect(otherDates.status).toBe(409);
        const otherTargets = await api.post('/api/admin/clear', {
          scope: 'date_range',
          ...RANGE,
          targets: ['orders', 'sales'],
          confirmToken: forRange.body.confirmToken,
        });
        expect(otherTargets.status).toBe(409);
        const forged = await api.post('/api/admin/clear', {
          scope: 'sales',
          confirmToken: forSales.body.confirmToken.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')),
        });
        expect(forged.status).toBe(409);
        expect(await counts()).toEqual(before);

        const used = await api.post('/api/admin/clear', { scope: 'sales', confirmToken: forSales.body.confirmToken });
        expect(used.status).toBe(200);
        await seed();
        const reseeded = await counts();
        const reused = await api.post('/api/admin/clear', { scope: 'sales', confirmToken: forSales.body.confirmToken });
        expect(reused.status).toBe(409);
        expect(reused.body.error.code).toBe('confirmation_required');
        expect(await counts()).toEqual(reseeded);
      });

      it('binds the token to the admin who asked for it', async () => {
        await seed();
        const password = randomPassword();
        const other = await api.post('/api/admin/users', {
          username: `admin2-${Date.now().toString(36)}`,
          password,
          role: 'admin',
        });
        expect(other.status).toBe(201);
        const token = (await api.post('/api/auth/token', { username: other.body.user.username, password }, 'anonymous'))
          .body.token;
        const preview = await api.raw('POST', '/api/admin/clear/preview', { scope: 'sales' }, 'anonymous', {
          authorization: `Bearer ${token}`,
        });
        expect(preview.status).toBe(200);
        const before = await counts();
        const res = await api.post('/api/admin/clear', { scope: 'sales', confirmToken: preview.body.confirmToken });
        expect(res.status).toBe(409);
        expect(await counts()).toEqual(before);
      });

      it('refuses a reversed date range with 400 invalid_date_range and missing targets with 400 invalid_targets', async () => {
        const reversed = { scope: 'date_range', dateFrom: '2025-01-11', dateTo: '2025-01-10', targets: ['orders'] };
        for (const path of ['/api/admin/clear/preview', '/api/admin/clear']) {
          const res = await api.post(path, reversed);
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('invalid_date_range');
        }
        expect(
          (
            await api.post('/api/admin/clear/preview', {
              scope: 'date_range',
              dateFrom: '2025-02-30',
              dateTo: '2025-03-01',
              targets: ['orders'],
            })
          ).body.error.code,
        ).toBe('invalid_date_range');
        expect((await api.post('/api/admin/clear/preview', { scope: 'date_range', ...RANGE })).body.error.code).toBe(
          'invalid_targets',
        );
        expect(
          (await api.post('/api/admin/clear/preview', { scope: 'date_range', ...RANGE, targets: [] })).body.error.code,
        ).toBe('invalid_targets');
        expect(
          (await api.post('/api/admin/clear/preview', { scope: 'date_range', ...RANGE, targets: ['orders', 'users'] }))
            .body.error.code,
        ).toBe('invalid_targets');
        expect((await api.post('/api/admin/clear/preview', { scope: 'nuke' })).status).toBe(400);
      });

      it('is admin only', async () => {
        expect((await api.post('/api/admin/clear/preview', { scope: 'sales' }, 'staff')).status).toBe(403);
        expect((await api.post('/api/admin/clear', { scope: 'sales' }, 'staff')).status).toBe(403);
        expect((await api.post('/api/admin/clear', { scope: 'sales' }, 'anonymous')).status).toBe(401);
      });
    });

    describe('backups (docs/domain/data-safety.md#backups)', () => {
      it('takes a manual backup, lists it with its counts, downloads it and deletes it, all audited', async () => {
        await seed();
        const created = await api.post('/api/admin/backups', {});
        expect(created.status).toBe(201);
        const b = created.body;
        expect(b).toMatchObject({
          kind: 'manual',
          format: target.name === 'file' ? 'sqlite' : 'ndjson',
          legacy: false,
          createdBy: { username: 'admin' },
        });
        expect(b.rowCounts).toMatchObject({ orders: 9, order_lines: 10, products: 2 });
        expect(b.sizeBytes).toBeGreaterThan(0);

        const listed = await api.get('/api/admin/backups');
        expect(listed.body.items[0].name).toBe(b.name);
        expect(listed.body.total).toBeGreaterThanOrEqual(1);

        const file = await download(`/api/admin/backups/${b.name}`);
        expect(file.status).toBe(200);
        expect(file.headers.get('content-disposition')).toContain(b.name);
        expect(file.bytes.byteLength).toBe(b.sizeBytes);
        if (b.format === 'sqlite') expect(Buffer.from(file.bytes.subarray(0, 15)).toString()).toBe('SQLite format 3');
        else expect(parseExport(file.bytes).trailer.counts.orders).toBe(9);

        const removed = await api.delete(`/api/admin/backups/${b.name}`);
        expect(removed.status).toBe(200);
        expect((await api.get('/api/admin/backups?limit=500')).body.items.some((x: any) => x.name === b.name)).toBe(
          false,
        );
        expect((await api.delete(`/api/admin/backups/${b.name}`)).status).toBe(404);
        expect((await download(`/api/admin/backups/${b.name}`)).status).toBe(404);

        const actions = (await api.get('/api/admin/audit?limit=20')).body.items
          .filter((a: any) => a.targetId === b.name)
          .map((a: any) => a.action);
        expect(actions.sort()).toEqual(['backup.create', 'backup.delete', 'backup.download']);
      });

      it('takes an ndjson backup on any adapter; sqlite only on the file adapter', async () => {
        const nd = await api.post('/api/admin/backups', { format: 'ndjson' });
        expect(nd.status).toBe(201);
        expect(nd.body.name).toMatch(/\.ndjson\.gz$/);
        const sqlite = await api.post('/api/admin/backups', { format: 'sqlite' });
        if (target.name === 'file') expect(sqlite.status).toBe(201);
        else {
          expect(sqlite.status).toBe(409);
          expect(sqlite.body.error.code).toBe('unsupported_on_adapter');
        }
      });

      it('refuses names that are not backup names with 400 invalid_backup_name, so no path can be reached', async () => {
        for (const bad of [
          '..%2F..%2Fetc%2Fpasswd',
          'data.db',
          'backup_manual_20250101T000000Z_abcdef.db%2F..',
          'backup_manual_20250101T000000Z_ABCDEF.db',
          'backup_manual_20250101T000000Z_abcdef.db%00',
        ]) {
          const get = await download(`/api/admin/backups/${bad}`);
          expect(get.status).toBe(400);
          expect(JSON.parse(Buffer.from(get.bytes).toString()).error.code).toBe('invalid_backup_name');
          expect((await api.delete(`/api/admin/backups/${bad}`)).body.error.code).toBe('invalid_backup_name');
          expect((await api.post(`/api/admin/restore/from-backup/${bad}`)).body.error.code).toBe('invalid_backup_name');
        }
        expect((await download('/api/admin/backups/backup_manual_20250101T000000Z_abcdef.db')).status).toBe(404);
      });

      it('is admin only', async () => {
        expect((await api.get('/api/admin/backups', 'staff')).status).toBe(403);
        expect((await api.post('/api/admin/backups', {}, 'staff')).status).toBe(403);
        expect((await api.get('/api/admin/export', 'staff')).status).toBe(403);
        expect((await api.get('/api/admin/backups', 'anonymous')).status).toBe(401);
      });
    });

    describe('export (docs/domain/data-safety.md#export-layout)', () => {
      it('streams export_<stamp>.ndjson.gz with header, rows in foreign-key order, and a trailer that checks out', async () => {
        await seed();
        const res = await download('/api/admin/export');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-disposition')).toMatch(/filename="export_\d{8}T\d{6}Z\.ndjson\.gz"/);
        expect(res.bytes[0]).toBe(0x1f);
        const text = textOf(res.bytes);
        const parsed = parseExport(res.bytes);
        expect(parsed.header).toMatchObject({
          format: 'wms-export',
          version: 1,
          source: target.name === 'file' ? 'file' : 'remote',
        });
        expect(parsed.header.schema).toMatch(/^\d{4}_/);
        const body = text.slice(0, text.lastIndexOf('{"end":true'));
        const { createHash } = await import('node:crypto');
        expect(parsed.trailer.sha256).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));
        expect(parsed.trailer.counts).toMatchObject({ orders: 9, order_lines: 10, shops: 2, settings: 1 });
        const tables = parsed.records.map((r) => r.table);
        expect(tables.indexOf('orders')).toBeGreaterThan(tables.lastIndexOf('shops'));
        expect(tables.indexOf('order_lines')).toBeGreaterThan(tables.lastIndexOf('orders'));
        for (const left of ['backups', 'login_attempts', 'idempotency_keys', 'revoked_sessions', 'leases'])
          expect(tables).not.toContain(left);
        expect(parsed.records.some((r) => r.table === 'settings' && r.row.key === 'session_secret')).toBe(false);
        expect(tables).toContain('audit_log');
        const audit = await api.get('/api/admin/audit?action=data.export&limit=1');
        expect(audit.body.items[0].details).toMatchObject({ format: 'ndjson' });
      });

      it('streams a sqlite snapshot with ?format=sqlite on the file adapter, 409 unsupported_on_adapter elsewhere', async () => {
        const res = await download('/api/admin/export?format=sqlite');
        if (target.name === 'file') {
          expect(res.status).toBe(200);
          expect(res.headers.get('content-disposition')).toMatch(/filename="export_\d{8}T\d{6}Z\.db"/);
          expect(Buffer.from(res.bytes.subarray(0, 15)).toString()).toBe('SQLite format 3');
        } else {
          expect(res.status).toBe(409);
          expect(JSON.parse(Buffer.from(res.bytes).toString()).error.code).toBe('unsupported_on_adapter');
        }
      });
    });

    describe('restore (docs/domain/data-safety.md#restore)', () => {
      async function exported() {
        return (await download('/api/admin/export')).bytes;
      }

      it('round-trips an export: identical rows in every restored table, the audit log only grows', async () => {
        await seed();
        const digests = await tableDigests(target.sql, restorable);
        const file = await exported();
        const auditBefore = (
          await target.sql.execute('SELECT id, action, details FROM audit_log ORDER BY id')
        ).rows.map((r) => [r.id, r.action, r.details]);
        await target.sql.execute(`UPDATE products SET name = 'changed'`);
        await target.sql.execute(`DELETE FROM orders WHERE id = 9`);
        await target.sql.execute(
          `INSERT INTO shops (id, platform, name, name_key, created_at, updated_at) VALUES (50, 'Other', 'N', 'n', 1, 1)`,
        );

        const res = await api.post('/api/admin/restore', upload(file));
        expect(res.status).toBe(200);
        expect(res.body.backup).toMatch(/^backup_pre_restore_/);
        expect(res.body.restored).toMatchObject({
          orders: 9,
          order_lines: 10,
          order_markers: 9,
          shops: 2,
          settings: 1,
        });
        expect(res.body.restored.users).toBeUndefined();
        expect(res.body.skipped.audit_log).toBeGreaterThan(0);
        expect(await tableDigests(target.sql, restorable)).toEqual(digests);
        const auditAfter = (await target.sql.execute('SELECT id, action, details FROM audit_log ORDER BY id')).rows.map(
          (r) => [r.id, r.action, r.details],
        );
        expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
        expect(auditAfter.at(-1)![1]).toBe('data.restore');
        expect(
          (await api.get('/api/admin/backups?limit=5')).body.items.some(
            (b: any) => b.name === res.body.backup && b.kind === 'pre_restore',
          ),
        ).toBe(true);
        // The session secret was kept: the token used before the restore still works.
        expect((await api.get('/api/auth/me')).status).toBe(200);
      });

      it('restores from a catalogued backup of each format the adapter has', async () => {
        await seed();
        const digests = await tableDigests(target.sql, restorable);
        const formats = target.name === 'file' ? ['sqlite', 'ndjson'] : ['ndjson'];
        for (const format of formats) {
          const backup = await api.post('/api/admin/backups', { format });
          expect(backup.status).toBe(201);
          await target.sql.execute(`DELETE FROM order_lines`);
          await target.sql.execute(`UPDATE stock SET qty = 99`);
          const res = await api.post(`/api/admin/restore/from-backup/${backup.body.name}`);
          expect(res.status).toBe(200);
          expect(await tableDigests(target.sql, restorable)).toEqual(digests);
        }
        expect(
          (await api.post('/api/admin/restore/from-backup/backup_manual_20200101T000000Z_zzzzzz.ndjson.gz')).status,
        ).toBe(404);
      });

      it('validates only with dryRun=true: counts, no backup, nothing changed', async () => {
        await seed();
        const file = await exported();
        await target.sql.execute(`DELETE FROM order_markers`);
        const before = await counts();
        const res = await api.post('/api/admin/restore?dryRun=true', upload(file));
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ dryRun: true, backup: null, restored: { orders: 9, order_markers: 9 } });
        expect(await counts()).toEqual(before);
      });

      it('restores users only with includeUsers=true, and never locks the acting admin out', async () => {
        await seed();
        const file = await exported();
        const created = await api.post('/api/admin/users', {
          username: `late-${Date.now().toString(36)}`,
          password: randomPassword(),
          role: 'user',
        });
        expect(created.status).toBe(201);
        const withUsers = await api.post('/api/admin/restore?includeUsers=true', upload(file));
        expect(withUsers.status).toBe(200);
        expect(withUsers.body.restored.users).toBeGreaterThan(0);
        const users = await target.sql.execute('SELECT username FROM users');
        expect(users.rows.map((r) => r.username)).not.toContain(created.body.user.username);
        expect((await api.get('/api/auth/me')).status).toBe(200);

        const demoted = rewriteExport(file, (p) => {
          for (const r of p.records) if (r.table === 'users' && r.row.username === 'admin') r.row.role = 'staff';
        });
        const before = await counts();
        const refused = await api.post('/api/admin/restore?includeUsers=true', upload(demoted));
        expect(refused.status).toBe(409);
        expect(refused.body.error.code).toBe('would_lock_out');
        expect(await counts()).toEqual(before);
        // Without includeUsers the same file is fine: the current accounts stay.
        expect((await api.post('/api/admin/restore', upload(demoted))).status).toBe(200);
        expect((await target.sql.execute(`SELECT role FROM users WHERE username = 'admin'`)).rows[0].role).toBe(
          'admin',
        );
      });

      it('refuses hostile and broken files with 422 and line numbers, and changes nothing', async () => {
        await seed();
        const good = await exported();
        const parsed = parseExport(good);
        const before = await counts();
        const digests = await tableDigests(target.sql, restorable);
        const firstLine = lineOf(parsed, 'order_lines');

        const cases: { name: string; bytes: Uint8Array; code: string; detail?: Record<string, unknown> }[] = [
          { name: 'truncated gzip', bytes: good.subarray(0, Math.floor(good.length / 2)), code: 'invalid_export' },
          {
            name: 'truncated text (no trailer)',
            bytes: new TextEncoder().encode(textOf(good).split('\n').slice(0, 5).join('\n') + '\n'),
            code: 'invalid_export',
            detail: { code: 'missing_trailer', line: 6 },
          },
          {
            name: 'wrong version',
            bytes: rewriteExport(good, (p) => void (p.header.version = 2)),
            code: 'incompatible_export',
            detail: { line: 1 },
          },
          {
            name: 'wrong format',
            bytes: rewriteExport(good, (p) => void (p.header.format = 'other')),
            code: 'incompatible_export',
          },
          {
            name: 'schema from the future',
            bytes: rewriteExport(good, (p) => void (p.header.schema = '9999_future')),
            code: 'incompatible_export',
          },
          {
            name: 'bad checksum',
            bytes: new TextEncoder().encode(textOf(good).replace('"Alpha"', '"Alphb"')),
            code: 'invalid_export',
            detail: { code: 'checksum_mismatch', line: parsed.records.length + 2 },
          },
          {
            name: 'unknown table',
            bytes: rewriteExport(good, (p) => void p.records.splice(3, 0, { table: 'backups', row: { id: 1 } })),
            code: 'invalid_export',
            detail: { code: 'unknown_table', line: 5 },
          },
          {
            name: 'a row breaking a foreign key',
            bytes: rewriteExport(good, (p) => void (p.records[firstLine - 2].row.order_id = 999_999)),
            code: 'invalid_export',
            detail: { code: 'foreign_key', line: firstLine, table: 'order_lines' },
          },
          {
            name: 'a duplicate unique key',
            bytes: rewriteExport(good, (p) => {
              const i = lineOf(p, 'products', 1) - 2;
              p.records[i].row.sku = 'A';
            }),
            code: 'invalid_export',
            detail: { code: 'duplicate_key', line: lineOf(parsed, 'products', 1) },
          },
          {
            name: 'a row failing its schema',
            bytes: rewriteExport(good, (p) => void (p.records[firstLine - 2].row.qty = 0)),
            code: 'invalid_export',
            detail: { line: firstLine, table: 'order_lines' },
          },
          {
            name: 'a table split in two',
            bytes: rewriteExport(good, (p) => {
              const [moved] = p.records.splice(lineOf(p, 'products') - 2, 1);
              p.records.push(moved);
            }),
            code: 'invalid_export',
            detail: { code: 'not_contiguous', line: parsed.records.length + 1 },
          },
          {
            name: 'not JSON',
            bytes: new TextEncoder().encode('hello\nworld\n'),
            code: 'invalid_export',
            detail: { line: 1 },
          },
        ];
        for (const c of cases) {
          const res = await api.post('/api/admin/restore', upload(c.bytes));
          expect({ name: c.name, status: res.status, code: res.body.error?.code }).toEqual({
            name: c.name,
            status: 422,
            code: c.code,
          });
          expect(res.body.error.details.length).toBeGreaterThan(0);
          expect(res.body.error.details.every((d: any) => 'line' in d)).toBe(true);
          if (c.detail) expect(res.body.error.details).toContainEqual(expect.objectContaining(c.detail));
        }
        expect(await counts()).toEqual(before);
        expect(await tableDigests(target.sql, restorable)).toEqual(digests);
      });

      it('stores SQL text in values verbatim', async () => {
        await seed();
        const hostile = `x'); DROP TABLE orders; --`;
        const file = rewriteExport(await exported(), (p) => {
          for (const r of p.records) if (r.table === 'products' && r.row.sku === 'A') r.row.name = hostile;
          const at = p.records.findIndex((r) => r.table === 'products');
          p.records.splice(at, 0, {
            table: 'products',
            row: { id: 77, sku: `"; DELETE FROM shops; --`, created_at: 1, updated_at: 1 },
          });
        });
        const ok = await api.post('/api/admin/restore', upload(file));
        expect(ok.status).toBe(200);
        const rows = await target.sql.execute(`SELECT sku, name FROM products ORDER BY id`);
        expect(rows.rows.map((r) => [r.sku, r.name])).toEqual([
          ['A', hostile],
          ['B', 'Beta'],
          [`"; DELETE FROM shops; --`, null],
        ]);
        expect((await counts()).orders).toBe(9);
        expect((await counts()).shops).toBe(2);
      });

      it('accepts a plain .ndjson file and fills columns an older file lacks with their defaults', async () => {
        await seed();
        const file = rewriteExport(
          await exported(),
          (p) => {
            for (const r of p.records) if (r.table === 'order_lines') delete r.row.picking_count;
          },
          { plain: true },
        );
        const res = await api.post('/api/admin/restore', upload(file, 'export.ndjson'));
        expect(res.status).toBe(200);
        const rs = await target.sql.execute('SELECT DISTINCT picking_count FROM order_lines');
        expect(rs.rows.map((r) => Number(r.picking_count))).toEqual([0]);
      });

      it('needs a file', async () => {
        const form = new FormData();
        form.append('other', 'x');
        expect((await api.post('/api/admin/restore', form)).status).toBe(400);
        expect((await api.post('/api/admin/restore', upload(new Uint8Array()))).status).toBe(422);
      });

      it('restore is admin only', async () => {
        const file = buildExport({ format: 'wms-export', version: 1, schema: '0000_init', tables: [] }, []);
        expect((await api.post('/api/admin/restore', upload(file), 'staff')).status).toBe(403);
        expect((await api.post('/api/admin/restore', upload(file), 'anonymous')).status).toBe(401);
      });
    });

    describe('legacy drop and system status', () => {
      it('answers 409 nothing_to_drop when there are no legacy_* tables', async () => {
        const res = await api.post('/api/admin/legacy/drop');
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('nothing_to_drop');
        expect((await api.post('/api/admin/legacy/drop', undefined, 'staff')).status).toBe(403);
      });

      it('tells the truth about backups in system status', async () => {
        const made = await api.post('/api/admin/backups', { format: 'ndjson' });
        const res = await api.get('/api/admin/system-status');
        expect(res.status).toBe(200);
        const b = res.body.backups;
        expect(b.latest.name).toBe(made.body.name);
        const listed = await api.get('/api/admin/backups?limit=500');
        expect(b.count).toBe(listed.body.total);
        expect(b.totalBytes).toBe(listed.body.items.reduce((s: number, x: any) => s + x.sizeBytes, 0));
        expect(b.nextScheduledAt).toMatch(/T19:00:00\+07:00$/);
        expect(b.retention).toMatchObject({
          scheduled: 7,
          manual: 10,
          pre_clear: 20,
          pre_restore: 20,
          pre_purge: 20,
          pre_migration: 20,
          legacy: 'never',
        });
        expect(b.lastError).toBeNull();
        expect(typeof b.location).toBe('string');
        expect(res.body.tables.backups).toBe(b.count);
      });
    });
  });
}

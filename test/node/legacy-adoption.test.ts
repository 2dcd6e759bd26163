// Legacy adoption (docs/domain/data-safety.md#legacy-adoption,
// docs/domain/data-model.md#legacy-migration-map) on a copy of the fixture written by the real
// legacy app. Every expected value comes from test/fixtures/samples/legacy/README.md ("Expected
// facts", spot checks S1-S5, "More edge cases") and expected.json; the choices the README leaves
// open are named where they are asserted.
import { createClient, type Client } from '@libsql/client';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileStorage } from '../../adapters/libsql-file';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { boot, BootError, type Booted } from '../../src/node/boot';
import { createFileBackupStore } from '../../src/node/file-backup-store';
import { adoptLegacyFile } from '../../src/node/legacy-adoption';
import { bundledMigrations } from '../../src/db/migrations.generated';
import { isValidBackupName, parseBackupName } from '../../src/services/backups/names';
import { LEGACY_PASSWORDS, LEGACY_TABLE_COUNTS, dumpDatabase, legacyCopy, tableCounts } from '../support/legacy';
import { samplePath } from '../support/samples';

const expected = JSON.parse(readFileSync(samplePath('legacy/expected.json'), 'utf8'));
const ADOPTED_AT = Date.parse('2025-11-20T02:00:00.000Z');

async function bootOn(path: string, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const log = createLogger('info', (_level, line) => lines.push(line));
  const parsed = loadConfig({ DATABASE_PATH: path, NODE_ENV: 'test', COOKIE_SECURE: 'false', ...env }, 'node');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const booted = await boot(parsed.config, {
    cwd: process.cwd(),
    log,
    build: { version: 'test', commit: 'test', runtime: 'node test', startedAt: ADOPTED_AT },
    clock: () => ADOPTED_AT,
  });
  return { booted, lines };
}

const n = async (db: Client, sqlText: string, args: (string | number)[] = []) =>
  Number((await db.execute({ sql: sqlText, args })).rows[0][0]);
const iso = (v: unknown) => (v == null ? null : new Date(Number(v)).toISOString());

describe('legacy adoption at boot (LEGACY_ADOPT=true) on a copy of the fixture', () => {
  let dir: string;
  let path: string;
  let booted: Booted;
  let logs: string[];
  let db: Client;
  const order = async (platform: string, orderNo: string) => {
    const rs = await db.execute({
      sql: 'SELECT o.*, s.name AS shop_name FROM orders o JOIN shops s ON s.id = o.shop_id WHERE o.platform = ? AND o.order_no = ?',
      args: [platform, orderNo],
    });
    expect(rs.rows).toHaveLength(1);
    return rs.rows[0];
  };
  const linesOf = async (orderId: unknown) =>
    (await db.execute({ sql: 'SELECT * FROM order_lines WHERE order_id = ? ORDER BY sku', args: [Number(orderId)] }))
      .rows;
  const markersOf = async (orderId: unknown) =>
    (await db.execute({ sql: 'SELECT * FROM order_markers WHERE order_id = ? ORDER BY kind', args: [Number(orderId)] }))
      .rows;
  const fetchApp = (p: string, init?: RequestInit) => booted.app.request(p, init);
  const tokenFor = async (username: string, password: string) => {
    const res = await fetchApp('/api/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { token: string; user: { username: string; role: string } },
    };
  };

  beforeAll(async () => {
    ({ dir, path } = legacyCopy());
    ({ booted, lines: logs } = await bootOn(path, { LEGACY_ADOPT: 'true' }));
    db = createClient({ url: `file:${path}` });
  });
  afterAll(async () => {
    db?.close();
    await booted?.storage.close();
  });

  it('logs the summary line naming the backup, then boots normally on the current schema', () => {
    const backup = readdirSync(join(dir, 'backups'))[0];
    expect(logs).toContain(
      `Legacy database adopted: 210 orders, 306 order lines, 70 markers, 2 pending cancellations, 4 shops, 3 users, 60 products, 60 stock rows, 112 sales status rows, 17 imports, 8 print jobs, 5 settings (backup ${backup})`,
    );
    expect(logs.some((l) => l.startsWith(`Schema up to date (${bundledMigrations.at(-1)!.tag})`))).toBe(true);
    // The legacy users exist: no setup mode.
    expect(logs.some((l) => l.includes('Setup required'))).toBe(false);
  });

  it('has every headline number of expected.json', async () => {
    expect(await n(db, 'SELECT count(*) FROM orders')).toBe(expected.orders);
    expect(await n(db, 'SELECT count(*) FROM order_lines')).toBe(expected.order_lines);
    expect(await n(db, 'SELECT count(*) FROM products')).toBe(expected.products);
    expect(await n(db, 'SELECT count(*) FROM stock')).toBe(expected.stock);
    expect(await n(db, 'SELECT count(*) FROM sales_status')).toBe(expected.sales_status);
    expect(await n(db, 'SELECT count(*) FROM shops')).toBe(expected.shops);
    expect(await n(db, 'SELECT count(*) FROM users')).toBe(expected.users);
    for (const kind of ['cancelled', 'issued', 'trashed', 'bill_empty']) {
      expect(await n(db, 'SELECT count(*) FROM order_markers WHERE kind = ?', [kind])).toBe(expected.markers[kind]);
    }
    expect(await n(db, 'SELECT count(*) FROM order_lines WHERE accepted = 1')).toBe(expected.accepted_lines);
    expect(await n(db, 'SELECT count(*) FROM imports')).toBe(expected.imports);
  });

  it('has the rest of the README facts table', async () => {
    // By platform: Shopee 102, Lazada 52, TikTok 56.
    const byPlatform = (
      await db.execute('SELECT platform, count(*) AS c FROM orders GROUP BY platform ORDER BY platform')
    ).rows.map((r) => [r.platform, Number(r.c)]);
    expect(byPlatform).toEqual([
      ['Lazada', 52],
      ['Shopee', 102],
      ['TikTok', 56],
    ]);
    expect(
      (await db.execute('SELECT order_no, platform FROM pending_cancellations ORDER BY order_no')).rows.map((r) => [
        r.order_no,
        r.platform,
      ]),
    ).toEqual([
      ['250101NOTEXIST03', ''],
      ['251118HGL8PVPM', ''],
    ]);
    // Print counters: warehouse 42 orders (sum 44, two at 2); low-stock 4, no-stock 4, not-enough 1.
    const counters = async (kind: string) =>
      (
        await db.execute({
          sql: 'SELECT count(*) AS c, sum(count) AS s, sum(count = 2) AS twos FROM order_print_counters WHERE kind = ?',
          args: [kind],
        })
      ).rows[0];
    expect([await counters('warehouse')].map((r) => [Number(r.c), Number(r.s), Number(r.twos)])).toEqual([[42, 44, 2]]);
    expect(Number((await counters('lowstock')).c)).toBe(4);
    expect(Number((await counters('nostock')).c)).toBe(4);
    expect(Number((await counters('notenough')).c)).toBe(1);
    // Picking is per line now: 40 orders printed, the order-level maximum sums to 41 (one at 2).
    const picking = (
      await db.execute(
        'SELECT count(*) AS c, sum(m) AS s, sum(m = 2) AS twos FROM (SELECT max(picking_count) AS m FROM order_lines GROUP BY order_id HAVING m > 0)',
      )
    ).rows[0];
    expect([Number(picking.c), Number(picking.s), Number(picking.twos)]).toEqual([40, 41, 1]);
    // Imports by kind: orders 11, sales 3, cancelled 1, bill_empty 2.
    expect(
      (await db.execute('SELECT kind, count(*) AS c FROM imports GROUP BY kind ORDER BY kind')).rows.map((r) => [
        r.kind,
        Number(r.c),
      ]),
    ).toEqual([
      ['bill_empty', 2],
      ['cancelled', 1],
      ['orders', 11],
      ['sales', 3],
    ]);
    // Sheet URLs: 5 settings (A2: the Shopee orders URL is the platform's default) + Kittiya LazMall's own.
    expect(
      (await db.execute("SELECT key FROM settings WHERE key LIKE 'sheet_url.%' ORDER BY key")).rows.map((r) => r.key),
    ).toEqual([
      'sheet_url.cancelled',
      'sheet_url.orders.Shopee',
      'sheet_url.products',
      'sheet_url.sales',
      'sheet_url.stock',
    ]);
    expect((await db.execute('SELECT name FROM shops WHERE sheet_url IS NOT NULL')).rows.map((r) => r.name)).toEqual([
      'Kittiya LazMall',
    ]);
    // Rounds 44 / 4 / 4 / 1; scans 5.
    expect(await n(db, 'SELECT count(*) FROM orders WHERE dispatch_round IS NOT NULL')).toBe(44);
    expect(await n(db, 'SELECT count(*) FROM orders WHERE lowstock_round IS NOT NULL')).toBe(4);
    expect(await n(db, 'SELECT count(*) FROM orders WHERE nostock_round IS NOT NULL')).toBe(4);
    expect(await n(db, 'SELECT count(*) FROM orders WHERE notenough_round IS NOT NULL')).toBe(1);
    expect(await n(db, 'SELECT count(*) FROM orders WHERE scanned_at IS NOT NULL')).toBe(5);
    // sku_print_history: 8 jobs, 47 job-SKUs (A6).
    expect(await n(db, 'SELECT count(*) FROM print_jobs')).toBe(8);
    expect(await n(db, 'SELECT count(*) FROM print_job_skus')).toBe(47);
    // Issued sources: the orphan picking:round_9 is dropped, 880000000000001 gives two picking:round_1.
    expect(
      (
        await db.execute(
          "SELECT source, count(*) AS c FROM order_markers WHERE kind = 'issued' GROUP BY source ORDER BY source",
        )
      ).rows.map((r) => [r.source, Number(r.c)]),
    ).toEqual([
      ['import', 3],
      ['picking:round_1', 3],
      ['print:lowstock', 4],
      ['print:nostock', 4],
      ['print:notenough', 1],
      ['print:picking', 40],
    ]);
    // Bill-empty: 536920115826443 (3 lines) and 251115K2KBRKKF (2 lines).
    expect(
      (
        await db.execute(
          "SELECT o.order_no, (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) AS lines FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE m.kind = 'bill_empty' ORDER BY o.order_no",
        )
      ).rows.map((r) => [r.order_no, Number(r.lines)]),
    ).toEqual([
      ['251115K2KBRKKF', 2],
      ['536920115826443', 3],
    ]);
    // No stock is negative; 15 SKUs at 0.
    expect(await n(db, 'SELECT count(*) FROM stock WHERE qty < 0')).toBe(0);
    expect(await n(db, 'SELECT count(*) FROM stock WHERE qty = 0')).toBe(15);
  });

  it('S1: one number, two orders (Lazada and TikTok), each with its own markers, rounds and scan', async () => {
    const laz = await order('Lazada', '880000000000001');
    expect(laz.shop_name).toBe('Kittiya LazMall');
    expect(iso(laz.order_time)).toBe('2025-11-15T09:17:00.000Z');
    expect(iso(laz.imported_at)).toBe('2025-11-17T01:25:00.184Z');
    expect(laz.import_date).toBe('2025-11-17');
    expect(iso(laz.scanned_at)).toBe('2025-11-17T07:00:00.007Z');
    expect(laz.scanned_by_username).toBe('thana');
    expect(Number(laz.dispatch_round)).toBe(1);
    expect((await linesOf(laz.id)).map((l) => [l.sku, Number(l.qty), Number(l.accepted)])).toEqual([
      ['ME-FLM-059', 2, 0],
    ]);

    const tik = await order('TikTok', '880000000000001');
    expect(tik.shop_name).toBe('นกฮูกไลฟ์ TikTok');
    expect(iso(tik.order_time)).toBe('2025-11-15T05:29:37.000Z');
    expect(iso(tik.imported_at)).toBe('2025-11-17T01:25:00.226Z');
    expect(iso(tik.scanned_at)).toBe('2025-11-17T07:00:00.007Z');
    expect(Number(tik.dispatch_round)).toBe(1);
    expect((await linesOf(tik.id)).map((l) => [l.sku, Number(l.qty), Number(l.accepted)])).toEqual([
      ['KA-STD-045', 2, 0],
      ['ME-FLM-059', 1, 0],
    ]);

    for (const o of [laz, tik]) {
      const markers = (await markersOf(o.id)).map((m) => [
        m.kind,
        iso(m.created_at),
        m.created_by_username,
        m.note,
        m.source,
      ]);
      // A5: the note is kept as the legacy wrote it; the source says it came from an import.
      expect(markers).toEqual([
        ['cancelled', '2025-11-17T09:00:00.102Z', 'kanya', 'Import via cancel_2025-11-17.csv', 'import'],
        ['issued', '2025-11-17T03:35:00.004Z', 'kanya', null, 'picking:round_1'],
      ]);
      expect(await n(db, 'SELECT count(*) FROM order_print_counters WHERE order_id = ?', [Number(o.id)])).toBe(0);
    }
    const sbs = (await db.execute("SELECT status, po_no FROM sales_status WHERE order_no = '880000000000001'")).rows[0];
    expect([sbs.status, sbs.po_no]).toEqual(['เปิดใบขายครบตามจำนวนแล้ว', 'PO6811-00110']);
  });

  it('S2: cancelled at 06:40 Bangkok is 23:40 UTC the previous day', async () => {
    const o = await order('TikTok', '573947240532606742');
    expect(o.shop_name).toBe('นกฮูกไลฟ์ TikTok');
    expect(iso(o.order_time)).toBe('2025-11-14T12:37:47.000Z');
    expect(iso(o.imported_at)).toBe('2025-11-17T01:25:00.235Z');
    expect((await linesOf(o.id)).map((l) => [l.sku, Number(l.qty), Number(l.accepted)])).toEqual([
      ['CH-CBL-036', 1, 0],
    ]);
    expect((await markersOf(o.id)).map((m) => [m.kind, iso(m.created_at), m.created_by_username, m.note])).toEqual([
      ['cancelled', '2025-11-17T23:40:00.095Z', 'admin', 'ร้านยกเลิก: สินค้าหมด (แจ้งตอนเช้า)'],
    ]);
    expect(
      (await db.execute("SELECT status, po_no FROM sales_status WHERE order_no = '573947240532606742'")).rows.map(
        (r) => [r.status, r.po_no],
      ),
    ).toEqual([['เปิดใบขายครบตามจำนวนแล้ว', 'PO6811-00059']]);
  });

  it('S3: 525302196254104 and 525302196254104.0 are one order; colliding lines merged (A4: earliest import)', async () => {
    const o = await order('Lazada', '525302196254104');
    expect(o.shop_name).toBe('Kittiya LazMall');
    expect(iso(o.order_time)).toBe('2025-11-14T02:57:00.000Z');
    expect(iso(o.imported_at)).toBe('2025-11-17T01:25:00.185Z');
    expect(o.import_date).toBe('2025-11-17');
    expect((await linesOf(o.id)).map((l) => [l.sku, Number(l.qty), Number(l.accepted)])).toEqual([
      ['CH-CBL-036', 1, 0],
      ['ME-FLM-059', 2, 0],
      ['NA-HUB-043', 2, 0],
    ]);
    expect(await markersOf(o.id)).toHaveLength(0);
    expect(await n(db, "SELECT count(*) FROM sales_status WHERE order_no = '525302196254104'")).toBe(0);
    expect(await n(db, "SELECT count(*) FROM orders WHERE order_no LIKE '%.0'")).toBe(0);
  });

  it('S4: accepted, printed twice, picked twice, issued, scanned', async () => {
    const o = await order('Shopee', '25111456530SR4');
    expect(o.shop_name).toBe('Kittiya Gadget');
    expect(iso(o.order_time)).toBe('2025-11-14T08:14:00.000Z');
    expect(iso(o.imported_at)).toBe('2025-11-17T01:25:00.148Z');
    expect(iso(o.scanned_at)).toBe('2025-11-17T07:00:00.002Z');
    expect(o.scanned_by_username).toBe('thana');
    expect(Number(o.dispatch_round)).toBe(1);
    const [line] = await linesOf(o.id);
    expect([
      line.sku,
      Number(line.qty),
      Number(line.accepted),
      iso(line.accepted_at),
      line.accepted_by_username,
      Number(line.accepted_by_user_id),
    ]).toEqual(['SA-KBD-053', 3, 1, '2025-11-17T02:50:00.109Z', 'kanya', 2]);
    expect([Number(line.picking_count), iso(line.picking_last_at), line.picking_last_by_username]).toEqual([
      2,
      '2025-11-18T03:25:00.096Z',
      'admin',
    ]);
    expect((await markersOf(o.id)).map((m) => [m.kind, iso(m.created_at), m.created_by_username, m.source])).toEqual([
      ['issued', '2025-11-17T03:20:00.183Z', 'kanya', 'print:picking'],
    ]);
    const warehouse = (
      await db.execute({
        sql: "SELECT * FROM order_print_counters WHERE order_id = ? AND kind = 'warehouse'",
        args: [Number(o.id)],
      })
    ).rows[0];
    expect([Number(warehouse.count), iso(warehouse.last_printed_at), warehouse.last_printed_by_username]).toEqual([
      2,
      '2025-11-18T03:05:00.096Z',
      'admin',
    ]);
    expect(
      (await db.execute("SELECT status, po_no FROM sales_status WHERE order_no = '25111456530SR4'")).rows.map((r) => [
        r.status,
        r.po_no,
      ]),
    ).toEqual([['เปิดใบขายครบตามจำนวนแล้ว', 'PO6811-00070']]);
  });

  it('S5: bill-empty order with three lines; the flag time is the bill-empty import that set it (A3)', async () => {
    const o = await order('Lazada', '536920115826443');
    expect(iso(o.order_time)).toBe('2025-11-15T13:08:00.000Z');
    expect(iso(o.imported_at)).toBe('2025-11-17T01:25:00.186Z');
    expect((await linesOf(o.id)).map((l) => [l.sku, Number(l.qty)])).toEqual([
      ['ME-PWB-014', 2],
      ['ME-SPK-032', 1],
      ['RU-PWB-002', 1],
    ]);
    const markers = await markersOf(o.id);
    expect(markers.map((m) => m.kind)).toEqual(['bill_empty']);
    // A3 choice: the second bill-empty file (09:25 Bangkok) is the one whose flag stuck.
    expect(iso(markers[0].created_at)).toBe('2025-11-18T02:25:00.015Z');
    const imp = (
      await db.execute({
        sql: 'SELECT kind, file_name FROM imports WHERE id = ?',
        args: [Number(markers[0].import_id)],
      })
    ).rows[0];
    expect([imp.kind, imp.file_name]).toEqual(['bill_empty', 'bill_empty_2025-11-18_again.xlsx']);
    expect(await n(db, 'SELECT count(*) FROM order_print_counters WHERE order_id = ?', [Number(o.id)])).toBe(0);
  });

  it('the README edge cases', async () => {
    // nan: not migrated, listed in the report (A1).
    expect(await n(db, "SELECT count(*) FROM orders WHERE order_no = 'nan'")).toBe(0);
    const audit = (await db.execute("SELECT * FROM audit_log WHERE action = 'legacy.adopt'")).rows;
    expect(audit).toHaveLength(1);
    const report = JSON.parse(String(audit[0].details)).report;
    expect(report.droppedLines.items).toEqual([
      expect.objectContaining({
        legacyLineId: 245,
        shop: 'Kittiya LazMall',
        orderNo: 'nan',
        sku: 'AR-CHG-025',
        qty: 2,
      }),
    ]);
    // 251115HRG9JJ94: stored 2568-11-15 09:01 (A8). Our choice: the date rule applies (year >= 2400
    // is BE, docs/domain/imports.md#dates-and-times), reported.
    expect(iso((await order('Shopee', '251115HRG9JJ94')).order_time)).toBe('2025-11-15T02:01:00.000Z');
    expect(report.buddhistYearsRepaired.items).toEqual([
      expect.objectContaining({ orderNo: '251115HRG9JJ94', legacyValue: '2568-11-15 09:01:00.000000' }),
    ]);
    expect((await order('Shopee', '251116ZVHQ9XT3')).order_time).toBeNull();
    // 251115PCAY92JX: one line ME-PWB-014 qty 5.
    expect((await linesOf((await order('Shopee', '251115PCAY92JX')).id)).map((l) => [l.sku, Number(l.qty)])).toEqual([
      ['ME-PWB-014', 5],
    ]);
    // Accepted by the deleted user somchai (id 4): FK NULL, username kept.
    const somchai = (
      await db.execute(
        "SELECT o.order_no, l.accepted_by_user_id, l.accepted_by_username FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.accepted_by_username = 'somchai' ORDER BY o.order_no",
      )
    ).rows;
    expect(new Set(somchai.map((r) => r.order_no))).toEqual(
      new Set(['590768868558926', '251115ENHGA3DK', '251115Q1MRS7EN']),
    );
    expect(somchai.length).toBe(6);
    expect(somchai.every((r) => r.accepted_by_user_id === null)).toBe(true);
    expect(await n(db, "SELECT count(*) FROM users WHERE username = 'somchai'")).toBe(0);
    // 531397120068072.0: order 531397120068072 (Lazada), trashed 2025-11-18 11:30:00.097 Bangkok.
    const trashed = await markersOf((await order('Lazada', '531397120068072')).id);
    expect(trashed.filter((m) => m.kind === 'trashed').map((m) => iso(m.created_at))).toEqual([
      '2025-11-18T04:30:00.097Z',
    ]);
    // 582418368926182: one cancel marker, the button's note, kanya, 2025-11-18T04:50:00.004Z.
    const recancelled = (await markersOf((await order('Lazada', '582418368926182')).id)).filter(
      (m) => m.kind === 'cancelled',
    );
    expect(recancelled.map((m) => [m.note, m.created_by_username, iso(m.created_at), m.source])).toEqual([
      ['ลูกค้าแจ้งยกเลิกทางแชท', 'kanya', '2025-11-18T04:50:00.004Z', 'manual'],
    ]);
    // 525930235849414: un-issued on day 2 (no issued marker) but round 1.
    const unissued = await order('Lazada', '525930235849414');
    expect((await markersOf(unissued.id)).filter((m) => m.kind === 'issued')).toHaveLength(0);
    expect(Number(unissued.dispatch_round)).toBe(1);
    // 251117TTVRK2BL: restored (no trash marker), accepted on day 3.
    const restored = await order('Shopee', '251117TTVRK2BL');
    expect((await markersOf(restored.id)).filter((m) => m.kind === 'trashed')).toHaveLength(0);
    expect(
      (await linesOf(restored.id)).some(
        (l) => Number(l.accepted) === 1 && String(iso(l.accepted_at)) >= '2025-11-18T17:00:00.000Z',
      ),
    ).toBe(true);
    // Single-line accepts: exactly one accepted line on an order with more lines.
    for (const [platform, no] of [
      ['Shopee', '2511177H3NQVK4'],
      ['TikTok', '573590978610941504'],
    ]) {
      const lines = await linesOf((await order(platform, no)).id);
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.filter((l) => Number(l.accepted) === 1)).toHaveLength(1);
    }
    // 251116LQDY1H8P: packed in SBS and cancelled with a reason; closed.
    const packedCancelled = await order('Shopee', '251116LQDY1H8P');
    expect((await markersOf(packedCancelled.id)).filter((m) => m.kind === 'cancelled').map((m) => m.note)).toEqual([
      'ตีกลับ: ที่อยู่ไม่ถูกต้อง',
    ]);
    expect((await db.execute("SELECT status FROM sales_status WHERE order_no = '251116LQDY1H8P'")).rows[0].status).toBe(
      'เปิดใบขายครบตามจำนวนแล้ว',
    );
    expect(packedCancelled.closed_at).not.toBeNull();
    // 251116AKDJREDA: issued, then cancelled by the button; the later cancel import left it untouched.
    const akd = await markersOf((await order('Shopee', '251116AKDJREDA')).id);
    expect(akd.map((m) => m.kind)).toEqual(['cancelled', 'issued']);
    expect(akd[0].source).toBe('manual');
    expect(String(akd[0].note)).not.toMatch(/^Import via/);
  });

  it('keeps closed_at exact and records packed_at for packed SBS rows (their legacy created_at)', async () => {
    // closed_at is set exactly for cancelled, trashed or packed orders.
    expect(
      await n(
        db,
        `SELECT count(*) FROM orders o WHERE (o.closed_at IS NOT NULL) <> (
          EXISTS (SELECT 1 FROM order_markers m WHERE m.order_id = o.id AND m.kind IN ('cancelled', 'trashed'))
          OR EXISTS (SELECT 1 FROM sales_status s WHERE s.order_no = o.order_no AND s.packed_at IS NOT NULL))`,
      ),
    ).toBe(0);
    expect(await n(db, 'SELECT count(*) FROM orders WHERE closed_at IS NOT NULL')).toBeGreaterThan(0);
    // The fixture's SBS texts: two packed ones (docs/domain/allocation.md#packed-predicate), two
    // that are not.
    const PACKED = "('เปิดใบขายครบตามจำนวนแล้ว', 'แพ็คแล้ว')";
    expect(
      await n(
        db,
        `SELECT count(*) FROM sales_status WHERE status IN ${PACKED} AND (packed_at IS NULL OR packed_at <> created_at)`,
      ),
    ).toBe(0);
    expect(
      await n(db, `SELECT count(*) FROM sales_status WHERE status NOT IN ${PACKED} AND packed_at IS NOT NULL`),
    ).toBe(0);
    expect(
      await n(db, "SELECT count(*) FROM sales_status WHERE status IN ('เปิดใบขายแล้วบางส่วน', 'ยังไม่มีการเปิดใบขาย')"),
    ).toBeGreaterThan(0);
    expect(await n(db, 'SELECT count(*) FROM sales_status WHERE packed_at IS NOT NULL')).toBeGreaterThan(0);
  });

  it('writes one audit row legacy.adopt with per-table counts and the conversion report', async () => {
    const [row] = (await db.execute("SELECT * FROM audit_log WHERE action = 'legacy.adopt'")).rows;
    expect(JSON.parse(String(row.counts))).toMatchObject({
      orders: 210,
      order_lines: 306,
      order_markers: 70,
      pending_cancellations: 2,
      users: 3,
      shops: 4,
      imports: 17,
    });
    const details = JSON.parse(String(row.details));
    expect(details.mode).toBe('adopt');
    expect(details.legacyCounts).toEqual(LEGACY_TABLE_COUNTS);
    expect(details.report.orderMerges.items).toEqual([
      expect.objectContaining({ orderNo: '525302196254104', legacyNumbers: ['525302196254104', '525302196254104.0'] }),
    ]);
    expect(
      details.report.lineMerges.items.map((m: { sku: string; legacyLineIds: number[] }) => [m.sku, m.legacyLineIds]),
    ).toEqual([
      ['ME-FLM-059', [66, 237]],
      ['NA-HUB-043', [67, 238]],
    ]);
    expect(details.report.pendingCancellations.items.map((p: { orderNo: string }) => p.orderNo)).toEqual([
      '250101NOTEXIST03',
      '251118HGL8PVPM',
    ]);
    expect(details.report.orphanMarkers.items).toEqual([
      { table: 'issued_orders', legacyId: expect.any(Number), orderNo: '251119PY3HK4K5', reason: 'no_order' },
    ]);
    expect(details.report.stockClamps.total).toBe(0);
    expect(details.report.platformMappings.total).toBe(0);
    expect(details.report.notMigrated.items).toEqual([expect.objectContaining({ table: 'action_dedupe', rows: 8 })]);
    expect(details.backup).toBe(readdirSync(join(dir, 'backups'))[0]);
  });

  it('keeps the legacy tables as legacy_<name>, untouched, and records drizzle journal rows', async () => {
    const counts = await tableCounts(path);
    for (const [table, rows] of Object.entries(LEGACY_TABLE_COUNTS)) expect(counts[`legacy_${table}`]).toBe(rows);
    expect(Object.keys(counts).filter((t) => t.startsWith('legacy_'))).toHaveLength(
      Object.keys(LEGACY_TABLE_COUNTS).length,
    );
    const journal = (await db.execute('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id')).rows;
    expect(journal.map((r) => [String(r.hash), Number(r.created_at)])).toEqual(
      bundledMigrations.map((m) => [m.hash, m.when]),
    );
  });

  it('takes a _legacy pre_migration backup first: catalogued, intact, and exactly the legacy content', async () => {
    const files = readdirSync(join(dir, 'backups'));
    expect(files).toHaveLength(1);
    const name = files[0];
    expect(isValidBackupName(name)).toBe(true);
    expect(parseBackupName(name)).toMatchObject({ kind: 'pre_migration', legacy: true, format: 'sqlite' });
    expect(name.endsWith('_legacy.db')).toBe(true);
    const file = join(dir, 'backups', name);
    const check = createClient({ url: `file:${file}` });
    expect((await check.execute('PRAGMA integrity_check')).rows[0][0]).toBe('ok');
    check.close();
    const [backup, fixture] = [
      await dumpDatabase(file),
      await dumpDatabase(join(import.meta.dirname, '..', 'fixtures', 'samples', 'legacy', 'data.db')),
    ];
    expect(backup.tables).toEqual(fixture.tables);
    expect(backup.objects).toEqual(fixture.objects);
    const [row] = (await db.execute({ sql: 'SELECT * FROM backups WHERE name = ?', args: [name] })).rows;
    expect([row.kind, row.format, row.storage, row.file_name]).toEqual(['pre_migration', 'sqlite', 'file', name]);
    expect(JSON.parse(String(row.row_counts))).toEqual(LEGACY_TABLE_COUNTS);
    expect(Number(row.size_bytes)).toBe(statSync(file).size);
    expect(row.checksum).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
  });

  it('legacy users sign in with their fixture passwords (both Werkzeug formats) and are rehashed to PBKDF2', async () => {
    expect((await tokenFor('kanya', 'wrong-password')).status).toBe(401);
    for (const [username, password] of Object.entries(LEGACY_PASSWORDS)) {
      const before = String(
        (await db.execute({ sql: 'SELECT password_hash FROM users WHERE username = ?', args: [username] })).rows[0]
          .password_hash,
      );
      expect(before).toMatch(username === 'thana' ? /^scrypt:32768:8:1\$/ : /^pbkdf2:sha256:260000\$/);
      const first = await tokenFor(username, password);
      expect(first.status).toBe(200);
      const me = await fetchApp('/api/auth/me', { headers: { authorization: `Bearer ${first.body.token}` } });
      expect(((await me.json()) as { user: { username: string; role: string } }).user).toMatchObject({
        username,
        role: { admin: 'admin', kanya: 'staff', thana: 'user' }[username],
      });
      const after = String(
        (await db.execute({ sql: 'SELECT password_hash FROM users WHERE username = ?', args: [username] })).rows[0]
          .password_hash,
      );
      expect(after).toMatch(/^pbkdf2_sha256\$/);
      // The new hash works too.
      expect((await tokenFor(username, password)).status).toBe(200);
    }
  });

  it('serves the adopted data through the existing API: 4 shops with their order counts, 60 stock rows, none negative', async () => {
    const { body } = await tokenFor('kanya', LEGACY_PASSWORDS.kanya);
    const auth = { authorization: `Bearer ${body.token}` };
    const shops = (await (await fetchApp('/api/shops?limit=500', { headers: auth })).json()) as {
      items: { platform: string; name: string; orderCount: number }[];
      total: number;
    };
    expect(shops.total).toBe(4);
    const counts = Object.fromEntries(shops.items.map((s) => [`${s.platform}/${s.name}`, s.orderCount]));
    expect(counts['Lazada/Kittiya LazMall']).toBe(52);
    expect(counts['TikTok/นกฮูกไลฟ์ TikTok']).toBe(56);
    expect(counts['Shopee/Kittiya Gadget'] + counts['Shopee/ร้านนกฮูกไอที']).toBe(102);
    const stock = (await (await fetchApp('/api/stock?limit=500', { headers: auth })).json()) as {
      items: { sku: string; qty: number }[];
      total: number;
    };
    expect(stock.total).toBe(60);
    expect(stock.items).toHaveLength(60);
    expect(stock.items.filter((s) => s.qty < 0)).toHaveLength(0);
    expect(stock.items.filter((s) => s.qty === 0)).toHaveLength(15);
  });

  it('a second boot does nothing more: no legacy detection, schema up to date, no second backup or audit row', async () => {
    await booted.storage.close();
    const again = await bootOn(path, { LEGACY_ADOPT: 'true' });
    booted = again.booted;
    expect(again.lines.some((l) => l.includes('Legacy database'))).toBe(false);
    expect(again.lines).toContain('LEGACY_ADOPT is set, but this database needs no conversion: remove the variable.');
    expect(again.lines.some((l) => l.startsWith('Schema up to date ('))).toBe(true);
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
    expect(await n(db, "SELECT count(*) FROM audit_log WHERE action = 'legacy.adopt'")).toBe(1);
    expect(await n(db, 'SELECT count(*) FROM orders')).toBe(210);
  });
});

describe('legacy adoption refusals and failures', () => {
  it('without LEGACY_ADOPT: exits with the exact message and changes nothing', async () => {
    const { dir, path } = legacyCopy();
    const before = await dumpDatabase(path);
    await expect(bootOn(path)).rejects.toThrow(
      new BootError(
        `Legacy database detected at ${path}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`,
      ),
    );
    expect((await dumpDatabase(path)).tables).toEqual(before.tables);
    expect(existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []).toEqual([]);
  });

  it('a failure at the very end (the audit row) rolls everything back: the legacy file is as it was, the backup is named', async () => {
    const { dir, path } = legacyCopy();
    const before = await dumpDatabase(path);
    // Injected: the last migration also creates a trigger that refuses the audit insert, the last
    // write of the adoption, after every table has been renamed, created and filled.
    const bundle = bundledMigrations.map((m, i, all) =>
      i === all.length - 1
        ? {
            ...m,
            statements: [
              ...m.statements,
              "CREATE TRIGGER inject_failure BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
            ],
          }
        : m,
    );
    const storage = await openFileStorage({ path, persistent: true });
    const store = createFileBackupStore(join(dir, 'backups'));
    let message = '';
    try {
      await adoptLegacyFile({
        storage,
        store,
        clock: () => ADOPTED_AT,
        log: createLogger('error', () => {}),
        path,
        bundle,
      });
    } catch (error) {
      message = (error as Error).message;
    } finally {
      await storage.close();
    }
    const backup = readdirSync(join(dir, 'backups'));
    expect(backup).toHaveLength(1);
    expect(message).toContain('injected failure');
    expect(message).toContain(`Backup: ${backup[0]}`);
    const after = await dumpDatabase(path);
    expect(after.tables).toEqual(before.tables);
    expect(after.objects).toEqual(before.objects);
    expect(await tableCounts(path)).toEqual(LEGACY_TABLE_COUNTS);
    // Still a legacy file: the next start-up sees it as before.
    await expect(bootOn(path)).rejects.toThrow('Legacy database detected at');
  });
});

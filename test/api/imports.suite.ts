// Imports over HTTP, run on every target (file, remote, worker): the canonical sample run of
// samples/README.md with exactly the counts, errors and warnings it states, the bad files in
// default mode (nothing changes), the extra checks, idempotent re-imports, the next-day stock
// sync, the stock-independent bad files with skipInvalid, templates, logs and roles.
// Expected values come from test/fixtures/samples/README.md and docs/domain/imports.md, never from
// running the code.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { codes, importFile, snapshot } from '../support/imports';
import type { Target } from '../support/targets';

const bkk = (wall: string) => Date.parse(`${wall}+07:00`);

export function defineImportsSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`Imports [${name}]`, () => {
    let target: Target;
    let api: ApiClient;
    let requests = 0;
    const send = (...args: Parameters<typeof importFile>) => {
      requests++;
      return importFile(...args);
    };

    const q = async (sql: string, args: (string | number)[] = []) => (await target.sql.execute({ sql, args })).rows;
    const line = async (orderNo: string, sku: string) =>
      (
        await q(
          'SELECT l.qty, l.item_name, l.picking_count FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = ? AND l.sku = ?',
          [orderNo, sku],
        )
      )[0];
    const order = async (orderNo: string) => (await q('SELECT * FROM orders WHERE order_no = ?', [orderNo]))[0];

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      // Node targets: one fixed Bangkok day (the worker runs on the real clock, also one day).
      if (target.clock) target.clock.now = bkk('2025-01-16T10:00:00');
    });
    afterAll(async () => {
      await target?.close();
    });

    describe('canonical run (samples/README.md steps 1-11)', () => {
      it('1. products.csv: committed, added 12', async () => {
        const res = await send(api, 'products', 'products.csv');
        expect(res.status).toBe(200);
        expect(res.body.import).toMatchObject({
          kind: 'products',
          status: 'committed',
          source: 'file',
          fileName: 'products.csv',
          rows: 12,
          added: 12,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          warnings: 0,
        });
        expect(res.body.import.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(res.body.errors).toEqual([]);
        expect(res.body.warnings).toEqual([]);
        expect(await q("SELECT brand, name FROM products WHERE sku = 'PW-BANK-10K'")).toEqual([
          expect.objectContaining({ brand: 'Powerwick', name: 'แบตสำรอง 10000 mAh' }),
        ]);
      });

      it('2. stock.csv (full): added 11, zeroed 0, one warning (row 7 summed); GB-MASK-10P = 1250', async () => {
        const res = await send(api, 'stock', 'stock.csv', { query: { mode: 'full' } });
        expect(res.status).toBe(200);
        expect(res.body.import).toMatchObject({
          status: 'committed',
          mode: 'full',
          added: 11,
          updated: 0,
          unchanged: 0,
          zeroed: 0,
          warnings: 1,
        });
        expect(codes(res.body.warnings)).toEqual([[7, 'stock_sku_summed']]);
        const stock = await api.get('/api/stock?q=GB-MASK-10P', 'user');
        expect(stock.body.items).toEqual([expect.objectContaining({ sku: 'GB-MASK-10P', qty: 1250 })]);
        expect(await q("SELECT qty FROM stock WHERE sku = 'BH-TOWEL-L'")).toEqual([
          expect.objectContaining({ qty: 15 }),
        ]);
        expect(await q("SELECT qty FROM stock WHERE sku = 'PW-BANK-10K'")).toEqual([]);
      });

      it('3. stock.xlsx (full): unchanged 11, one warning', async () => {
        const res = await send(api, 'stock', 'stock.xlsx', { query: { mode: 'full' } });
        expect(res.body.import).toMatchObject({
          status: 'committed',
          unchanged: 11,
          added: 0,
          updated: 0,
          zeroed: 0,
          warnings: 1,
        });
        expect(codes(res.body.warnings)).toEqual([[7, 'stock_sku_summed']]);
      });

      it('4. orders_shopee.csv: 6 orders, 7 lines, shop created, line_merged + sku_not_in_products; BE date converted', async () => {
        const res = await send(api, 'orders', 'orders_shopee.csv', { platform: 'Shopee' });
        expect(res.status).toBe(200);
        expect(res.body.import).toMatchObject({
          status: 'committed',
          platform: 'Shopee',
          added: 6,
          linesAdded: 7,
          duplicates: 0,
          rejected: 0,
          warnings: 2,
        });
        expect(res.body.import.shopsCreated).toEqual(['Shopee / Alpha Gadget Shop']);
        expect(codes(res.body.warnings)).toEqual([
          [7, 'line_merged'],
          [9, 'sku_not_in_products'],
        ]);
        expect(res.body.warnings[1].message).toContain('AL-STAND-01');
        expect(await line('250115QX1A04', 'AL-CABLE-USBC-2M')).toMatchObject({ qty: 3 });
        expect(Number((await order('250115QX1A01')).order_time)).toBe(bkk('2025-01-15T09:12:00'));
      });

      it('5. orders_lazada.csv with shop: 5 orders, 6 lines (one row per unit), no warnings', async () => {
        const res = await send(api, 'orders', 'orders_lazada.csv', { platform: 'Lazada', shop: 'Beta Home Lazada' });
        expect(res.body.import).toMatchObject({ status: 'committed', added: 5, linesAdded: 6, warnings: 0 });
        expect(res.body.import.shopsCreated).toEqual(['Lazada / Beta Home Lazada']);
        expect(res.body.warnings).toEqual([]);
        expect(await line('450012345600001', 'BH-TOWEL-L')).toMatchObject({ qty: 2 });
        expect(await line('450012345600003', 'BH-MUG-350')).toMatchObject({ qty: 3 });
      });

      it('6. orders_tiktok.csv: 4 orders, 5 lines, order time = Paid Time, 18-digit ids kept', async () => {
        const res = await send(api, 'orders', 'orders_tiktok.csv', { platform: 'TikTok' });
        expect(res.body.import).toMatchObject({ status: 'committed', added: 4, linesAdded: 5 });
        expect(res.body.import.shopsCreated).toEqual(['TikTok / Gamma Beauty TikTok']);
        const o = await order('577000111122223304');
        expect(Number(o.order_time)).toBe(bkk('2025-01-16T08:02:19'));
        expect(o.platform).toBe('TikTok');
      });

      it('7. the three .xlsx exports: all duplicates of the same day, nothing changes', async () => {
        const before = await snapshot(target);
        const cases = [
          ['orders_shopee.xlsx', { platform: 'Shopee' }, 6],
          ['orders_lazada.xlsx', { platform: 'Lazada', shop: 'Beta Home Lazada' }, 5],
          ['orders_tiktok.xlsx', { platform: 'TikTok' }, 4],
        ] as const;
        for (const [file, params, dups] of cases) {
          const res = await send(api, 'orders', file, params);
          expect(res.status).toBe(200);
          expect(res.body.import).toMatchObject({
            status: 'committed',
            added: 0,
            linesAdded: 0,
            duplicates: dups,
            duplicatesSameDay: dups,
            duplicatesCrossDay: 0,
          });
          expect(res.body.import.shopsCreated).toEqual([]);
        }
        expect(await snapshot(target)).toEqual(before);
      });

      it('8. sales_status.csv: added 7, unmatched 1', async () => {
        const res = await send(api, 'sales', 'sales_status.csv');
        expect(res.body.import).toMatchObject({ status: 'committed', added: 7, unmatched: 1, updated: 0 });
        expect(await q("SELECT po_no, status FROM sales_status WHERE order_no = '450099999900001'")).toEqual([
          expect.objectContaining({ po_no: 'PO-6801-0007', status: 'เปิดใบขายครบตามจำนวนแล้ว' }),
        ]);
        // Packed (ครบตามจำนวน) closes the order; "บางส่วน" does not.
        expect((await order('250115QX1A01')).closed_at).not.toBeNull();
        expect((await order('450012345600001')).closed_at).toBeNull();
      });

      it('9. cancelled_orders.csv: added 4 (one kept pending), unmatched 1', async () => {
        const res = await send(api, 'cancelled', 'cancelled_orders.csv');
        expect(res.body.import).toMatchObject({
          status: 'committed',
          added: 4,
          unmatched: 1,
          duplicates: 0,
          ordersMatched: 3,
        });
        expect(await q('SELECT order_no, platform FROM pending_cancellations')).toEqual([
          expect.objectContaining({ order_no: '250199NOTEXIST1', platform: '' }),
        ]);
        const marker = await q(
          "SELECT m.note, m.source FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE o.order_no = '250115QX1A05' AND m.kind = 'cancelled'",
        );
        expect(marker).toEqual([
          expect.objectContaining({ note: 'Import via cancelled_orders.csv', source: 'import' }),
        ]);
        expect((await order('450012345600005')).closed_at).not.toBeNull();
      });

      it('10. issued_orders.csv: added 4, notFound 1; every line of those orders has Picking count >= 1', async () => {
        const res = await send(api, 'issued', 'issued_orders.csv');
        expect(res.body.import).toMatchObject({ status: 'committed', added: 4, notFound: 1 });
        const rows = await q(
          "SELECT min(l.picking_count) AS m, count(*) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no IN ('250115QX1A01', '250115QX1A02', '450012345600001', '577000111122223301')",
        );
        expect(Number(rows[0].n)).toBe(6); // A01: 1, A02: 2, 450012345600001: 2, 577000111122223301: 1
        expect(Number(rows[0].m)).toBeGreaterThanOrEqual(1);
        expect(Number((await q("SELECT count(*) AS n FROM order_markers WHERE kind = 'issued'"))[0].n)).toBe(4);
      });

      it('11. bill_empty.csv: added 2, notFound 1', async () => {
        const res = await send(api, 'bill-empty', 'bill_empty.csv');
        expect(res.body.import).toMatchObject({ kind: 'bill-empty', status: 'committed', added: 2, notFound: 1 });
        expect(Number((await q("SELECT count(*) AS n FROM order_markers WHERE kind = 'bill_empty'"))[0].n)).toBe(2);
      });
    });

    describe('bad files in default mode (state after step 11): rejected, exact errors, nothing changes', () => {
      const cases: [
        string,
        string,
        Record<string, string>,
        [number, string][],
        Record<string, number>,
        [number, string][],
      ][] = [
        [
          'orders',
          'orders_bad.csv',
          { platform: 'Shopee' },
          [
            [3, 'missing_sku'],
            [4, 'qty_invalid'],
            [5, 'date_invalid'],
            [6, 'missing_sku'],
            [7, 'missing_order_id'],
            [10, 'qty_invalid'],
            [12, 'missing_shop'],
          ],
          { added: 2, linesAdded: 2, duplicates: 1, duplicatesSameDay: 1, rejected: 7 },
          [],
        ],
        [
          'products',
          'products_bad.csv',
          {},
          [
            [3, 'missing_sku'],
            [4, 'missing_sku'],
          ],
          { added: 2, updated: 1, unchanged: 1, rejected: 2, warnings: 1 },
          [[7, 'duplicate_in_file']],
        ],
        [
          'stock',
          'stock_bad.csv',
          { mode: 'full' },
          [
            [13, 'missing_sku'],
            [14, 'missing_sku'],
            [15, 'qty_invalid'],
            [16, 'qty_invalid'],
          ],
          { updated: 1, unchanged: 10, zeroed: 0, rejected: 4, warnings: 1 },
          [[17, 'stock_sku_summed']],
        ],
        [
          'sales',
          'sales_status_bad.csv',
          {},
          [
            [2, 'missing_order_id'],
            [3, 'missing_order_id'],
          ],
          { added: 1, updated: 1, unchanged: 1, rejected: 2, warnings: 2 },
          [
            [5, 'duplicate_in_file'],
            [6, 'id_trailing_zero_removed'],
          ],
        ],
        [
          'cancelled',
          'cancelled_orders_bad.csv',
          {},
          [
            [3, 'missing_order_id'],
            [4, 'missing_order_id'],
          ],
          { added: 2, duplicates: 1, rejected: 2, warnings: 1 },
          [[6, 'duplicate_in_file']],
        ],
        [
          'issued',
          'issued_orders_bad.csv',
          {},
          [
            [3, 'missing_order_id'],
            [4, 'missing_order_id'],
          ],
          { added: 1, duplicates: 1, notFound: 1, rejected: 2, warnings: 1 },
          [[6, 'duplicate_in_file']],
        ],
        [
          'bill-empty',
          'bill_empty_bad.csv',
          {},
          [
            [3, 'missing_order_id'],
            [4, 'missing_order_id'],
          ],
          { added: 1, duplicates: 1, rejected: 2, warnings: 1 },
          [[6, 'duplicate_in_file']],
        ],
      ];

      for (const [kind, file, params, errors, counts, warnings] of cases) {
        it(`${file}: rejected with ${errors.length} errors, counts as with skipInvalid, no data changed`, async () => {
          const before = await snapshot(target);
          const { mode, ...form } = params;
          const res = await send(api, kind, file, { ...form, query: mode ? { mode } : undefined });
          expect(res.status).toBe(200);
          expect(res.body.import.status).toBe('rejected');
          expect(codes(res.body.errors)).toEqual(errors);
          expect(res.body.import).toMatchObject(counts);
          expect(codes(res.body.warnings)).toEqual(warnings);
          for (const e of res.body.errors) expect(e.message).toMatch(/[\u0E00-\u0E7F]/);
          expect(await snapshot(target)).toEqual(before);
        });
      }

      it('keeps the rejected attempt in the log with every error (GET /api/imports/:id)', async () => {
        const list = await api.get('/api/imports?kind=orders&limit=1', 'staff');
        expect(list.status).toBe(200);
        expect(list.body.items[0]).toMatchObject({ fileName: 'orders_bad.csv', status: 'rejected', rejected: 7 });
        const detail = await api.get(`/api/imports/${list.body.items[0].id}`, 'staff');
        expect(detail.status).toBe(200);
        expect(detail.body.errors.map((e: any) => e.row)).toEqual([3, 4, 5, 6, 7, 10, 12]);
        expect(detail.body.errors[0]).toMatchObject({ column: 'SKU', code: 'missing_sku' });
        expect(detail.body.import.rejectedKeys).toEqual(
          expect.arrayContaining(['250116BAD002', '250116BAD006', '250116BAD008']),
        );
      });
    });

    describe('extra checks and re-imports', () => {
      it('orders_shopee.csv as stock -> 422 wrong_file_kind; products.csv as stock -> 422 missing_columns; nothing changes', async () => {
        const before = await snapshot(target);
        const wrong = await send(api, 'stock', 'orders_shopee.csv');
        expect(wrong.status).toBe(422);
        expect(wrong.body.error.code).toBe('wrong_file_kind');
        const missing = await send(api, 'stock', 'products.csv');
        expect(missing.status).toBe(422);
        expect(missing.body.error.code).toBe('missing_columns');
        expect(missing.body.error.details).toEqual([
          expect.objectContaining({ field: 'qty', found: ['รหัสสินค้า', 'Brand', 'ชื่อสินค้า'] }),
        ]);
        expect(missing.body.error.details[0].aliases).toContain('คงเหลือ');
        expect(await snapshot(target)).toEqual(before);
        const log = await api.get('/api/imports?kind=stock&limit=2', 'staff');
        expect(log.body.items.map((i: any) => i.status)).toEqual(['failed', 'failed']);
      });

      it('orders_lazada.csv without a shop -> rejected, 9 x missing_shop (rows 2-10), rejected 5', async () => {
        const before = await snapshot(target);
        const res = await send(api, 'orders', 'orders_lazada.csv', { platform: 'Lazada' });
        expect(res.body.import).toMatchObject({ status: 'rejected', rejected: 5, added: 0 });
        expect(codes(res.body.errors)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => [r, 'missing_shop']));
        expect(await snapshot(target)).toEqual(before);
      });

      it('re-sending each committed file changes nothing and warns file_already_imported', async () => {
        const before = await snapshot(target);
        const files: [string, string, Record<string, string>][] = [
          ['products', 'products.csv', {}],
          ['stock', 'stock.csv', {}],
          ['orders', 'orders_shopee.csv', { platform: 'Shopee' }],
          ['orders', 'orders_lazada.xlsx', { platform: 'Lazada', shop: 'Beta Home Lazada' }],
          ['sales', 'sales_status.csv', {}],
          ['cancelled', 'cancelled_orders.csv', {}],
          ['issued', 'issued_orders.csv', {}],
          ['bill-empty', 'bill_empty.csv', {}],
        ];
        for (const [kind, file, params] of files) {
          const res = await send(api, kind, file, params);
          expect(res.status, file).toBe(200);
          expect(res.body.import, file).toMatchObject({
            status: 'committed',
            added: 0,
            updated: 0,
            linesAdded: 0,
            zeroed: 0,
          });
          const already = res.body.warnings.find((w: any) => w.code === 'file_already_imported');
          expect(already, file).toMatchObject({ row: null });
          expect(already.message).toMatch(/\d{2}\/\d{2}\/25\d\d \d{2}:\d{2}/);
        }
        const cancelled = await send(api, 'cancelled', 'cancelled_orders.csv');
        expect(cancelled.body.import).toMatchObject({ added: 0, duplicates: 4, unmatched: 1 });
        expect(await snapshot(target)).toEqual(before);
      });

      it('stock_sync_next_day.csv (full): added 1, updated 4, unchanged 5, zeroed 2', async () => {
        const res = await send(api, 'stock', 'stock_sync_next_day.csv', { query: { mode: 'full' } });
        expect(res.body.import).toMatchObject({ status: 'committed', added: 1, updated: 4, unchanged: 5, zeroed: 2 });
        const rows = await q('SELECT sku, qty FROM stock ORDER BY sku');
        const qty = Object.fromEntries(rows.map((r) => [r.sku, Number(r.qty)]));
        expect(qty).toMatchObject({
          'PW-BANK-10K': 20,
          'AL-CASE-001': 38,
          'AL-CABLE-USBC-1M': 55,
          'GB-SERUM-30': 10,
          'GB-CREAM-50': 6,
          'BH-MUG-350': 0,
          'GB-MASK-10P': 0,
        });
      });
    });

    describe('bad files with skipInvalid=true (files whose outcome does not depend on stock)', () => {
      it('orders_bad.csv: partial, added 2 (BE time converted), 2 lines, duplicates 1, rejected 7', async () => {
        const res = await send(api, 'orders', 'orders_bad.csv', { platform: 'Shopee', query: { skipInvalid: 'true' } });
        expect(res.body.import).toMatchObject({
          status: 'partial',
          added: 2,
          linesAdded: 2,
          duplicates: 1,
          duplicatesSameDay: 1,
          rejected: 7,
        });
        expect(codes(res.body.errors)).toHaveLength(7);
        expect(Number((await order('250116BAD007')).order_time)).toBe(bkk('2025-01-16T11:30:00'));
        expect(await order('250116BAD001')).toBeTruthy();
        for (const rejected of ['250116BAD002', '250116BAD006', '250116BAD008'])
          expect(await order(rejected)).toBeUndefined();
      });

      it('products_bad.csv: partial, added 2, updated 1, unchanged 1; blank cells overwrite nothing', async () => {
        const res = await send(api, 'products', 'products_bad.csv', { query: { skipInvalid: 'true' } });
        expect(res.body.import).toMatchObject({
          status: 'partial',
          added: 2,
          updated: 1,
          unchanged: 1,
          rejected: 2,
          warnings: 1,
        });
        const p = Object.fromEntries((await q('SELECT sku, brand, name FROM products')).map((r) => [r.sku, r]));
        expect(p['DUP-SKU-02']).toMatchObject({ name: 'ตะกร้าผ้า M2' });
        expect(p['AL-CASE-001']).toMatchObject({ brand: 'Alphy Pro' });
        expect(p['GB-SERUM-30']).toMatchObject({ brand: 'Gammaglow', name: 'เซรั่มบำรุงผิว 30 ml' });
      });

      it('sales_status_bad.csv: partial, added 1 (.0 removed), updated 1, unchanged 1', async () => {
        const res = await send(api, 'sales', 'sales_status_bad.csv', { query: { skipInvalid: 'true' } });
        expect(res.body.import).toMatchObject({
          status: 'partial',
          added: 1,
          updated: 1,
          unchanged: 1,
          rejected: 2,
          warnings: 2,
        });
        expect(await q("SELECT po_no FROM sales_status WHERE order_no = '450012345600002'")).toEqual([
          expect.objectContaining({ po_no: 'PO-6801-0010' }),
        ]);
        expect(await q("SELECT po_no, status FROM sales_status WHERE order_no = '250115QX1A02'")).toEqual([
          expect.objectContaining({ po_no: 'PO-6801-0002', status: 'เปิดใบขายครบตามจำนวนแล้ว' }),
        ]);
        expect((await order('250115QX1A02')).closed_at).not.toBeNull();
      });

      it('cancelled, issued and bill-empty bad files: partial with the stated counts', async () => {
        const cancelled = await send(api, 'cancelled', 'cancelled_orders_bad.csv', { query: { skipInvalid: 'true' } });
        expect(cancelled.body.import).toMatchObject({
          status: 'partial',
          added: 2,
          duplicates: 1,
          rejected: 2,
          warnings: 1,
        });
        expect(
          await q(
            "SELECT m.note FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE o.order_no = '250115QX1A06' AND m.kind = 'cancelled'",
          ),
        ).toEqual([expect.objectContaining({ note: 'สินค้าหมด' })]);
        expect((await order('450012345600004')).closed_at).not.toBeNull();

        const firstIssue = await q(
          "SELECT m.created_at FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE o.order_no = '250115QX1A01' AND m.kind = 'issued'",
        );
        const issued = await send(api, 'issued', 'issued_orders_bad.csv', { query: { skipInvalid: 'true' } });
        expect(issued.body.import).toMatchObject({
          status: 'partial',
          added: 1,
          duplicates: 1,
          notFound: 1,
          rejected: 2,
          warnings: 1,
        });
        expect(
          await q(
            "SELECT m.created_at FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE o.order_no = '250115QX1A01' AND m.kind = 'issued'",
          ),
        ).toEqual(firstIssue);
        expect(Number((await line('250115QX1A03', 'GB-SERUM-30')).picking_count)).toBeGreaterThanOrEqual(1);

        const bill = await send(api, 'bill-empty', 'bill_empty_bad.csv', { query: { skipInvalid: 'true' } });
        expect(bill.body.import).toMatchObject({
          status: 'partial',
          added: 1,
          duplicates: 1,
          rejected: 2,
          warnings: 1,
        });
      });
    });

    describe('a pending cancellation is used once (docs/domain/imports.md#pending-cancellations)', () => {
      const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
      const cancelState = async (orderNo: string) =>
        (
          await q(
            `SELECT s.name AS shop, m.source, m.note, o.closed_at FROM orders o JOIN shops s ON s.id = o.shop_id
             LEFT JOIN order_markers m ON m.order_id = o.id AND m.kind = 'cancelled' WHERE o.order_no = ? ORDER BY s.name`,
            [orderNo],
          )
        ).map((r) => ({ shop: r.shop, source: r.source, note: r.note, closed: r.closed_at !== null }));

      it('the first import that matches it cancels every order of that number in it; a later order stays open with pending_cancellation_already_used naming the shop', async () => {
        const cancels = await send(api, 'cancelled', 'px-cancel.csv', {
          bytes: csv([
            ['order_id', 'reason'],
            ['PX-1', 'ลูกค้ายกเลิก'],
            ['PX-2', 'ของหมด'],
          ]),
        });
        expect(cancels.body.import).toMatchObject({ status: 'committed', added: 2, unmatched: 2 });
        expect(
          await q(
            "SELECT order_no, platform FROM pending_cancellations WHERE order_no IN ('PX-1', 'PX-2') ORDER BY order_no",
          ),
        ).toEqual([
          expect.objectContaining({ order_no: 'PX-1', platform: '' }),
          expect.objectContaining({ order_no: 'PX-2', platform: '' }),
        ]);

        // One import with PX-2 in two shops: both orders take the cancellation.
        const north = await send(api, 'orders', 'px-north.csv', {
          bytes: csv([
            ['Order ID', 'SKU', 'Shop Name'],
            ['PX-1', 'PW-BANK-10K', 'North'],
            ['PX-2', 'PW-BANK-10K', 'North'],
            ['PX-2', 'PW-BANK-10K', 'East'],
          ]),
          platform: 'Shopee',
        });
        expect(north.body.import).toMatchObject({ status: 'committed', added: 3 });
        expect(north.body.warnings.map((w: any) => w.code)).not.toContain('pending_cancellation_already_used');
        expect(await cancelState('PX-1')).toEqual([
          { shop: 'North', source: 'pending', note: 'ลูกค้ายกเลิก', closed: true },
        ]);
        expect(await cancelState('PX-2')).toEqual([
          { shop: 'East', source: 'pending', note: 'ของหมด', closed: true },
          { shop: 'North', source: 'pending', note: 'ของหมด', closed: true },
        ]);
        // Used: gone from the pending list; the import's audit row names the orders it cancelled.
        expect(await q("SELECT order_no FROM pending_cancellations WHERE order_no IN ('PX-1', 'PX-2')")).toEqual([]);
        const [audit] = await q("SELECT details FROM audit_log WHERE action = 'import.orders' AND target_id = ?", [
          String(north.body.import.id),
        ]);
        const used = JSON.parse(String(audit.details)).pendingCancellationsUsed;
        expect(used).toEqual([
          { orderNo: 'PX-1', platform: '', orders: [{ id: expect.any(Number), shop: 'North' }] },
          {
            orderNo: 'PX-2',
            platform: '',
            orders: expect.arrayContaining([
              { id: expect.any(Number), shop: 'North' },
              { id: expect.any(Number), shop: 'East' },
            ]),
          },
        ]);
        expect(used[1].orders).toHaveLength(2);

        // The same number later, in another shop: left open, reported as a data-quality warning.
        const south = await send(api, 'orders', 'px-south.csv', {
          bytes: csv([
            ['Order ID', 'SKU', 'Shop Name'],
            ['PX-1', 'PW-BANK-10K', 'South'],
          ]),
          platform: 'Shopee',
        });
        expect(south.body.import).toMatchObject({ status: 'committed', added: 1, warnings: 1 });
        expect(south.body.warnings).toEqual([
          { row: 2, code: 'pending_cancellation_already_used', message: expect.stringContaining('North') },
        ]);
        expect(await cancelState('PX-1')).toEqual([
          { shop: 'North', source: 'pending', note: 'ลูกค้ายกเลิก', closed: true },
          { shop: 'South', source: null, note: null, closed: false },
        ]);
      });
    });

    describe('log, audit, templates, clears, roles', () => {
      it('writes one audit row per import request, action import.<kind>', async () => {
        const rows = await q(
          "SELECT action FROM audit_log WHERE action LIKE 'import.%' AND action <> 'import.logs_clear'",
        );
        expect(rows.length).toBe(requests);
        expect(new Set(rows.map((r) => r.action))).toEqual(
          new Set([
            'import.products',
            'import.stock',
            'import.orders',
            'import.sales',
            'import.cancelled',
            'import.issued',
            'import.bill-empty',
          ]),
        );
        const imports = await q('SELECT count(*) AS n FROM imports');
        expect(Number(imports[0].n)).toBe(requests);
      });

      it('documents the import routes in the OpenAPI document', async () => {
        const doc = await api.get('/api/openapi.json', 'user');
        expect(doc.status).toBe(200);
        for (const path of [
          '/api/imports/{kind}',
          '/api/imports',
          '/api/imports/{id}',
          '/api/imports/{kind}/template.xlsx',
          '/api/imports/{kind}/logs/clear',
          '/api/settings/sheet-urls/{source}',
        ]) {
          expect(Object.keys(doc.body.paths)).toContain(path);
        }
      });

      it('lists the log newest first, paged, filtered by kind', async () => {
        const res = await api.get('/api/imports?kind=stock&limit=2&page=1', 'staff');
        expect(res.body).toMatchObject({ page: 1, limit: 2 });
        expect(res.body.total).toBeGreaterThanOrEqual(5);
        expect(res.body.items[0].fileName).toBe('stock_sync_next_day.csv');
        expect(res.body.items.every((i: any) => i.kind === 'stock')).toBe(true);
      });

      it('serves each template with the canonical headers and no data rows', async () => {
        const expected: Record<string, string[]> = {
          orders: ['orderNumber', 'sellerSku', 'quantity', 'itemName', 'order_time', 'logistics_service', 'ชื่อร้าน'],
          products: ['รหัสสินค้า', 'Brand', 'ชื่อสินค้า'],
          stock: ['รหัสสินค้า', 'คงเหลือ'],
          sales: ['เลข Order', 'เลขที่ PO', 'สถานะ'],
          cancelled: ['order_id', 'หมายเหตุ'],
          issued: ['order_id', 'หมายเหตุ'],
          'bill-empty': ['order_id', 'หมายเหตุ'],
        };
        for (const [kind, headers] of Object.entries(expected)) {
          const res = await target.fetch(
            `/api/imports/${kind}/template.xlsx${kind === 'orders' ? '?platform=Shopee' : ''}`,
            {
              headers: { authorization: `Bearer ${await api.token('staff')}` },
            },
          );
          expect(res.status).toBe(200);
          expect(res.headers.get('content-type')).toContain('spreadsheetml');
          if (kind === 'orders')
            expect(res.headers.get('content-disposition')).toContain('Shopee_Orders_Template.xlsx');
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.load(await res.arrayBuffer());
          const ws = wb.worksheets[0];
          if (kind === 'orders') expect(ws.name).toBe('Shopee Orders');
          expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
          expect(ws.actualRowCount).toBe(1);
        }
      });

      it('user is refused (403) on every import route; anonymous 401', async () => {
        const form = new FormData();
        form.append('file', new Blob(['x']), 'a.csv');
        expect((await api.raw('POST', '/api/imports/orders', form, 'user')).status).toBe(403);
        expect((await api.get('/api/imports', 'user')).status).toBe(403);
        expect((await api.get('/api/imports/1', 'user')).status).toBe(403);
        expect((await api.get('/api/imports/orders/template.xlsx', 'user')).status).toBe(403);
        expect((await api.post('/api/imports/orders/logs/clear', { all: true }, 'user')).status).toBe(403);
        expect((await api.get('/api/settings/sheet-urls', 'user')).status).toBe(403);
        expect(
          (
            await api.put(
              '/api/settings/sheet-urls/stock',
              { url: 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit' },
              'user',
            )
          ).status,
        ).toBe(403);
        expect((await api.get('/api/imports', 'anonymous')).status).toBe(401);
      });

      it('saves, lists and deletes Sheet URLs per source (staff)', async () => {
        const url = 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit#gid=0';
        const put = await api.put('/api/settings/sheet-urls/orders.Shopee', { url }, 'staff');
        expect(put.status).toBe(200);
        expect(put.body).toMatchObject({ source: 'orders.Shopee', url });
        const bad = await api.put('/api/settings/sheet-urls/stock', { url: 'https://example.com/nothing' }, 'staff');
        expect(bad.status).toBe(400);
        expect(bad.body.error.code).toBe('sheet_invalid_url');
        expect((await api.put('/api/settings/sheet-urls/nope', { url }, 'staff')).status).toBe(404);
        const list = await api.get('/api/settings/sheet-urls', 'staff');
        expect(list.body.items).toHaveLength(10);
        expect(list.body.items.find((i: any) => i.source === 'orders.Shopee')).toMatchObject({ url });
        expect(list.body.items.find((i: any) => i.source === 'bill_empty')).toMatchObject({ url: null });
        expect((await api.delete('/api/settings/sheet-urls/orders.Shopee', 'staff')).body).toEqual({
          ok: true,
          deleted: true,
        });
        expect(
          (await api.get('/api/settings/sheet-urls', 'staff')).body.items.find((i: any) => i.source === 'orders.Shopee')
            .url,
        ).toBeNull();
      });

      it('clears only its own kind of log rows (by import date or all), never the data', async () => {
        const before = await snapshot(target);
        const count = async (kind: string) =>
          Number((await q('SELECT count(*) AS n FROM imports WHERE kind = ?', [kind]))[0].n);
        const bills = await count('bill_empty');
        const orders = await count('orders');
        expect(bills).toBeGreaterThan(0);
        const none = await api.post(
          '/api/imports/bill-empty/logs/clear',
          { dateFrom: '2000-01-01', dateTo: '2000-01-02' },
          'staff',
        );
        expect(none.body.deleted.imports).toBe(0);
        const reversed = await api.post(
          '/api/imports/bill-empty/logs/clear',
          { dateFrom: '2030-01-02', dateTo: '2030-01-01' },
          'staff',
        );
        expect(reversed.status).toBe(400);
        const res = await api.post('/api/imports/bill-empty/logs/clear', { all: true }, 'staff');
        expect(res.status).toBe(200);
        expect(res.body.deleted.imports).toBe(bills);
        expect(await count('bill_empty')).toBe(0);
        expect(await count('orders')).toBe(orders);
        expect(await snapshot(target)).toEqual(before);
      });
    });

    describe('order-time offsets (docs/domain/imports.md#dates-and-times)', () => {
      it('an offset beyond +-14:00 (or with minutes past 59) is date_invalid; +14:00 and -12:00 are honoured', async () => {
        const csv = [
          'order_sn,SKU,Quantity,Order Time',
          'OFFSET-1,OFF-SKU,1,2025-01-15T09:12:00+99:00',
          'OFFSET-2,OFF-SKU,1,2025-01-15T09:12:00+14:00',
          'OFFSET-3,OFF-SKU,1,2025-01-15T09:12:00-14:30',
          'OFFSET-4,OFF-SKU,1,2025-01-15T09:12:00-12:00',
          'OFFSET-5,OFF-SKU,1,2025-01-15 09:12+07:60',
        ].join('\n');
        const res = await send(api, 'orders', 'offsets.csv', {
          bytes: new TextEncoder().encode(csv),
          platform: 'Shopee',
          shop: 'Offset Shop',
          query: { skipInvalid: 'true' },
        });
        expect(res.status).toBe(200);
        expect(codes(res.body.errors)).toEqual([
          [2, 'date_invalid'],
          [4, 'date_invalid'],
          [6, 'date_invalid'],
        ]);
        expect(res.body.import).toMatchObject({ status: 'partial', added: 2, rejected: 3 });
        const times = await q(
          "SELECT order_no, order_time FROM orders WHERE order_no LIKE 'OFFSET-%' ORDER BY order_no",
        );
        expect(times.map((r) => [r.order_no, new Date(Number(r.order_time)).toISOString()])).toEqual([
          ['OFFSET-2', '2025-01-14T19:12:00.000Z'],
          ['OFFSET-4', '2025-01-15T21:12:00.000Z'],
        ]);
      });
    });
  });
}

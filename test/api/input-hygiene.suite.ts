// Input hygiene on every target (file, remote, worker): control and bidi characters in JSON
// bodies and imported cells (issue 19.1), field lengths of imported text (issue 17), cells past
// column XFD (19.0), and the reading caps where the edge runs them too (issue 17).
// Expected values come from the issues and docs/domain/imports.md#values, not from running the
// code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { codes, importFile, snapshot } from '../support/imports';
import { csvWideHeader, pastXfdColumns, whitespaceBomb } from '../support/hostile-uploads';
import type { Target } from '../support/targets';

const enc = new TextEncoder();
const csv = (rows: string[][]) => enc.encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');

export function defineInputHygieneSuite(name: string, makeTarget: () => Promise<Target>) {
  describe(`Input hygiene [${name}]`, () => {
    let target: Target;
    let api: ApiClient;
    const q = async (sql: string, args: (string | number)[] = []) => (await target.sql.execute({ sql, args })).rows;

    beforeAll(async () => {
      target = await makeTarget();
      api = new ApiClient(target);
      expect((await api.post('/api/products', { sku: 'AL-CASE-001', name: 'เคส' }, 'staff')).status).toBe(201);
      expect((await api.put('/api/stock/AL-CASE-001', { qty: 40 }, 'staff')).status).toBe(200);
    });
    afterAll(async () => {
      await target?.close();
    });

    describe('JSON bodies: 400 naming the field, nothing stored', () => {
      it('a SKU with NUL (the shadow product of 19.1) or a bidi override is refused', async () => {
        for (const sku of ['AL-CASE-001\u0000shadow', 'AL-CASE-\u202E100', 'AL\tCASE']) {
          const res = await api.post('/api/products', { sku, name: 'x' }, 'staff');
          expect(res.status, JSON.stringify(sku)).toBe(400);
          expect(res.body.error).toMatchObject({
            code: 'invalid_characters',
            details: [expect.objectContaining({ field: 'sku' })],
          });
          expect(res.body.error.message).toMatch(/U\+(0000|202E|0009)/);
        }
        expect(await q("SELECT sku FROM products WHERE sku LIKE 'AL-%'")).toEqual([
          expect.objectContaining({ sku: 'AL-CASE-001' }),
        ]);
        const stock = await api.get('/api/stock?q=AL-CASE-001', 'user');
        expect(stock.body.items).toEqual([expect.objectContaining({ sku: 'AL-CASE-001', qty: 40 })]);
      });

      it('SKUs in paths: PUT /api/stock and PATCH /api/products with a control character', async () => {
        const put = await api.put(`/api/stock/${encodeURIComponent('AL-CASE-001\u0000x')}`, { qty: 999 }, 'staff');
        expect(put.status).toBe(400);
        expect(put.body.error).toMatchObject({
          code: 'invalid_characters',
          details: [expect.objectContaining({ field: 'sku' })],
        });
        const patch = await api.patch(
          `/api/products/${encodeURIComponent('AL-CASE-001\u2066')}`,
          { brand: 'x' },
          'staff',
        );
        expect(patch.status).toBe(400);
        expect(await q('SELECT count(*) AS n FROM stock')).toEqual([expect.objectContaining({ n: 1 })]);
      });

      it('product text: a control character is refused naming the field; a line break is text', async () => {
        const bad = await api.patch('/api/products/AL-CASE-001', { brand: 'Alphy\u0007' }, 'staff');
        expect(bad.status).toBe(400);
        expect(bad.body.error).toMatchObject({
          code: 'invalid_request',
          details: [expect.objectContaining({ field: 'brand' })],
        });
        expect(
          (await api.post('/api/products', { sku: 'AL-CASE-002', location: 'A\u0085' }, 'staff')).body.error.details,
        ).toEqual([expect.objectContaining({ field: 'location' })]);
        const ok = await api.patch('/api/products/AL-CASE-001', { name: 'เคส\nรุ่นใหม่' }, 'staff');
        expect(ok.status).toBe(200);
        expect(ok.body.name).toBe('เคส\nรุ่นใหม่');
        expect(await q("SELECT brand FROM products WHERE sku = 'AL-CASE-001'")).toEqual([
          expect.objectContaining({ brand: null }),
        ]);
      });

      it('shop names and sheet URLs', async () => {
        const nul = await api.post('/api/shops', { platform: 'Shopee', name: 'Alpha\u0000Shop' }, 'staff');
        expect(nul.status).toBe(400);
        expect(nul.body.error).toMatchObject({
          code: 'invalid_characters',
          details: [expect.objectContaining({ field: 'name' })],
        });
        const bidi = await api.post('/api/shops', { platform: 'Shopee', name: 'Alpha \u202DShop' }, 'staff');
        expect(bidi.status).toBe(400);
        const url = await api.post(
          '/api/shops',
          { platform: 'Shopee', name: 'Alpha Shop', sheetUrl: 'https://docs.google.com/spreadsheets/d/abc\u0000' },
          'staff',
        );
        expect(url.status).toBe(400);
        expect(url.body.error.details).toEqual([expect.objectContaining({ field: 'sheetUrl' })]);
        const saved = await api.put(
          '/api/settings/sheet-urls/products',
          { url: 'https://docs.google.com/spreadsheets/d/abc\u200F\u202E' },
          'staff',
        );
        expect(saved.status).toBe(400);
        expect(await q('SELECT count(*) AS n FROM shops')).toEqual([expect.objectContaining({ n: 0 })]);
      });

      it('usernames stay a-z 0-9 . _ - only', async () => {
        const res = await api.post('/api/admin/users', {
          username: 'bob\u0000admin',
          password: 'Correct-Horse-Battery-9',
          role: 'user',
        });
        expect(res.status).toBe(400);
        expect(await q("SELECT count(*) AS n FROM users WHERE username LIKE 'bob%'")).toEqual([
          expect.objectContaining({ n: 0 }),
        ]);
      });
    });

    describe('imported cells: a row-and-column error, nothing written', () => {
      it('NUL in order numbers (NULORD\\0A1, NULORD\\0A2): two row errors, no order stored', async () => {
        const before = await snapshot(target);
        const file = csv([
          ['Order ID', 'SKU', 'Qty'],
          ['NULORD\u0000A1', 'AL-CASE-001', '1'],
          ['NULORD\u0000A2', 'AL-CASE-001', '1'],
        ]);
        const res = await importFile(api, 'orders', 'nul.csv', { bytes: file, platform: 'Shopee', shop: 'Nul Shop' });
        expect(res.status).toBe(200);
        expect(res.body.import).toMatchObject({ status: 'rejected', added: 0, duplicates: 0, rejected: 2 });
        expect(res.body.errors).toEqual([
          expect.objectContaining({
            row: 2,
            column: 'Order ID',
            code: 'invalid_characters',
            value: 'NULORD<U+0000>A1',
          }),
          expect.objectContaining({
            row: 3,
            column: 'Order ID',
            code: 'invalid_characters',
            value: 'NULORD<U+0000>A2',
          }),
        ]);
        expect(res.body.errors[0].message).toContain('U+0000');
        const skip = await importFile(api, 'orders', 'nul.csv', {
          bytes: file,
          platform: 'Shopee',
          shop: 'Nul Shop',
          query: { skipInvalid: 'true' },
        });
        expect(skip.body.import).toMatchObject({ added: 0, linesAdded: 0 });
        expect(await snapshot(target)).toEqual(before);
      });

      it('every text field: SKU, shop, item name, logistics, brand, status, note; an order with one bad row is rejected whole', async () => {
        const orders = await importFile(api, 'orders', 'text.csv', {
          platform: 'Shopee',
          bytes: csv([
            ['Order ID', 'SKU', 'Shop', 'Item Name', 'Logistics'],
            ['TXT-1', 'AL-CASE-001', 'Text Shop', 'ok', 'SPX'],
            ['TXT-1', 'AL-\u202ECASE', 'Text Shop', 'ok', 'SPX'],
            ['TXT-2', 'AL-CASE-001', 'Text\u0001Shop', 'ok', 'SPX'],
            ['TXT-3', 'AL-CASE-001', 'Text Shop', 'name\u0000', 'SPX'],
            ['TXT-4', 'AL-CASE-001', 'Text Shop', 'ok', 'SPX\u2069'],
            ['TXT-5', 'AL-CASE-001', 'Text Shop', 'two\tparts', 'SPX'],
          ]),
          query: { skipInvalid: 'true' },
        });
        expect(codes(orders.body.errors)).toEqual([
          [3, 'invalid_characters'],
          [4, 'invalid_characters'],
          [5, 'invalid_characters'],
          [6, 'invalid_characters'],
        ]);
        expect(orders.body.errors.map((e: { column: string }) => e.column)).toEqual([
          'SKU',
          'Shop',
          'Item Name',
          'Logistics',
        ]);
        // TXT-1's good row goes with its bad one; only TXT-5 (a tab is text) is written.
        expect(orders.body.import).toMatchObject({ status: 'partial', added: 1, linesAdded: 1 });
        expect(
          await q(
            "SELECT l.item_name FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no LIKE 'TXT-%'",
          ),
        ).toEqual([expect.objectContaining({ item_name: 'two\tparts' })]);

        const products = await importFile(api, 'products', 'p.csv', {
          bytes: csv([
            ['SKU', 'Brand'],
            ['TXT-SKU-1', 'Alphy\u2066'],
            ['TXT-SKU-2', 'Alphy'],
          ]),
          query: { skipInvalid: 'true' },
        });
        expect(codes(products.body.errors)).toEqual([[2, 'invalid_characters']]);
        expect(products.body.import).toMatchObject({ added: 1, rejected: 1 });
        const sales = await importFile(api, 'sales', 's.csv', {
          bytes: csv([
            ['Order ID', 'Status'],
            ['TXT-5', 'เปิด\u0000'],
          ]),
        });
        expect(codes(sales.body.errors)).toEqual([[2, 'invalid_characters']]);
        const cancelled = await importFile(api, 'cancelled', 'c.csv', {
          bytes: csv([
            ['order_id', 'note'],
            ['TXT-5', 'ลูกค้า\u202Aยกเลิก'],
          ]),
        });
        expect(codes(cancelled.body.errors)).toEqual([[2, 'invalid_characters']]);
        const stock = await importFile(api, 'stock', 'st.csv', {
          bytes: csv([
            ['SKU', 'Stock'],
            ['AL-CASE-001\u0000', '5'],
          ]),
          query: { mode: 'partial' },
        });
        expect(codes(stock.body.errors)).toEqual([[2, 'invalid_characters']]);
        expect(await q("SELECT qty FROM stock WHERE sku = 'AL-CASE-001'")).toEqual([
          expect.objectContaining({ qty: 40 }),
        ]);
      });

      it('field lengths: free text is cut past 255 with a warning and refused past 1,000; ids keep their limits', async () => {
        const res = await importFile(api, 'orders', 'long.csv', {
          platform: 'Shopee',
          shop: 'Long Shop',
          bytes: csv([
            ['Order ID', 'SKU', 'Item Name'],
            ['LONG-1', 'AL-CASE-001', 'ก'.repeat(300)],
            ['LONG-2', 'AL-CASE-001', 'x'.repeat(1_001)],
            ['LONG-3', 'S'.repeat(65), 'ok'],
          ]),
          query: { skipInvalid: 'true' },
        });
        expect(res.body.errors).toEqual([
          expect.objectContaining({
            row: 3,
            column: 'Item Name',
            code: 'field_too_long',
            message: 'ข้อมูลยาวเกิน 1,000 ตัวอักษร',
          }),
          expect.objectContaining({ row: 4, column: 'SKU', code: 'field_too_long', message: 'ข้อมูลยาวเกิน 64 ตัวอักษร' }),
        ]);
        // The value shown back is cut too: a refused cell may be long on every row.
        expect(res.body.errors[0].value).toHaveLength(256);
        expect(codes(res.body.warnings)).toContainEqual([2, 'text_truncated']);
        expect(
          await q(
            "SELECT length(l.item_name) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = 'LONG-1'",
          ),
        ).toEqual([expect.objectContaining({ n: 255 })]);
      });

      it("the form's shop field follows the same rule (400 naming it)", async () => {
        const res = await importFile(api, 'orders', 'f.csv', {
          platform: 'Shopee',
          shop: 'Form\u0000Shop',
          bytes: csv([
            ['Order ID', 'SKU'],
            ['F-1', 'A'],
          ]),
        });
        expect(res.status).toBe(400);
        expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'shop' })]);
      });
    });

    describe('caps while reading (the same reader on Node and edge)', () => {
      it('ZZZZZZ2 and ZZZZZ3 are row errors (19.0); nothing is padded to that column', async () => {
        const file = pastXfdColumns();
        const res = await importFile(api, 'products', file.fileName, { bytes: file.bytes, query: { dryRun: 'true' } });
        expect(res.status).toBe(200);
        expect(res.body.errors).toEqual([
          expect.objectContaining({ row: 2, column: 'ZZZZZZ', code: 'column_out_of_range' }),
          expect.objectContaining({ row: 3, column: 'ZZZZZ', code: 'column_out_of_range' }),
        ]);
      });

      it('a whitespace bomb is 413 file_too_large_inflated naming the part; 200,000 CSV columns are 422 too_many_columns', async () => {
        const bomb = whitespaceBomb();
        const res = await importFile(api, 'orders', bomb.fileName, {
          bytes: bomb.bytes,
          platform: 'Shopee',
          query: { dryRun: 'true' },
        });
        expect(res.status).toBe(413);
        expect(res.body.error).toMatchObject({
          code: 'file_too_large_inflated',
          details: [expect.objectContaining({ part: 'xl/worksheets/sheet1.xml' })],
        });
        const wide = csvWideHeader();
        const w = await importFile(api, 'orders', wide.fileName, {
          bytes: wide.bytes,
          platform: 'Shopee',
          query: { dryRun: 'true' },
        });
        expect(w.status).toBe(422);
        expect(w.body.error).toMatchObject({
          code: 'too_many_columns',
          message: 'ไฟล์มีคอลัมน์เกิน 16,384 คอลัมน์ (แถว 1) จึงไม่ได้อ่านต่อ',
        });
        const log = await api.get('/api/imports?kind=orders&limit=2', 'staff');
        expect(log.body.items.map((i: { status: string }) => i.status)).toEqual(['failed', 'failed']);
      });
    });
  });
}

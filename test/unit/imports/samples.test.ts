// The sample files in test/fixtures/samples read through the real readers and normalisers; the
// expectations are the facts stated in test/fixtures/samples/README.md and
// docs/domain/imports.md#sample-run.
import { SAMPLES_DIR } from '../../support/samples';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDateCell, parseDateColumn } from '../../../src/domain/imports/dates';
import { looksLikeOrdersFile, matchHeaders, type Field, type ImportKind } from '../../../src/domain/imports/headers';
import { normalizeIdentifier } from '../../../src/domain/imports/identifiers';
import { detectPlatformFromHeaders } from '../../../src/domain/platform';
import { parseOrderQty, parseStockQty } from '../../../src/domain/imports/quantity';
import { cleanShopName } from '../../../src/domain/imports/shops';
import { cellAt, readTable, type Table } from '../../../src/domain/imports/table';

const DIR = SAMPLES_DIR;
const load = (name: string): Table => readTable(new Uint8Array(readFileSync(`${DIR}/${name}`)), { fileName: name });
const bkk = (wall: string) => Date.parse(`${wall}+07:00`);

function column(t: Table, kind: ImportKind, field: Field) {
  const col = matchHeaders(kind, t.header).columnMap[field];
  return t.rows.map((r) => cellAt(r, col));
}

function ids(t: Table, kind: ImportKind, field: Field = 'orderNo', idKind: 'order_id' | 'sku' = 'order_id') {
  return column(t, kind, field).map((c) => {
    const r = normalizeIdentifier(c, idKind);
    return r.ok ? r.value : r.code;
  });
}

describe('products.csv / products_bad.csv', () => {
  it('12 products, headers รหัสสินค้า, Brand, ชื่อสินค้า', () => {
    const t = load('products.csv');
    expect(t.header).toEqual(['รหัสสินค้า', 'Brand', 'ชื่อสินค้า']);
    expect(matchHeaders('products', t.header)).toEqual({ columnMap: { sku: 0, brand: 1, model: 2 }, missing: [] });
    expect(new Set(ids(t, 'products', 'sku', 'sku')).size).toBe(12);
  });
  it('bad: rows 3 and 4 missing_sku (blank, nan); DUP-SKU-02 repeats on row 7', () => {
    const t = load('products_bad.csv');
    expect(matchHeaders('products', t.header).columnMap).toEqual({ sku: 0, brand: 1, model: 2 });
    const sku = ids(t, 'products', 'sku', 'sku');
    expect(t.rows.map((r) => r.rowNo)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(sku).toEqual(['NEW-SKU-01', 'missing', 'missing', 'AL-CASE-001', 'DUP-SKU-02', 'DUP-SKU-02', 'GB-SERUM-30']);
    expect(t.rows[5].cells[2]).toBe('ตะกร้าผ้า M2');
  });
});

describe('stock files', () => {
  it('stock.csv: 1,250 -> GB-MASK-10P = 1250; row 7 repeats BH-TOWEL-L (10 + 5)', () => {
    const t = load('stock.csv');
    const m = matchHeaders('stock', t.header);
    expect(m).toEqual({ columnMap: { sku: 0, qty: 2 }, missing: [] });
    expect(looksLikeOrdersFile(t.header)).toBe(false);
    const byRow = new Map(t.rows.map((r) => [r.rowNo, r]));
    const mask = t.rows.find((r) => r.cells[0] === 'GB-MASK-10P')!;
    expect(mask.cells[2]).toBe('1,250');
    expect(parseStockQty(mask.cells[2])).toEqual({ ok: true, value: 1250 });
    expect(byRow.get(6)!.cells.slice(0, 1).concat(byRow.get(6)!.cells[2])).toEqual(['BH-TOWEL-L', '10']);
    expect(byRow.get(7)!.cells[0]).toBe('BH-TOWEL-L');
    expect(parseStockQty(byRow.get(7)!.cells[2])).toEqual({ ok: true, value: 5 });
    expect(new Set(ids(t, 'stock', 'sku', 'sku')).size).toBe(11);
    expect(ids(t, 'stock', 'sku', 'sku')).not.toContain('PW-BANK-10K');
  });
  it('stock.xlsx holds the same SKUs and quantities as stock.csv', () => {
    const csv = load('stock.csv');
    const xlsx = load('stock.xlsx');
    expect(xlsx.fileType).toBe('xlsx');
    expect(xlsx.header).toEqual(csv.header);
    expect(xlsx.rows.map((r) => r.rowNo)).toEqual(csv.rows.map((r) => r.rowNo));
    const pairs = (t: Table) => t.rows.map((r) => [normalizeIdentifier(r.cells[0], 'sku'), parseStockQty(r.cells[2])]);
    expect(pairs(xlsx)).toEqual(pairs(csv));
  });
  it('stock_bad.csv: 13, 14 missing_sku; 15, 16 qty_invalid; 17 GB-LIP-01 repeat', () => {
    const t = load('stock_bad.csv');
    const m = matchHeaders('stock', t.header);
    const codes = t.rows.map((r) => {
      const sku = normalizeIdentifier(cellAt(r, m.columnMap.sku), 'sku');
      const qty = parseStockQty(cellAt(r, m.columnMap.qty));
      return [r.rowNo, !sku.ok ? 'missing_sku' : !qty.ok ? qty.code : sku.value] as const;
    });
    expect(codes.slice(11)).toEqual([
      [13, 'missing_sku'],
      [14, 'missing_sku'],
      [15, 'qty_invalid'],
      [16, 'qty_invalid'],
      [17, 'GB-LIP-01'],
    ]);
  });
  it('stock_sync_next_day.csv: Sabuy Soft headers', () => {
    const t = load('stock_sync_next_day.csv');
    expect(matchHeaders('stock', t.header).columnMap).toEqual({ sku: 0, qty: 1 });
    expect(t.rows.find((r) => r.cells[0] === 'PW-BANK-10K')!.cells[1]).toBe('20');
  });
  it('orders_shopee.csv as stock -> wrong_file_kind; products.csv as stock -> missing qty column', () => {
    expect(looksLikeOrdersFile(load('orders_shopee.csv').header)).toBe(true);
    const m = matchHeaders('stock', load('products.csv').header);
    expect(m.missing.map((x) => x.field)).toEqual(['qty']);
  });
});

describe('orders_shopee.csv (BOM, Buddhist-era dates)', () => {
  const t = load('orders_shopee.csv');
  it('the BOM header is matched', () => {
    expect(t.header[0]).toBe('ชื่อร้าน');
    expect(matchHeaders('orders', t.header)).toEqual({
      columnMap: { shop: 0, orderNo: 1, sku: 2, itemName: 3, qty: 4, orderTime: 5, logistics: 6 },
      missing: [],
    });
    expect(detectPlatformFromHeaders(t.header)).toBeNull();
  });
  it('15/01/2568 09:12 -> 2025-01-15 09:12 +07:00 for 250115QX1A01', () => {
    const row = t.rows.find((r) => r.cells[1] === '250115QX1A01')!;
    expect(parseDateCell(row.cells[5])).toBe(bkk('2025-01-15T09:12:00'));
  });
  it('row 7 repeats 250115QX1A04 / AL-CABLE-USBC-2M (1 + 2 = 3); shop is Alpha Gadget Shop', () => {
    const rows = t.rows.filter((r) => r.cells[1] === '250115QX1A04');
    expect(rows.map((r) => [r.rowNo, r.cells[2], parseOrderQty(r.cells[4])])).toEqual([
      [6, 'AL-CABLE-USBC-2M', { ok: true, value: 1 }],
      [7, 'AL-CABLE-USBC-2M', { ok: true, value: 2 }],
    ]);
    expect(new Set(t.rows.map((r) => cleanShopName(r.cells[0] as string).value))).toEqual(
      new Set(['Alpha Gadget Shop']),
    );
    expect(new Set(ids(t, 'orders')).size).toBe(6);
  });
  it('every order time parses, day-first', () => {
    const col = parseDateColumn(column(t, 'orders', 'orderTime'));
    expect(col.monthFirst).toBe(false);
    expect(col.values.every((v) => typeof v === 'number')).toBe(true);
  });
});

describe('orders_lazada.csv (no qty column: one row per unit)', () => {
  const t = load('orders_lazada.csv');
  it('headers, Lazada signature, no qty and no shop column', () => {
    const m = matchHeaders('orders', t.header);
    expect(m.columnMap).toEqual({ orderNo: 0, sku: 1, itemName: 2, orderTime: 3, logistics: 4 });
    expect(detectPlatformFromHeaders(t.header)).toBe('Lazada');
  });
  it('450012345600001 / BH-TOWEL-L twice (qty 2); 450012345600003 / BH-MUG-350 three times (qty 3)', () => {
    const count = (o: string, s: string) => t.rows.filter((r) => r.cells[0] === o && r.cells[1] === s).length;
    expect(count('450012345600001', 'BH-TOWEL-L')).toBe(2);
    expect(count('450012345600003', 'BH-MUG-350')).toBe(3);
    expect(new Set(ids(t, 'orders')).size).toBe(5);
  });
  it('without a shop input every row (2-10) is missing_shop', () => {
    expect(matchHeaders('orders', t.header).columnMap.shop).toBeUndefined();
    expect(t.rows.map((r) => r.rowNo)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
  it('15 Jan 2025 10:21 -> 10:21 Bangkok', () => {
    expect(parseDateCell(t.rows[0].cells[3])).toBe(bkk('2025-01-15T10:21:00'));
  });
});

describe('orders_tiktok.csv / .xlsx (18-digit ids, Paid Time)', () => {
  for (const file of ['orders_tiktok.csv', 'orders_tiktok.xlsx']) {
    it(`${file}: order time = Paid Time; 577000111122223304 -> 2025-01-16 08:02:19 +07:00; ids exact`, () => {
      const t = load(file);
      const m = matchHeaders('orders', t.header);
      expect(m.columnMap).toEqual({ orderNo: 0, sku: 1, qty: 3, itemName: 2, orderTime: 5, logistics: 6, shop: 7 });
      expect(detectPlatformFromHeaders(t.header)).toBe('TikTok');
      const row = t.rows.find((r) => r.cells[0] === '577000111122223304')!;
      expect(row.rowNo).toBe(6);
      expect(normalizeIdentifier(row.cells[0], 'order_id')).toEqual({ ok: true, value: '577000111122223304' });
      expect(parseDateCell(row.cells[5])).toBe(bkk('2025-01-16T08:02:19'));
      expect(cleanShopName(row.cells[7] as string).value).toBe('Gamma Beauty TikTok');
      expect(new Set(ids(t, 'orders'))).toEqual(
        new Set(['577000111122223301', '577000111122223302', '577000111122223303', '577000111122223304']),
      );
    });
  }
  it('the xlsx stores Created Time and Paid Time as real date cells', () => {
    const row = load('orders_tiktok.xlsx').rows[4];
    expect(row.cells[4]).toMatchObject({ kind: 'date' });
    expect(row.cells[5]).toMatchObject({ kind: 'date' });
  });
});

describe('each orders xlsx gives exactly what its csv gives', () => {
  for (const base of ['orders_shopee', 'orders_lazada', 'orders_tiktok']) {
    it(base, () => {
      const summary = (t: Table) => {
        const m = matchHeaders('orders', t.header).columnMap;
        const times = parseDateColumn(t.rows.map((r) => cellAt(r, m.orderTime))).values;
        return t.rows.map((r, i) => ({
          row: r.rowNo,
          order: normalizeIdentifier(cellAt(r, m.orderNo), 'order_id'),
          sku: normalizeIdentifier(cellAt(r, m.sku), 'sku'),
          qty: parseOrderQty(cellAt(r, m.qty)),
          time: times[i],
          shop: m.shop === undefined ? null : cleanShopName(cellAt(r, m.shop) as string).value,
        }));
      };
      const csv = load(`${base}.csv`);
      const xlsx = load(`${base}.xlsx`);
      expect(xlsx.header).toEqual(csv.header);
      expect(summary(xlsx)).toEqual(summary(csv));
    });
  }
});

describe('orders_bad.csv: row errors as the README lists them (platform Shopee, no shop input)', () => {
  const t = load('orders_bad.csv');
  const m = matchHeaders('orders', t.header).columnMap;
  const times = parseDateColumn(t.rows.map((r) => cellAt(r, m.orderTime)));
  const rowCodes = t.rows.map((r, i) => {
    const codes: string[] = [];
    const order = normalizeIdentifier(cellAt(r, m.orderNo), 'order_id');
    if (!order.ok) codes.push(order.code === 'missing' ? 'missing_order_id' : order.code);
    const sku = normalizeIdentifier(cellAt(r, m.sku), 'sku');
    if (!sku.ok) codes.push(sku.code === 'missing' ? 'missing_sku' : sku.code);
    if (cleanShopName(cellAt(r, m.shop) as string | null).value === null) codes.push('missing_shop');
    const qty = parseOrderQty(cellAt(r, m.qty));
    if (!qty.ok) codes.push(qty.code);
    if (typeof times.values[i] === 'object' && times.values[i] !== null) codes.push('date_invalid');
    return [r.rowNo, codes.join(',')];
  });
  it('rows 3..12', () => {
    expect(rowCodes).toEqual([
      [2, ''],
      [3, 'missing_sku'],
      [4, 'qty_invalid'],
      [5, 'date_invalid'],
      [6, 'missing_sku'],
      [7, 'missing_order_id'],
      [8, ''],
      [9, ''],
      [10, 'qty_invalid'],
      [11, ''],
      [12, 'missing_shop'],
    ]);
  });
  it('250116BAD007: 16/01/2568 11:30 -> 2025-01-16 11:30 +07:00; the column stays day-first', () => {
    expect(times.monthFirst).toBe(false);
    const i = t.rows.findIndex((r) => r.cells[1] === '250116BAD007');
    expect(t.rows[i].rowNo).toBe(11);
    expect(times.values[i]).toBe(bkk('2025-01-16T11:30:00'));
  });
  it('row 10 holds 2 ชิ้น for order 250116BAD006, whose other row is 9', () => {
    expect(t.rows.filter((r) => r.cells[1] === '250116BAD006').map((r) => [r.rowNo, r.cells[4]])).toEqual([
      [9, '1'],
      [10, '2 ชิ้น'],
    ]);
  });
});

describe('sales and order-id lists', () => {
  it('sales_status.csv: 7 orders with PO and status', () => {
    const t = load('sales_status.csv');
    expect(matchHeaders('sales', t.header)).toEqual({ columnMap: { orderNo: 0, poNo: 1, status: 2 }, missing: [] });
    expect(ids(t, 'sales')).toContain('450099999900001');
    expect(t.rows).toHaveLength(7);
  });
  it('sales_status_bad.csv: 2, 3 missing_order_id; row 6 450012345600002.0 -> 450012345600002 with warning', () => {
    const t = load('sales_status_bad.csv');
    const col = matchHeaders('sales', t.header).columnMap;
    expect(col).toEqual({ orderNo: 0, poNo: 1, status: 2 });
    const res = t.rows.map((r) => [r.rowNo, normalizeIdentifier(cellAt(r, col.orderNo), 'order_id')]);
    expect(res).toEqual([
      [2, { ok: false, code: 'missing' }],
      [3, { ok: false, code: 'missing' }],
      [4, { ok: true, value: '250115QX1A02' }],
      [5, { ok: true, value: '250115QX1A02' }],
      [6, { ok: true, value: '450012345600002', warning: 'id_trailing_zero_removed' }],
      [7, { ok: true, value: '250115QX1A01' }],
    ]);
    expect(normalizeIdentifier(t.rows[4].cells[1], 'po')).toEqual({ ok: true, value: 'PO-6801-0010' });
  });
  it('cancelled_orders.csv, issued_orders.csv: header order_id', () => {
    expect(ids(load('cancelled_orders.csv'), 'cancelled')).toEqual([
      '250115QX1A05',
      '577000111122223304',
      '450012345600005',
      '250199NOTEXIST1',
    ]);
    expect(ids(load('issued_orders.csv'), 'issued')).toEqual([
      '250115QX1A01',
      '250115QX1A02',
      '450012345600001',
      '577000111122223301',
      '250199NOTEXIST2',
    ]);
    expect(matchHeaders('issued', load('issued_orders.csv').header).assumedOrderIdColumn).toBeUndefined();
  });
  it('bill_empty.csv: header Order ID (not imported as an id)', () => {
    const t = load('bill_empty.csv');
    expect(matchHeaders('bill-empty', t.header)).toEqual({ columnMap: { orderNo: 0 }, missing: [] });
    expect(ids(t, 'bill-empty')).toEqual(['250115QX1A04', '577000111122223303', '250199NOTEXIST4']);
  });
  it('cancelled_orders_bad.csv: เลขออเดอร์ + หมายเหตุ; 3, 4 missing; 450012345600004 trimmed; row 6 repeats', () => {
    const t = load('cancelled_orders_bad.csv');
    expect(matchHeaders('cancelled', t.header).columnMap).toEqual({ orderNo: 0, note: 1 });
    expect(t.rows.map((r) => r.rowNo)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(ids(t, 'cancelled')).toEqual([
      '250115QX1A05',
      'missing',
      'missing',
      '250115QX1A06',
      '250115QX1A06',
      '450012345600004',
    ]);
    expect(t.rows[3].cells[1]).toBe('สินค้าหมด');
  });
  it('issued_orders_bad.csv and bill_empty_bad.csv: rows 3, 4 missing_order_id, row 6 repeats row 5', () => {
    const issued = load('issued_orders_bad.csv');
    expect(matchHeaders('issued', issued.header).columnMap).toEqual({ orderNo: 0, note: 1 });
    expect(ids(issued, 'issued')).toEqual([
      '250115QX1A01',
      'missing',
      'missing',
      '250115QX1A03',
      '250115QX1A03',
      '250199NOTEXIST3',
    ]);
    const bill = load('bill_empty_bad.csv');
    expect(matchHeaders('bill-empty', bill.header).columnMap).toEqual({ orderNo: 0, note: 1 });
    expect(ids(bill, 'bill-empty')).toEqual([
      '250115QX1A04',
      'missing',
      'missing',
      '450012345600003',
      '450012345600003',
    ]);
  });
});

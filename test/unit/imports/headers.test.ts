import { describe, expect, it } from 'vitest';
import {
  FIELD_SPECS,
  IMPORT_KINDS,
  looksLikeOrdersFile,
  matchHeaders,
  templateHeaders,
} from '../../../src/domain/imports/headers';

function variants(alias: string): string[] {
  return [
    alias,
    alias.toUpperCase(),
    alias.toLowerCase(),
    `  ${alias.replace(/ /g, '   ')}  `,
    `\uFEFF${alias}`,
    `${alias}\u200B`,
    alias.replace(/ /g, '\u00A0'),
    `\t${alias}\t`,
  ];
}

describe('every alias of every kind maps to its field (generated from the table)', () => {
  for (const kind of IMPORT_KINDS) {
    for (const spec of FIELD_SPECS[kind]) {
      for (const alias of spec.aliases) {
        it(`${kind}: ${JSON.stringify(alias)} -> ${spec.field}`, () => {
          for (const v of variants(alias)) {
            const m = matchHeaders(kind, ['some other column', v]);
            expect(m.columnMap[spec.field], JSON.stringify(v)).toBe(1);
          }
        });
      }
    }
  }
});

describe('alias lists as the spec writes them', () => {
  it('orders: order id with the added Thai aliases before No.', () => {
    expect(FIELD_SPECS.orders[0].aliases).toEqual([
      'orderNumber',
      'Order Number',
      'order_id',
      'Order ID',
      'order_sn',
      'Order No',
      'เลข Order',
      'หมายเลขคำสั่งซื้อ',
      'เลขที่คำสั่งซื้อ',
      'เลขคำสั่งซื้อ',
      'เลขออเดอร์',
      'No.',
      'OrderNo',
    ]);
  });
  it('required fields per kind', () => {
    const required = Object.fromEntries(
      IMPORT_KINDS.map((k) => [k, FIELD_SPECS[k].filter((f) => f.required).map((f) => f.field)]),
    );
    expect(required).toEqual({
      orders: ['orderNo', 'sku'],
      products: ['sku'],
      stock: ['sku', 'qty'],
      sales: ['orderNo'],
      cancelled: ['orderNo'],
      issued: ['orderNo'],
      'bill-empty': ['orderNo'],
    });
  });
  it('cancelled/issued/bill-empty: legacy cancel names first, then every order-id alias of the orders kind', () => {
    const a = FIELD_SPECS.cancelled[0].aliases;
    expect(a.slice(0, 5)).toEqual(['order_id', 'order id', 'order_no', 'เลขคำสั่งซื้อ', 'เลขออเดอร์']);
    for (const alias of FIELD_SPECS.orders[0].aliases) expect(a).toContain(alias);
  });
});

describe('matching rule (docs/domain/imports.md#header-matching)', () => {
  it('first alias in list order wins: TikTok Paid Time over Created Time', () => {
    const m = matchHeaders('orders', ['Order ID', 'Seller SKU', 'Created Time', 'Paid Time']);
    expect(m.columnMap).toMatchObject({ orderNo: 0, sku: 1, orderTime: 3 });
  });
  it('a repeated header: the left-most column', () => {
    expect(matchHeaders('stock', ['SKU', 'Stock', 'sku', 'Stock']).columnMap).toEqual({ sku: 0, qty: 1 });
  });
  it('never substring: Tracking No., จำนวนเงิน, Shop Name vs name, PO inside a word', () => {
    expect(matchHeaders('orders', ['Tracking No.', 'SKU']).columnMap.orderNo).toBeUndefined();
    expect(matchHeaders('orders', ['Order ID', 'SKU', 'จำนวนเงิน']).columnMap.qty).toBeUndefined();
    const m = matchHeaders('orders', ['Order ID', 'SKU', 'Shop Name']);
    expect(m.columnMap.shop).toBe(2);
    expect(m.columnMap.itemName).toBeUndefined();
    expect(matchHeaders('sales', ['Order ID', 'Report Period']).columnMap.poNo).toBeUndefined();
  });
  it("the legacy template's own headers are all recognised (Logistics included)", () => {
    const m = matchHeaders('orders', ['ชื่อร้าน', 'Order ID', 'SKU', 'Item Name', 'Qty', 'Order Time', 'Logistics']);
    expect(m.columnMap).toEqual({ shop: 0, orderNo: 1, sku: 2, itemName: 3, qty: 4, orderTime: 5, logistics: 6 });
    expect(m.missing).toEqual([]);
  });
  it('missing required fields list aliases and the headers found', () => {
    const m = matchHeaders('stock', ['รหัสสินค้า', 'Brand', 'ชื่อสินค้า', '']);
    expect(m.columnMap).toEqual({ sku: 0 });
    expect(m.missing).toEqual([
      { field: 'qty', aliases: FIELD_SPECS.stock[1].aliases, found: ['รหัสสินค้า', 'Brand', 'ชื่อสินค้า'] },
    ]);
  });
  it('overrides replace detection for the fields they name', () => {
    const m = matchHeaders('orders', ['Order ID', 'My SKU', 'SKU'], { sku: 'my sku' });
    expect(m.columnMap).toEqual({ orderNo: 0, sku: 1 });
    const bad = matchHeaders('orders', ['Order ID', 'SKU'], { qty: 'Pieces', bogus: 'x' });
    expect(bad.missing).toEqual([{ field: 'qty', aliases: ['Pieces'], found: ['Order ID', 'SKU'] }]);
  });
  it('order-id lists fall back to column A with order_id_column_assumed', () => {
    const m = matchHeaders('cancelled', ['เลขที่', 'หมายเหตุ']);
    expect(m).toEqual({ columnMap: { orderNo: 0, note: 1 }, missing: [], assumedOrderIdColumn: true });
    expect(matchHeaders('issued', ['order_id']).assumedOrderIdColumn).toBeUndefined();
    expect(matchHeaders('bill-empty', ['Order ID']).columnMap).toEqual({ orderNo: 0 });
    // No fallback for the other kinds.
    expect(matchHeaders('sales', ['x']).missing.map((x) => x.field)).toEqual(['orderNo']);
    // Column A already taken by the note: nothing safe to assume.
    expect(matchHeaders('cancelled', ['note', 'x']).missing.map((x) => x.field)).toEqual(['orderNo']);
  });
});

describe('stock wrong_file_kind check', () => {
  it('an orders header is recognised by any order-id alias other than No.', () => {
    expect(looksLikeOrdersFile(['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'จำนวน'])).toBe(true);
    expect(looksLikeOrdersFile(['order_sn', 'SKU'])).toBe(true);
    expect(looksLikeOrdersFile(['No.', 'รหัสสินค้า', 'คงเหลือ'])).toBe(false);
    expect(looksLikeOrdersFile(['รหัสสินค้า', 'ชื่อสินค้า', 'คงเหลือ'])).toBe(false);
  });
});

describe('template headers: first alias of each field', () => {
  it.each([
    ['orders', ['orderNumber', 'sellerSku', 'quantity', 'itemName', 'order_time', 'logistics_service', 'ชื่อร้าน']],
    ['products', ['รหัสสินค้า', 'Brand', 'ชื่อสินค้า']],
    ['stock', ['รหัสสินค้า', 'คงเหลือ']],
    ['sales', ['เลข Order', 'เลขที่ PO', 'สถานะ']],
    ['cancelled', ['order_id', 'หมายเหตุ']],
    ['issued', ['order_id', 'หมายเหตุ']],
    ['bill-empty', ['order_id', 'หมายเหตุ']],
  ] as const)('%s', (kind, headers) => {
    expect(templateHeaders(kind)).toEqual(headers);
    // A template read back matches itself with nothing missing.
    expect(matchHeaders(kind, headers).missing).toEqual([]);
  });
});

// Import rules that need Node facilities (clock control, test hooks, config, raw streams):
// failed files write nothing but their log row; a crash mid-import leaves no partial rows; the
// upload limit; dry runs; the stock zeroing guard; cross-day duplicates; pending cancellations;
// platform narrowing; packed_at; the columns override; batched round trips on the remote adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { codes, importFile, snapshot, tableCounts } from '../support/imports';
import { fileTarget, remoteTarget } from '../support/targets';

const bkk = (wall: string) => Date.parse(`${wall}+07:00`);
const DAY1 = bkk('2025-02-03T09:00:00');
const DAY2 = bkk('2025-02-04T09:00:00');

const enc = new TextEncoder();
const csv = (rows: (string | number)[][]) => enc.encode(rows.map((r) => r.map(String).join(',')).join('\r\n') + '\r\n');

type FileTarget = Awaited<ReturnType<typeof fileTarget>>;

/** Table counts after an attempt equal those before, except the log, its errors and the audit. */
async function expectOnlyLogWritten(target: FileTarget, before: Record<string, number>, statusCode: number) {
  const after = await tableCounts(target);
  for (const t of Object.keys(before)) {
    if (['imports', 'import_errors', 'audit_log', 'data_version'].includes(t)) continue;
    expect(after[t], t).toBe(before[t]);
  }
  expect(after.imports).toBe(before.imports + 1);
  expect(after.audit_log).toBe(before.audit_log + 1);
  const last = (await target.sql.execute('SELECT status FROM imports ORDER BY id DESC LIMIT 1')).rows[0];
  expect(last.status).toBe(statusCode === 200 ? last.status : 'failed');
}

describe('imports: failures write nothing but the log row', () => {
  let target: FileTarget;
  let api: ApiClient;

  beforeAll(async () => {
    target = await fileTarget();
    target.clock!.now = DAY1;
    api = new ApiClient(target);
    await importFile(api, 'products', 'products.csv');
    await importFile(api, 'orders', 'orders_shopee.csv', { platform: 'Shopee' });
    await api.token('staff');
  });
  afterAll(() => target.close());

  const cases: [string, string, Uint8Array, Record<string, string>, number, string][] = [
    [
      'missing required column',
      'no_sku.csv',
      csv([
        ['Order ID', 'Qty'],
        ['X-1', '1'],
      ]),
      { platform: 'Shopee' },
      422,
      'missing_columns',
    ],
    [
      'unreadable .xlsx',
      'broken.xlsx',
      enc.encode('this is not a workbook'),
      { platform: 'Shopee' },
      422,
      'unreadable_file',
    ],
    [
      'truncated zip named .xlsx',
      'cut.xlsx',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      { platform: 'Shopee' },
      422,
      'unreadable_file',
    ],
    [
      '.xls',
      'old.xls',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      { platform: 'Shopee' },
      422,
      'unsupported_type',
    ],
    ['.txt', 'list.txt', csv([['order_id'], ['X-1']]), { platform: 'Shopee' }, 422, 'unsupported_type'],
    [
      'CSV not in UTF-8 (TIS-620)',
      'thai.csv',
      new Uint8Array([0x4f, 0x72, 0x64, 0x65, 0x72, 0x20, 0x49, 0x44, 0x2c, 0xc3, 0xcb, 0xd1, 0xca, 0x0d, 0x0a]),
      { platform: 'Shopee' },
      422,
      'unreadable_file',
    ],
    [
      'unknown platform',
      'orders_shopee.csv',
      csv([
        ['Order ID', 'SKU'],
        ['X-1', 'A'],
      ]),
      { platform: 'Shopee-TH' },
      400,
      'invalid_platform',
    ],
    [
      'no platform for orders',
      'orders_shopee.csv',
      csv([
        ['Order ID', 'SKU'],
        ['X-1', 'A'],
      ]),
      {},
      400,
      'invalid_platform',
    ],
  ];

  for (const [label, name, bytes, params, status, code] of cases) {
    it(`${label}: ${status} ${code}, only the failed log row and its audit row`, async () => {
      const before = await tableCounts(target);
      const res = await importFile(api, 'orders', name, { bytes, ...params });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(/[\u0E00-\u0E7F]/);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
      await expectOnlyLogWritten(target, before, status);
      const log = await api.get('/api/imports?kind=orders&limit=1', 'staff');
      expect(log.body.items[0]).toMatchObject({ status: 'failed', fileName: name });
      const detail = await api.get(`/api/imports/${log.body.items[0].id}`, 'staff');
      expect(detail.body.errors).toEqual([expect.objectContaining({ row: null, code })]);
    });
  }

  it('the .xls message tells how to fix it', async () => {
    const res = await importFile(api, 'cancelled', 'old.xls', {
      bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]),
    });
    expect(res.body.error.message).toBe('รองรับเฉพาะไฟล์ .xlsx หรือ .csv (กรุณาบันทึกไฟล์ .xls เป็น .xlsx)');
  });

  it('more than 100,000 data rows: 422 too_many_rows', async () => {
    const rows: string[][] = [['order_id']];
    for (let i = 0; i < 100_001; i++) rows.push([`N${i}`]);
    const before = await tableCounts(target);
    const res = await importFile(api, 'cancelled', 'big.csv', { bytes: csv(rows) });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('too_many_rows');
    await expectOnlyLogWritten(target, before, 422);
  });

  it('a crash inside the transaction after N rows leaves no partial rows; the attempt is logged as failed', async () => {
    const rows: string[][] = [['Order ID', 'SKU', 'Qty', 'Shop']];
    // 2,400 lines: two statements of the lines insert (ORDER_ROWS_PER_STATEMENT), the crash between them.
    for (let i = 0; i < 1_200; i++)
      rows.push([`CRASH-${i}`, 'AL-CASE-001', '1', 'Crash Shop'], [`CRASH-${i}`, 'AL-CASE-002', '2', 'Crash Shop']);
    const bytes = csv(rows);
    const before = await tableCounts(target);
    const data = await snapshot(target);
    let seen = 0;
    target.services.imports.hooks.afterBatch = (table, written) => {
      if (table === 'order_lines' && written >= 2_000) {
        seen = written;
        throw new Error('injected failure after 2,000 lines');
      }
    };
    try {
      const res = await importFile(api, 'orders', 'crash.csv', { bytes, platform: 'Shopee' });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal_error');
      expect(JSON.stringify(res.body)).not.toContain('injected');
    } finally {
      target.services.imports.hooks.afterBatch = undefined;
    }
    expect(seen).toBe(2_000);
    expect(await snapshot(target)).toEqual(data);
    await expectOnlyLogWritten(target, before, 500);
    // The same file then imports whole.
    const again = await importFile(api, 'orders', 'crash.csv', { bytes, platform: 'Shopee' });
    expect(again.body.import).toMatchObject({
      status: 'committed',
      added: 1_200,
      linesAdded: 2_400,
      shopsCreated: ['Shopee / Crash Shop'],
    });
  });

  it('lists every error in the answer; the log keeps the first 5,000 entries with the totals', async () => {
    const rows: string[][] = [['order_id', 'note']];
    for (let i = 0; i < 5_200; i++) rows.push(['nan', `row ${i}`]);
    const res = await importFile(api, 'cancelled', 'many.csv', { bytes: csv(rows) });
    expect(res.body.import).toMatchObject({ status: 'rejected', errors: 5_200, rejected: 5_200, rows: 5_200 });
    expect(res.body.errors).toHaveLength(5_200);
    expect(res.body.errors[5_199]).toMatchObject({
      row: 5_201,
      code: 'missing_order_id',
      column: 'order_id',
      value: 'nan',
    });
    const detail = await api.get(`/api/imports/${res.body.import.id}`, 'staff');
    expect(detail.body.errors).toHaveLength(5_000);
    expect(detail.body.truncated).toBe(true);
    expect(detail.body.import.errors).toBe(5_200);
  });

  it('dryRun: status validated with the counts, nothing written but the log row', async () => {
    const before = await tableCounts(target);
    const res = await importFile(api, 'orders', 'orders_tiktok.csv', { platform: 'TikTok', query: { dryRun: 'true' } });
    expect(res.status).toBe(200);
    expect(res.body.import).toMatchObject({
      status: 'validated',
      added: 4,
      linesAdded: 5,
      shopsCreated: ['TikTok / Gamma Beauty TikTok'],
    });
    await expectOnlyLogWritten(target, before, 200);
  });
});

describe('imports: upload limit (MAX_UPLOAD_BYTES)', () => {
  let target: FileTarget;
  let api: ApiClient;
  beforeAll(async () => {
    target = await fileTarget({ env: { MAX_UPLOAD_BYTES: '4096' } });
    api = new ApiClient(target);
    await api.token('staff');
  });
  afterAll(() => target.close());

  const big = () => csv([['order_id'], ...Array.from({ length: 2000 }, (_, i) => [`LONG-ORDER-NUMBER-${i}`])]);

  it('413 payload_too_large in the envelope for a larger file; logged as failed', async () => {
    const before = await tableCounts(target);
    const res = await importFile(api, 'cancelled', 'big.csv', { bytes: big() });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.requestId).toBeTruthy();
    await expectOnlyLogWritten(target, before, 413);
  });

  it('413 from Content-Length alone, before the body is read', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const res = await target.fetch('/api/imports/cancelled', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.token('staff')}`,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(50 * 1024 * 1024),
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it('413 for a streamed body without Content-Length, counted as it arrives', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 10 * 1024 * 1024) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x41));
      },
    });
    const res = await target.fetch('/api/imports/cancelled', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.token('staff')}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(sent).toBeLessThan(1024 * 1024);
  });
});

describe('imports: rules over time and across kinds', () => {
  let target: FileTarget;
  let api: ApiClient;
  const q = async (sql: string, args: (string | number)[] = []) => (await target.sql.execute({ sql, args })).rows;

  beforeAll(async () => {
    target = await fileTarget();
    target.clock!.now = DAY1;
    api = new ApiClient(target);
  });
  afterAll(() => target.close());

  it('cross-day duplicates: an order imported yesterday is ซ้ำข้ามวัน, nothing of it is written (not even new SKUs)', async () => {
    const day1 = csv([
      ['Order ID', 'SKU', 'Qty', 'Shop Name'],
      ['D-1', 'S-1', '1', 'Alpha'],
      ['D-2', 'S-1', '2', 'Alpha'],
    ]);
    expect((await importFile(api, 'orders', 'd1.csv', { bytes: day1, platform: 'Shopee' })).body.import).toMatchObject({
      added: 2,
    });
    target.clock!.now = DAY2;
    api = new ApiClient(target); // yesterday's session has expired
    const day2 = csv([
      ['Order ID', 'SKU', 'Qty', 'Shop Name'],
      ['D-1', 'S-1', '1', 'Alpha'],
      ['D-1', 'S-NEW', '1', 'Alpha'],
      ['D-3', 'S-1', '1', 'Alpha'],
      ['D-3', 'S-1', '1', 'Alpha (Shopee)'],
    ]);
    const res = await importFile(api, 'orders', 'd2.csv', { bytes: day2, platform: 'Shopee' });
    expect(res.body.import, JSON.stringify(res.body)).toMatchObject({
      status: 'committed',
      added: 1,
      linesAdded: 1,
      duplicates: 1,
      duplicatesCrossDay: 1,
      duplicatesSameDay: 0,
    });
    expect(codes(res.body.warnings)).toEqual(expect.arrayContaining([[5, 'line_merged']]));
    expect(
      await q("SELECT l.sku FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = 'D-1'"),
    ).toEqual([expect.objectContaining({ sku: 'S-1' })]);
    expect(
      await q("SELECT l.qty FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = 'D-3'"),
    ).toEqual([expect.objectContaining({ qty: 2 })]);
    expect(await q("SELECT import_date FROM orders WHERE order_no = 'D-3'")).toEqual([
      expect.objectContaining({ import_date: '2025-02-04' }),
    ]);
    // The same number under another shop, or another platform's shop of the same name, is another order.
    const other = await importFile(api, 'orders', 'd3.csv', {
      bytes: csv([
        ['Order ID', 'SKU', 'Shop Name'],
        ['D-1', 'S-1', 'Beta'],
        ['D-1', 'S-1', 'Beta'],
      ]),
      platform: 'Shopee',
    });
    expect(other.body.import).toMatchObject({ added: 1, linesAdded: 1, shopsCreated: ['Shopee / Beta'] });
    const tiktok = await importFile(api, 'orders', 'd4.csv', {
      bytes: csv([
        ['Order ID', 'SKU', 'Shop Name'],
        ['D-1', 'S-1', 'Alpha'],
      ]),
      platform: 'tiktok shop',
    });
    expect(tiktok.body.import).toMatchObject({ added: 1, platform: 'TikTok', shopsCreated: ['TikTok / Alpha'] });
  });

  it('cancelled narrowed by platform marks only that platform; an unknown number waits as a pending cancellation and cancels the order imported later', async () => {
    const res = await importFile(api, 'cancelled', 'c.csv', {
      bytes: csv([
        ['order_id', 'reason'],
        ['D-1', 'ลูกค้ายกเลิก'],
        ['P-9', 'ของหมด'],
      ]),
      platform: 'TikTok',
    });
    expect(res.body.import).toMatchObject({ status: 'committed', added: 2, unmatched: 1, ordersMatched: 1 });
    const cancelled = await q(
      "SELECT o.platform, m.note FROM order_markers m JOIN orders o ON o.id = m.order_id WHERE m.kind = 'cancelled' AND o.order_no = 'D-1'",
    );
    expect(cancelled).toEqual([expect.objectContaining({ platform: 'TikTok', note: 'ลูกค้ายกเลิก' })]);
    expect(await q('SELECT order_no, platform, note FROM pending_cancellations')).toEqual([
      expect.objectContaining({ order_no: 'P-9', platform: 'TikTok', note: 'ของหมด' }),
    ]);

    // A Shopee P-9 is not covered by a TikTok-only pending cancellation; a TikTok one is.
    await importFile(api, 'orders', 'p9s.csv', {
      bytes: csv([
        ['Order ID', 'SKU', 'Shop Name'],
        ['P-9', 'S-1', 'Alpha'],
      ]),
      platform: 'Shopee',
    });
    const tiktok = await importFile(api, 'orders', 'p9t.csv', {
      bytes: csv([
        ['Order ID', 'SKU', 'Shop Name'],
        ['P-9', 'S-1', 'Alpha'],
      ]),
      platform: 'TikTok',
    });
    expect(tiktok.body.import).toMatchObject({ added: 1 });
    const markers = await q(
      "SELECT o.platform, m.source, m.note, o.closed_at FROM orders o LEFT JOIN order_markers m ON m.order_id = o.id AND m.kind = 'cancelled' WHERE o.order_no = 'P-9' ORDER BY o.platform",
    );
    expect(markers).toEqual([
      expect.objectContaining({ platform: 'Shopee', source: null, closed_at: null }),
      expect.objectContaining({ platform: 'TikTok', source: 'pending', note: 'ของหมด', closed_at: DAY2 }),
    ]);
  });

  it('sales: packed_at is set the first time the status is packed and cleared when it stops; closed_at follows', async () => {
    const first = await importFile(api, 'sales', 's1.csv', {
      bytes: csv([
        ['Order ID', 'Status'],
        ['D-2', 'เปิดใบขายครบตามจำนวนแล้ว'],
      ]),
    });
    expect(first.body.import).toMatchObject({ added: 1, unmatched: 0 });
    expect(first.body.warnings).toEqual([]);
    expect(await q("SELECT packed_at FROM sales_status WHERE order_no = 'D-2'")).toEqual([
      expect.objectContaining({ packed_at: DAY2 }),
    ]);
    expect(await q("SELECT closed_at FROM orders WHERE order_no = 'D-2'")).toEqual([
      expect.objectContaining({ closed_at: DAY2 }),
    ]);

    target.clock!.now = DAY2 + 3_600_000;
    // Still packed (other wording): the first time is kept.
    await importFile(api, 'sales', 's2.csv', {
      bytes: csv([
        ['Order ID', 'Status'],
        ['D-2', 'packed'],
      ]),
    });
    expect(await q("SELECT packed_at FROM sales_status WHERE order_no = 'D-2'")).toEqual([
      expect.objectContaining({ packed_at: DAY2 }),
    ]);
    // A blank status overwrites nothing; a non-packed status reopens the order.
    const blank = await importFile(api, 'sales', 's3.csv', {
      bytes: csv([
        ['Order ID', 'PO', 'Status'],
        ['D-2', '', ''],
      ]),
    });
    expect(blank.body.import).toMatchObject({ unchanged: 1, updated: 0 });
    await importFile(api, 'sales', 's4.csv', {
      bytes: csv([
        ['Order ID', 'Status'],
        ['D-2', 'เปิดใบขายบางส่วน'],
      ]),
    });
    expect(await q("SELECT packed_at FROM sales_status WHERE order_no = 'D-2'")).toEqual([
      expect.objectContaining({ packed_at: null }),
    ]);
    expect(await q("SELECT closed_at FROM orders WHERE order_no = 'D-2'")).toEqual([
      expect.objectContaining({ closed_at: null }),
    ]);
    // D-1 is in three orders (two Shopee shops and TikTok): SBS knows no shop, so a warning.
    const several = await importFile(api, 'sales', 's5.csv', {
      bytes: csv([
        ['Order ID', 'Status'],
        ['D-1', 'x'],
      ]),
    });
    expect(codes(several.body.warnings)).toEqual([[2, 'order_no_in_several_shops']]);
    // The message names how many shops (three: the count is made by SQLite per number).
    expect(several.body.warnings[0].message).toContain('ใน 3 ร้าน');
  });

  it('stock full sync: 409 confirm_zeroing_required when most stock would drop to 0 or nothing is valid; partial mode never zeroes', async () => {
    const skus = ['K-1', 'K-2', 'K-3', 'K-4', 'K-5', 'K-6'];
    expect(
      (await importFile(api, 'stock', 'k.csv', { bytes: csv([['SKU', 'Stock'], ...skus.map((s) => [s, '5'])]) })).body
        .import,
    ).toMatchObject({ added: 6 });
    const data = await snapshot(target);
    const before = await tableCounts(target);
    const one = csv([
      ['SKU', 'Stock'],
      ['K-1', '7'],
    ]);
    const refused = await importFile(api, 'stock', 'one.csv', { bytes: one });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'confirm_zeroing_required',
      details: [{ zeroed: 5, skusWithStock: 6 }],
    });
    expect(await snapshot(target)).toEqual(data);
    await expectOnlyLogWritten(target, before, 409);

    const empty = await importFile(api, 'stock', 'empty.csv', { bytes: csv([['SKU', 'Stock']]) });
    expect(empty.status).toBe(409);
    expect(empty.body.error.details).toEqual([{ zeroed: 6, skusWithStock: 6 }]);

    const dry = await importFile(api, 'stock', 'one.csv', { bytes: one, query: { dryRun: 'true' } });
    expect(dry.body.import).toMatchObject({ status: 'validated', zeroed: 5, updated: 1, confirmZeroingRequired: true });

    const partial = await importFile(api, 'stock', 'one.csv', { bytes: one, query: { mode: 'partial' } });
    expect(partial.body.import).toMatchObject({ status: 'committed', mode: 'partial', updated: 1, zeroed: 0 });
    expect(await q("SELECT count(*) AS n FROM stock WHERE sku LIKE 'K-%' AND qty = 5")).toEqual([
      expect.objectContaining({ n: 5 }),
    ]);

    const confirmed = await importFile(api, 'stock', 'one2.csv', {
      bytes: csv([
        ['SKU', 'Stock'],
        ['K-1', '8'],
        ['K-9', ''],
      ]),
      query: { confirmZeroing: 'true' },
    });
    expect(confirmed.body.import).toMatchObject({ status: 'committed', updated: 1, added: 1, zeroed: 5 });
    expect(codes(confirmed.body.warnings)).toEqual([[3, 'qty_blank_as_zero']]);
    expect(await q("SELECT sku, qty FROM stock WHERE sku LIKE 'K-%' ORDER BY sku")).toEqual(
      [
        ['K-1', 8],
        ['K-2', 0],
        ['K-3', 0],
        ['K-4', 0],
        ['K-5', 0],
        ['K-6', 0],
        ['K-9', 0],
      ].map(([sku, qty]) => expect.objectContaining({ sku, qty })),
    );
  });

  it('identifiers and dates: id_not_exact, .0 removed, month-first column, columns override', async () => {
    const res = await importFile(api, 'orders', 'ids.csv', {
      bytes: csv([
        ['Ref', 'Item', 'When', 'Store'],
        ['5.77E+17', 'S-1', '01/13/2025 10:00', 'Gamma'],
        ['1001.0', 'S-1', '01/14/2025 10:00', 'Gamma'],
        ['1002', "'0123", '02/01/2025', 'Gamma'],
      ]),
      platform: 'Lazada',
      columns: { orderNo: 'Ref', sku: 'Item', orderTime: 'When', shop: 'Store' },
      query: { skipInvalid: 'true' },
    });
    expect(res.body.import).toMatchObject({ status: 'partial', added: 2, rejected: 1 });
    expect(res.body.import.columnMap).toEqual({ orderNo: 'Ref', sku: 'Item', orderTime: 'When', shop: 'Store' });
    expect(codes(res.body.errors)).toEqual([[2, 'id_not_exact']]);
    expect(codes(res.body.warnings)).toEqual([
      [null, 'date_month_first'],
      [3, 'id_trailing_zero_removed'],
      [3, 'sku_not_in_products'], // no product master in this database
      [4, 'sku_not_in_products'],
    ]);
    expect(await q("SELECT order_no, order_time FROM orders WHERE platform = 'Lazada' ORDER BY order_no")).toEqual([
      expect.objectContaining({ order_no: '1001', order_time: bkk('2025-01-14T10:00:00') }),
      expect.objectContaining({ order_no: '1002', order_time: bkk('2025-02-01T00:00:00') }),
    ]);
    expect(
      await q("SELECT l.sku FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.order_no = '1002'"),
    ).toEqual([expect.objectContaining({ sku: '0123' })]);
    // An override naming a header the file lacks is missing_columns.
    const missing = await importFile(api, 'orders', 'ids.csv', {
      bytes: csv([
        ['Order ID', 'SKU'],
        ['Z', 'S'],
      ]),
      platform: 'Lazada',
      columns: { sku: 'Nope' },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ field: 'sku', aliases: ['Nope'] })]);
  });

  it('issued/cancelled/bill-empty fall back to column A with a warning when no header matches', async () => {
    const res = await importFile(api, 'bill-empty', 'b.csv', { bytes: csv([['เลขที่'], ['D-3'], ['NOPE-1']]) });
    expect(res.body.import).toMatchObject({ status: 'committed', added: 1, notFound: 1 });
    expect(codes(res.body.warnings)).toEqual([[null, 'order_id_column_assumed']]);
  });
});

describe('imports on the remote adapter: batched statements, never one round trip per row', () => {
  let target: Awaited<ReturnType<typeof remoteTarget>>;
  let api: ApiClient;
  beforeAll(async () => {
    target = await remoteTarget();
    api = new ApiClient(target);
    await api.token('staff');
  });
  afterAll(() => target.close());

  it('2,000 order lines, then 2,000 sales rows and 1,000 cancels, in a bounded number of round trips', async () => {
    const rows: string[][] = [['Order ID', 'SKU', 'Qty', 'Shop Name']];
    for (let i = 0; i < 1000; i++)
      rows.push([`R-${i}`, 'A', '1', `Shop ${i % 3}`], [`R-${i}`, 'B', '2', `Shop ${i % 3}`]);
    const server = target.server!;
    let start = server.stats.pipelines;
    const res = await importFile(api, 'orders', 'r.csv', { bytes: csv(rows), platform: 'Shopee' });
    expect(res.body.import).toMatchObject({ status: 'committed', added: 1000, linesAdded: 2000 });
    // Shops, orders (2 x 500), lines (4 x 500), look-ups in 500s, log, audit: well under 60.
    expect(server.stats.pipelines - start).toBeLessThan(60);

    const sales: string[][] = [['Order ID', 'Status']];
    for (let i = 0; i < 2000; i++) sales.push([`R-${i % 1000}-${i < 1000 ? 'x' : 'y'}`, 'เปิดใบขายครบตามจำนวนแล้ว']);
    start = server.stats.pipelines;
    expect((await importFile(api, 'sales', 's.csv', { bytes: csv(sales) })).body.import).toMatchObject({
      added: 2000,
      unmatched: 2000,
    });
    expect(server.stats.pipelines - start).toBeLessThan(60);

    const cancels: string[][] = [['order_id']];
    for (let i = 0; i < 1000; i++) cancels.push([`R-${i}`]);
    start = server.stats.pipelines;
    expect((await importFile(api, 'cancelled', 'c.csv', { bytes: csv(cancels) })).body.import).toMatchObject({
      added: 1000,
      ordersMatched: 1000,
    });
    expect(server.stats.pipelines - start).toBeLessThan(60);
  });
});

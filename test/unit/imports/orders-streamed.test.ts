// The orders import checks an uploaded file's rows as they are read (docs/domain/imports.md#performance):
// the same file read whole into a table first must give the same orders, the same errors and
// warnings in the same order, the same counts and the same file-level errors.
import { afterEach, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../../src/domain/imports/errors';
import { newAttempt } from '../../../src/services/imports/attempt';
import { ordersHandler } from '../../../src/services/imports/orders';
import type { ImportsEnv } from '../../../src/services/imports/attempt';
import { type Prepared, prepare } from '../../../src/services/imports/prepare';
import { systemActor } from '../../../src/services/context';
import { writeXlsx } from '../../../src/xlsx/write';

const env = {
  storage: null,
  sheets: null,
  clock: () => 0,
  checkpoint: async () => {},
  hooks: {},
} as unknown as ImportsEnv;

const csv = (rows: string[][]) => new TextEncoder().encode(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);

function attempt(bytes: Uint8Array, fileName: string) {
  return newAttempt(
    'orders',
    { platform: 'Shopee', shop: null, columns: null, source: { type: 'file', bytes, fileName } },
    { dryRun: false, skipInvalid: false, confirmZeroing: false, mode: 'full' },
    systemActor(),
    0,
  );
}

/** What phase 1 gives, as plain data. */
function outcome(p: Prepared, a: ReturnType<typeof attempt>) {
  const parsed = p.parsed as { orders: Map<string, { lines: Map<string, unknown> }>; idlessRejected: number };
  return {
    orders: [...parsed.orders].map(([key, o]) => [key, { ...o, lines: [...o.lines] }]),
    idlessRejected: parsed.idlessRejected,
    issues: p.ctx.issues.sorted(),
    rows: a.rows,
    columnMap: a.columnMap,
    header: p.ctx.table.header,
    tableRows: p.ctx.table.rows.length,
  };
}

const stream = ordersHandler.stream;
afterEach(() => {
  ordersHandler.stream = stream;
});

/** Phase 1 as it runs (rows checked as read), then with the table read whole first. */
async function bothWays(bytes: Uint8Array, fileName: string) {
  const a1 = attempt(bytes.slice(), fileName);
  const streamed = outcome(await prepare(env, a1), a1);
  ordersHandler.stream = undefined;
  const a2 = attempt(bytes.slice(), fileName);
  const whole = outcome(await prepare(env, a2), a2);
  return { streamed, whole };
}

async function errorOf(bytes: Uint8Array, fileName: string): Promise<ImportFileError> {
  try {
    await prepare(env, attempt(bytes, fileName));
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error('expected a file-level error');
}

const HEADER = ['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'ชื่อสินค้า', 'จำนวน', 'วันที่สั่งซื้อ', 'ประเภทขนส่ง'];
// Day-first (13/01 has no month-first reading); rows of one order apart; merged lines; row errors
// of several kinds, one row with two of them; a blank row; a row without an order id.
const MIXED = [
  HEADER,
  ['ร้าน A', 'A-1', 'SKU-1', 'ของ 1', '1', '13/01/2568 09:12', 'Kerry'],
  ['ร้าน A', 'A-2', 'SKU-2', 'ของ 2', '2', '02/03/2568 10:00', ''],
  ['ร้าน A', 'A-1', 'SKU-1', '', '2', '', 'Flash'],
  ['ร้าน B', 'A-1', 'SKU-3', 'ของ 3', 'abc', '31/02/2568', 'Kerry'],
  ['', '', '', '', '', '', ''],
  ['ร้าน B', '', 'SKU-4', 'ของ 4', '1', '', ''],
  ['ร้าน A', 'A-3', '', 'ของ 5', '0', 'tomorrow', ''],
  ['ร้าน A', 'A-2', 'SKU-5', 'ของ 6', '1', '02/03/2568 10:00', 'J&T'],
];

describe('orders checked as the file is read = read whole first', () => {
  it('a CSV with row errors, merged lines and day-first dates', async () => {
    const { streamed, whole } = await bothWays(csv(MIXED), 'orders.csv');
    expect(streamed).toEqual(whole);
    // Worked by hand: 7 data rows (the blank one is no row); orders A-1/ร้าน A (2 rows merged,
    // qty 3), A-2/ร้าน A (2 lines), A-1/ร้าน B (invalid), A-3/ร้าน A (invalid); one id-less row.
    expect(streamed.rows).toBe(7);
    expect(streamed.idlessRejected).toBe(1);
    expect(streamed.orders).toHaveLength(4);
    expect(streamed.tableRows).toBe(0);
    expect(streamed.issues.errors.map((e) => [e.row, e.code])).toEqual([
      [5, 'qty_invalid'],
      [5, 'date_invalid'],
      [7, 'missing_order_id'],
      [8, 'missing_sku'],
      [8, 'qty_invalid'],
      [8, 'date_invalid'],
    ]);
    expect(streamed.issues.warnings.map((w) => [w.row, w.code])).toEqual([[4, 'line_merged']]);
    const a1 = streamed.orders.find(([k]) => k === 'ร้าน a\u0000A-1')?.[1] as { orderTime: number; lines: unknown[] };
    expect(a1.orderTime).toBe(Date.parse('2025-01-13T09:12:00+07:00'));
    expect(a1.lines).toEqual([['SKU-1', { sku: 'SKU-1', qty: 3, itemName: 'ของ 1', firstRow: 2 }]]);
  });

  it('the same rows from a workbook', async () => {
    const { streamed, whole } = await bothWays(writeXlsx([{ name: 'Orders', rows: MIXED }]), 'orders.xlsx');
    expect(streamed).toEqual(whole);
    expect(streamed.rows).toBe(7);
  });

  it('a month-first column is read again in its order, with its one warning', async () => {
    const rows = [
      HEADER,
      ['ร้าน A', 'M-1', 'SKU-1', 'ของ 1', '1', '02/03/2025 10:00', ''],
      ['ร้าน A', 'M-2', 'SKU-1', 'ของ 1', '1', '01/13/2025', ''],
    ];
    const { streamed, whole } = await bothWays(csv(rows), 'orders.csv');
    expect(streamed).toEqual(whole);
    expect(streamed.issues.warnings.map((w) => w.code)).toEqual(['date_month_first']);
    expect(streamed.issues.errors).toEqual([]);
    const times = streamed.orders.map(([, o]) => (o as unknown as { orderTime: number }).orderTime);
    expect(times).toEqual([Date.parse('2025-02-03T10:00:00+07:00'), Date.parse('2025-01-13T00:00:00+07:00')]);
  });

  it('a file with only its header, and one without an order-time column', async () => {
    for (const rows of [
      [HEADER],
      [
        ['เลข Order', 'รหัสสินค้า'],
        ['X-1', 'SKU-1'],
      ],
    ]) {
      const { streamed, whole } = await bothWays(csv(rows), 'orders.csv');
      expect(streamed).toEqual(whole);
    }
  });

  it('missing columns still wait for the reading: a too-long cell further down is the error', async () => {
    const rows = [
      ['Foo', 'Bar'],
      ['a', 'b'],
      ['c', 'x'.repeat(32_768)],
    ];
    expect((await errorOf(csv(rows), 'orders.csv')).code).toBe('cell_too_long');
    expect((await errorOf(csv(rows.slice(0, 2)), 'orders.csv')).code).toBe('missing_columns');
  });

  it('a too-long cell after valid rows stops the import with the file-level error', async () => {
    const rows = [...MIXED, ['ร้าน A', 'Z-1', 'SKU-1', 'x'.repeat(32_768), '1', '', '']];
    const e = await errorOf(csv(rows), 'orders.csv');
    expect(e.code).toBe('cell_too_long');
  });
});

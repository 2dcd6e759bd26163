// The reports in steps (lib/array-steps.ts, docs/domain/read-model.md#the-event-loop): on inputs
// larger than one sorted run they yield to their caller many times, and give exactly what one pass
// and one stable sort give - the same rows in the same order, the same snapshot text and hash.
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../../src/domain/allocation';
import { BusinessCalendar, referenceDay } from '../../../src/domain/sla';
import {
  buildSnapshot,
  canonicalJson,
  compareStockRowsDefault,
  compareWarehouseOrders,
  contentHash,
  NO_PICKING_FILTERS,
  NO_STOCK_REPORT_FILTERS,
  NO_WAREHOUSE_FILTERS,
  passesPickingFilters,
  passesWarehouseFilters,
  pickingLinesSteps,
  pickingSnapshotOrders,
  pickingSnapshotSku,
  aggregatePicking,
  planWarehousePrint,
  planWarehousePrintSteps,
  snapshotText,
  sortStockRowsSteps,
  stockReportRows,
  stockReportRowsWithSummarySteps,
  warehouseRowsSteps,
  warehouseSnapshotOrder,
  type PrintSnapshot,
  type StockReportRow,
  type StockReportSortKey,
} from '../../../src/domain/reports';
import { SORT_RUN } from '../../../src/lib/array-steps';
import { runSteps } from '../../../src/lib/steps';
import { sha256Hex } from '../../../src/lib/bytes';
import { bkk, reportOrders, type OrderSpec } from './helpers';

/** Runs steps to the end, counting the yields. */
function run<T>(steps: Generator<number, T, void>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value, yields };
    yields++;
  }
}

// 40,000 orders of one or two lines on five SKUs with little stock: most lines are short. Order
// numbers repeat across shops and platforms (ties on the first sort key), every 7th order has no
// order time, quantities 1-4 repeat, a quarter are accepted and a sixth have their sheet printed.
const SKUS = ['SA', 'SB', 'SC', 'SD', 'SE'];
const specs: OrderSpec[] = Array.from({ length: 40_000 }, (_, i) => ({
  no: `N${String(i % 9_000).padStart(5, '0')}`,
  platform: (['Shopee', 'TikTok', 'Lazada'] as const)[i % 3],
  shopId: (((i % 5) % 3) + 1) as 1 | 2 | 3,
  time:
    i % 7 === 0
      ? null
      : `2025-03-0${1 + (i % 3)} ${String(8 + (i % 11)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
  logistic: i % 4 === 0 ? null : 'Flash Express',
  lines: [
    { sku: SKUS[i % 5], qty: 1 + (i % 4), accepted: i % 4 === 0 },
    ...(i % 2 === 0 ? [{ sku: SKUS[(i + 2) % 5], qty: 1 + ((i * 3) % 4), accepted: i % 4 === 0 }] : []),
  ],
  prints: i % 6 === 0 ? { warehouse: 1 } : {},
}));
const data = reportOrders(specs, { SA: 40, SB: 0, SC: 0, SD: 0, SE: 12 }, { SA: { brand: 'Acme', name: 'Anvil' } });
const orders = data.orders;
const cal = new BusinessCalendar([]);
const CTX = { reference: referenceDay(bkk('2025-03-04 10:00'), cal), calendar: cal };
const ADMIN = { userId: 1, username: 'admin', isAdmin: true };

describe('reports in steps on large inputs', () => {
  const rows = stockReportRows('nostock', orders, NO_STOCK_REPORT_FILTERS, CTX);

  it('stock-report rows over more rows than one sorted run (8,192) equal one stable sort, nulls last, both ways', () => {
    expect(rows.length).toBeGreaterThan(3 * SORT_RUN);
    const ids = (rs: readonly StockReportRow[]) => rs.map((r) => r.line.id);
    // The default order: one native sort by the default comparator.
    expect(ids(rows)).toEqual(ids(rows.slice().sort(compareStockRowsDefault)));
    // A column: keys compared (numbers as numbers, text by code point, empty last either way), ties in the default order.
    const columns: [StockReportSortKey, (r: StockReportRow) => string | number | null][] = [
      ['qty', (r) => r.line.qty],
      ['orderedAt', (r) => r.order.orderTime],
      ['shop', (r) => r.order.shopName],
      ['note', (r) => r.note],
    ];
    const shuffled = rows.slice().reverse();
    for (const [key, value] of columns) {
      for (const dir of ['asc', 'desc'] as const) {
        const sign = dir === 'asc' ? 1 : -1;
        const reference = shuffled.slice().sort((a, b) => {
          const ka = value(a) === '' ? null : value(a);
          const kb = value(b) === '' ? null : value(b);
          if (ka !== kb) {
            if (ka === null) return 1;
            if (kb === null) return -1;
            const c =
              typeof ka === 'number' && typeof kb === 'number' ? ka - kb : compareCodePoints(String(ka), String(kb));
            if (c !== 0) return sign * c;
          }
          return compareStockRowsDefault(a, b);
        });
        const stepped = run(sortStockRowsSteps(shuffled, { key, dir }));
        expect(stepped.yields).toBeGreaterThan(3);
        expect(ids(stepped.value), `${key} ${dir}`).toEqual(ids(reference));
      }
    }
  });

  it('the summary counted while the rows are built equals the summary of the rows, for each report', () => {
    const stockReportSummary = (of: readonly StockReportRow[]) => ({
      orders: new Set(of.map((r) => r.order.id)).size,
      skus: new Set(of.map((r) => r.line.sku)).size,
    });
    for (const kind of ['nostock', 'notenough', 'lowstock'] as const) {
      const built = runSteps(stockReportRowsWithSummarySteps(kind, orders, NO_STOCK_REPORT_FILTERS, CTX));
      expect(built.rows.map((r) => r.line.id)).toEqual(
        stockReportRows(kind, orders, NO_STOCK_REPORT_FILTERS, CTX).map((r) => r.line.id),
      );
      expect(built.totals, kind).toEqual(stockReportSummary(built.rows));
    }
    expect(stockReportSummary(rows).orders).toBeGreaterThan(1_000);
  });

  it('the warehouse sheet and the picking lines yield many times and give one pass and one sort', () => {
    const sheet = run(warehouseRowsSteps(orders, NO_WAREHOUSE_FILTERS, true));
    expect(sheet.yields).toBeGreaterThan(5);
    const listed = orders.filter((o) => passesWarehouseFilters(o, NO_WAREHOUSE_FILTERS, true));
    expect(listed.length).toBeGreaterThan(SORT_RUN);
    expect(sheet.value.map((r) => r.order.id)).toEqual(
      listed
        .slice()
        .sort(compareWarehouseOrders)
        .map((o) => o.id),
    );

    const picking = run(pickingLinesSteps(orders.slice().reverse(), NO_PICKING_FILTERS, true));
    expect(picking.yields).toBeGreaterThan(5);
    const eligible = orders.flatMap((o) =>
      o.lines.filter((l) => passesPickingFilters(o, l, NO_PICKING_FILTERS, true)).map((l) => l.id),
    );
    expect(eligible.length).toBeGreaterThan(1_000);
    expect(picking.value.map((p) => p.line.id)).toEqual(eligible.slice().sort((a, b) => a - b));
  });

  it('a print plan in steps yields, and its snapshot text hashes to the one-shot plan content hash', async () => {
    const req = { ids: null, override: true };
    const now = bkk('2025-03-04 11:00');
    const stepped = run(planWarehousePrintSteps(orders, NO_WAREHOUSE_FILTERS, req, ADMIN, now));
    expect(stepped.yields).toBeGreaterThan(5);
    const plain = planWarehousePrint(orders, NO_WAREHOUSE_FILTERS, req, ADMIN, now);
    if (!stepped.value.ok || !plain.ok) throw new Error('expected plans');
    expect(stepped.value.orderIds).toEqual(plain.orderIds);
    expect(await sha256Hex(snapshotText(stepped.value.snapshot).whole)).toBe(plain.contentHash);
  });
});

describe('snapshot text', () => {
  const sheet = run(warehouseRowsSteps(orders.slice(0, 3_000), NO_WAREHOUSE_FILTERS, true)).value;
  const picked = run(pickingLinesSteps(orders.slice(0, 3_000), NO_PICKING_FILTERS, true)).value;
  const snapshots: [string, PrintSnapshot][] = [
    ['warehouse', buildSnapshot('warehouse', sheet.map(warehouseSnapshotOrder))],
    [
      'picking, with SKU rows',
      buildSnapshot(
        'picking',
        pickingSnapshotOrders(picked),
        aggregatePicking(picked, NO_PICKING_FILTERS).map(pickingSnapshotSku),
      ),
    ],
    ['empty', buildSnapshot('nostock', [])],
  ];
  // As the ledger reads a record back: the record's keys and an order's keys out of order, Thai text.
  const [first, ...rest] = snapshots[0][1].orders;
  const reversed = Object.fromEntries(Object.entries(first).reverse()) as unknown as (typeof rest)[number];
  snapshots.push([
    'read back, keys out of order',
    { v: 1, skus: [], orders: [reversed, ...rest.slice(0, 50)], kind: 'warehouse' } as PrintSnapshot,
  ]);

  it.each(snapshots)(
    '%s: each order, each SKU row and the whole are the canonical JSON, and the whole hashes to the content hash',
    async (_, s) => {
      const text = snapshotText(s);
      expect(text.orders).toEqual(s.orders.map((o) => canonicalJson(o)));
      expect(text.skus).toEqual(s.skus.map((r) => canonicalJson(r)));
      expect(new TextDecoder().decode(text.whole)).toBe(canonicalJson(s));
      expect(await sha256Hex(text.whole)).toBe(contentHash(s));
    },
  );

  it('the shop names are Thai: the whole is UTF-8, not one byte per character', () => {
    const s = snapshots[0][1];
    expect(s.orders.some((o) => o.shopName === 'ร้านสาม')).toBe(true);
    expect(snapshotText(s).whole.length).toBeGreaterThan(canonicalJson(s).length);
  });
});

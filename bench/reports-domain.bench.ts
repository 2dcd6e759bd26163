// Reports domain benchmark (issue 14): the pure report, print-plan, hash, export-table and
// shortage functions on 50,000 and 200,000 open lines over 2,000 SKUs (seeded). Loading and
// allocation are not timed here (bench/orders.bench.ts covers them); what is timed is the work
// a report request adds on top of the allocated records. Prints one JSON line. Not a test.
//   npx tsx bench/reports-domain.bench.ts
import { performance } from 'node:perf_hooks';
import { buildRecords, type RawLine, type RawMarker, type RawOrder } from '../src/domain/orders-view/build';
import { BusinessCalendar, referenceDay } from '../src/domain/sla';
import { explainShortages, type QueueLine } from '../src/domain/allocation/shortage';
import type { Platform } from '../src/domain/allocation';
import {
  canonicalJson,
  contentHash,
  exportTable,
  NO_PICKING_FILTERS,
  NO_STOCK_REPORT_FILTERS,
  NO_WAREHOUSE_FILTERS,
  NOT_PRINTED,
  pickingList,
  planPickingPrint,
  planWarehousePrint,
  stockReportExport,
  stockReportRows,
  toReportOrder,
  warehouseRows,
  WAREHOUSE_EXPORT,
  type ReportOrder,
} from '../src/domain/reports';
import { mulberry32 } from '../test/support/prng';

const SKUS = 2_000;
const PLATFORMS: Platform[] = ['Shopee', 'TikTok', 'Lazada', 'Other'];
const RUNS = 5;

function generate(lineTarget: number, seed: number) {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const start = Date.UTC(2025, 2, 1) - 7 * 3600_000;
  const orders: RawOrder[] = [];
  const lines: RawLine[] = [];
  const markers: RawMarker[] = [];
  const printed = new Map<number, number>();
  let orderId = 0;
  while (lines.length < lineTarget) {
    orderId++;
    const shopId = 1 + int(10);
    const roll = rnd();
    const accepted = roll < 0.3;
    if (roll >= 0.3 && roll < 0.38)
      markers.push({ orderId, kind: 'issued', at: start, by: 'x', note: null, source: 'print:picking' });
    // Half of the accepted orders have their warehouse sheet printed (the Picking List's pool).
    if (accepted && rnd() < 0.5) printed.set(orderId, 1);
    orders.push({
      id: orderId,
      orderNo: `${(250000000 + int(1e8)).toString(36).toUpperCase()}${orderId}`,
      platform: PLATFORMS[shopId % 4],
      shopId,
      orderTime: start + int(14 * 24 * 60) * 60_000,
      logisticType: ['Kerry', 'Flash', 'J&T', null][int(4)],
      importDate: '2025-03-03',
      importedAt: start,
      importId: null,
      dispatchRound: accepted ? 1 + int(3) : null,
      lowstockRound: null,
      nostockRound: null,
      notenoughRound: null,
      scannedAt: null,
      scannedBy: null,
      closedAt: null,
    });
    const used = new Set<string>();
    for (let k = 0, n = 1 + int(3); k < n && lines.length < lineTarget; k++) {
      const sku = `SKU-${String(int(SKUS)).padStart(4, '0')}`;
      if (used.has(sku)) continue;
      used.add(sku);
      lines.push({
        id: lines.length + 1,
        orderId,
        sku,
        qty: 1 + int(4),
        itemName: null,
        accepted,
        acceptedAt: accepted ? start : null,
        acceptedBy: accepted ? 'nok' : null,
        pickingCount: 0,
        pickingLastAt: null,
      });
    }
  }
  const stock = new Map<string, number>();
  for (let s = 0; s < SKUS; s++) stock.set(`SKU-${String(s).padStart(4, '0')}`, int(lineTarget / 400));
  const built = buildRecords({
    orders,
    lines,
    markers,
    sales: [],
    shopNames: new Map(Array.from({ length: 10 }, (_, i) => [i + 1, `Shop ${i + 1}`])),
    products: new Map(),
    stock,
    calendar: new BusinessCalendar([]),
  });
  const report: ReportOrder[] = [...built.orders.values()].map((o) =>
    toReportOrder(o, {
      warehouse: printed.has(o.id) ? { count: 1, lastAt: start, lastBy: 'x' } : NOT_PRINTED,
      lowstock: NOT_PRINTED,
      nostock: NOT_PRINTED,
      notenough: NOT_PRINTED,
    }),
  );
  return { report, built, stock };
}

function median(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)] * 100) / 100;
}

const cal = new BusinessCalendar([]);
const ctx = { reference: referenceDay(Date.UTC(2025, 2, 10), cal), calendar: cal };
const actor = { userId: 1, username: 'bench', isAdmin: true };
const results: Record<string, unknown>[] = [];

for (const size of [50_000, 200_000]) {
  const { report, built, stock } = generate(size, 42);
  const counts = { warehouse: 0, picking: 0, nostock: 0, notenough: 0, lowstock: 0 };
  const ms: Record<string, number> = {};
  ms.warehouseJson = median(() => (counts.warehouse = warehouseRows(report, NO_WAREHOUSE_FILTERS).length));
  ms.pickingJson = median(() => (counts.picking = pickingList(report, NO_PICKING_FILTERS).rows.length));
  for (const kind of ['lowstock', 'nostock', 'notenough'] as const) {
    ms[`${kind}Json`] = median(
      () => (counts[kind] = stockReportRows(kind, report, NO_STOCK_REPORT_FILTERS, ctx).length),
    );
  }
  const noStockRows = stockReportRows('nostock', report, NO_STOCK_REPORT_FILTERS, ctx);
  ms.nostockExportTable = median(() => exportTable(stockReportExport('nostock'), noStockRows));
  const whRows = warehouseRows(report, NO_WAREHOUSE_FILTERS);
  ms.warehouseExportTable = median(() => exportTable(WAREHOUSE_EXPORT, whRows));

  // A print commit of ~5,000 picking lines: the plan (snapshot and hash included).
  const pickPool = pickingList(report, NO_PICKING_FILTERS).rows;
  const skus = new Set<string>();
  let picked = 0;
  for (const r of pickPool) {
    if (picked >= 5_000) break;
    skus.add(r.sku);
    picked += r.lines.length;
  }
  let planLines = 0;
  ms.pickingPrintPlan5k = median(() => {
    const p = planPickingPrint(report, { ...NO_PICKING_FILTERS, skus }, { ids: null, override: false }, actor, 0);
    if (p.ok) planLines = p.lineCount;
  });
  const wh = planWarehousePrint(report, NO_WAREHOUSE_FILTERS, { ids: null, override: false }, actor, 0);
  const snapshot = wh.ok ? wh.snapshot : null;
  ms.warehousePrintPlanAll = median(() =>
    planWarehousePrint(report, NO_WAREHOUSE_FILTERS, { ids: null, override: false }, actor, 0),
  );
  ms.hashWarehouseSnapshot = median(() => snapshot && contentHash(snapshot));
  const snapshotBytes = snapshot ? new TextEncoder().encode(canonicalJson(snapshot)).length : 0;

  // "Why is this line short?" for every line of the nostock report, per SKU.
  const bySku = new Map<string, QueueLine[]>();
  for (const l of built.lines) {
    const o = l.order;
    const q: QueueLine = {
      id: l.id,
      orderId: o.id,
      orderNo: o.orderNo,
      platform: o.platform,
      sku: l.sku,
      qty: l.qty,
      orderTime: o.orderTime,
      accepted: l.accepted,
      flags: o.flags,
      shopName: o.shopName,
    };
    const g = bySku.get(l.sku);
    if (g) g.push(q);
    else bySku.set(l.sku, [q]);
  }
  const shortBySku = new Map<string, number[]>();
  for (const r of noStockRows) {
    const g = shortBySku.get(r.line.sku);
    if (g) g.push(r.line.id);
    else shortBySku.set(r.line.sku, [r.line.id]);
  }
  let explained = 0;
  ms.shortageForNostockReport = median(() => {
    explained = 0;
    for (const [sku, ids] of shortBySku)
      explained += explainShortages(bySku.get(sku)!, sku, stock.get(sku) ?? 0, ids).size;
  });
  const one = noStockRows[0];
  ms.shortageOneLine = median(() =>
    explainShortages(bySku.get(one.line.sku)!, one.line.sku, stock.get(one.line.sku) ?? 0, [one.line.id]),
  );

  results.push({
    lines: size,
    orders: report.length,
    rows: counts,
    printPlanLines: planLines,
    snapshotBytes,
    explained,
    ms,
  });
}

console.log(
  JSON.stringify({
    bench: 'reports-domain',
    node: process.version,
    runs: RUNS,
    results,
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
  }),
);

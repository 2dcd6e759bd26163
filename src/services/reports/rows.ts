// The rows of each report (docs/domain/reports.md#warehouse-job-sheet to #stock-problem-reports)
// from the one allocation, and their JSON shape. The domain selects, sorts and totals; this only
// picks the filters and shapes the answer.
import { PLATFORM_LABELS } from '../../domain/allocation';
import { referenceDay } from '../../domain/sla';
import { bangkokDate, epochDayToIsoDate } from '../../domain/time';
import {
  pickingListSteps,
  roundsText,
  SHORT_WARNING,
  stockReportRowsWithSummarySteps,
  warehouseRowsSteps,
  warehouseTotals,
  type PickingRow,
  type PickingTotals,
  type StockReportSummary,
  type WarehouseTotals,
  type ReportKind,
  type SlaContext,
  type StockReportKind,
  type StockReportRow,
  type WarehouseRow,
} from '../../domain/reports';
import { pickingFilters, stockFilters, stockSort, warehouseFilters, type ReportQuery } from './filters';
import type { ReportSource } from './source';
import type { Steps } from '../../lib/steps';

export const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

export const slaContextOf = (source: ReportSource, now: number): SlaContext => ({
  reference: referenceDay(now, source.calendar),
  calendar: source.calendar,
});

/**
 * The key of a query's rows (all pages) on one source: its data version, the Bangkok day (SLA
 * labels move with it), the report and the filters without the paging.
 */
export function rowsKey(source: ReportSource, now: number, kind: ReportKind, q: ReportQuery): string {
  const { page: _page, limit: _limit, shortage: _shortage, ...filters } = q;
  return `${source.version}|${bangkokDate(now)}|${kind}|${JSON.stringify(filters)}`;
}

export type ReportRows =
  | { kind: 'warehouse'; rows: WarehouseRow[]; totals: WarehouseTotals }
  | { kind: 'picking'; rows: PickingRow[]; totals: PickingTotals }
  | { kind: StockReportKind; rows: StockReportRow[]; totals: StockReportSummary };

/**
 * Every row of a report under the query (all pages), sorted as the spec says, with its totals; in
 * steps (lib/array-steps.ts), run on one version by the source's `compute`.
 */
export function* reportRowsSteps(
  kind: ReportKind,
  q: ReportQuery,
  source: ReportSource,
  now: number,
): Steps<ReportRows> {
  if (kind === 'warehouse') {
    const rows = yield* warehouseRowsSteps(source.list, warehouseFilters(q, source));
    return { kind, rows, totals: warehouseTotals(rows) };
  }
  if (kind === 'picking') {
    const { rows, totals } = yield* pickingListSteps(source.list, pickingFilters(q, source), source.pickingHistory);
    return { kind, rows, totals };
  }
  const { rows, totals } = yield* stockReportRowsWithSummarySteps(
    kind,
    source.list,
    stockFilters(q, source),
    slaContextOf(source, now),
    stockSort(q),
  );
  return { kind, rows, totals };
}

const shopOf = (o: { shopId: number; shopName: string }) => ({ id: o.shopId, name: o.shopName });

export function warehouseItem(r: WarehouseRow) {
  const o = r.order;
  return {
    id: o.lines[0]?.id ?? null,
    lineIds: o.lines.map((l) => l.id),
    orderId: o.id,
    orderNo: o.orderNo,
    platform: o.platform,
    platformLabel: PLATFORM_LABELS[o.platform],
    shop: shopOf(o),
    logisticType: o.logisticType,
    acceptedBy: r.acceptedBy,
    scanned: o.scannedAt !== null,
    scannedAt: iso(o.scannedAt),
    dispatchRound: o.dispatchRound,
    printCount: r.printCount,
    lastPrintedAt: iso(r.lastPrintedAt),
    lastPrintedBy: r.lastPrintedBy,
    short: r.short,
    warning: r.short ? SHORT_WARNING : null,
  };
}

export function pickingItem(r: PickingRow) {
  return {
    sku: r.sku,
    brand: r.brand,
    productName: r.productName,
    qty: r.qty,
    stock: r.stock,
    shortfall: r.shortfall,
    left: r.left,
    highlight: r.shortfall > 0,
    platforms: r.platforms,
    platformLabels: r.platforms.map((p) => PLATFORM_LABELS[p]),
    shops: r.shops,
    logistics: r.logistics,
    rounds: r.rounds,
    roundText: roundsText(r.rounds),
    printCount: r.printCount,
    lastPrintedAt: iso(r.lastPrintedAt),
    lineIds: r.lines.map((l) => l.line.id),
    orderIds: [...new Set(r.lines.map((l) => l.order.id))],
  };
}

export function stockItem(r: StockReportRow) {
  const o = r.order;
  const l = r.line;
  return {
    id: l.id,
    orderId: o.id,
    orderNo: o.orderNo,
    platform: o.platform,
    platformLabel: PLATFORM_LABELS[o.platform],
    shop: shopOf(o),
    sku: l.sku,
    brand: l.brand,
    productName: l.productName,
    stock: l.stockQty,
    qty: l.qty,
    allQty: r.allQty,
    status: l.alloc.displayStatus,
    computedStatus: l.alloc.computedStatus,
    orderedAt: iso(o.orderTime),
    dueAt: o.dueDay === null ? null : epochDayToIsoDate(o.dueDay),
    sla: r.sla,
    logisticType: o.logisticType,
    round: r.round,
    printCount: r.printCount,
    lastPrintedAt: iso(r.lastPrintedAt),
    note: r.note,
    scanned: o.scannedAt !== null,
    scannedAt: iso(o.scannedAt),
  };
}

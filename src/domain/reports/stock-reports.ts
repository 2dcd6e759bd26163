// The stock problem reports (docs/domain/reports.md#stock-problem-reports): รายงานสินค้าน้อย /
// ไม่มีสินค้า / สินค้าไม่พอส่ง. One row per line whose DISPLAYED status is the report's status, so
// a report lists exactly the lines the orders list shows with that status (same allocation, same
// precedence).
import { compareCodePoints, PLATFORM_LABELS, statusLabel, type DisplayStatus } from '../allocation';
import { slaLabelOfDays, type SlaLabel } from '../sla';
import { ARRAY_STEP, mapSteps, ROW_STEP, sortSteps } from '../../lib/array-steps';
import { runSteps, type Steps } from '../../lib/steps';
import type { SlaContext } from '../orders-view/select';
import {
  dateInRange,
  inDayRange,
  isReportable,
  lineSearchMatches,
  passesOrderFilters,
  type DateRange,
  type ReportFilters,
} from './filters';
export type { SlaContext };
import { reportRound, type ReportLine, type ReportOrder, type StockReportKind } from './types';

export const STOCK_REPORT_STATUS: Readonly<Record<StockReportKind, DisplayStatus>> = {
  lowstock: 'LOW_STOCK',
  nostock: 'SHORTAGE',
  notenough: 'NOT_ENOUGH',
};

export const STOCK_REPORT_TITLES: Readonly<Record<StockReportKind, string>> = {
  lowstock: 'รายงานสินค้าน้อย (Low Stock)',
  nostock: 'รายงานไม่มีสินค้า (No Stock)',
  notenough: 'รายงานสินค้าไม่พอส่ง (Not Enough)',
};

/**
 * Issue source of each report's print (docs/domain/allocation.md#issuing,
 * docs/domain/allocation.md#warehouse-receive).
 */
export const STOCK_REPORT_ISSUE_SOURCE: Readonly<Record<StockReportKind, string>> = {
  lowstock: 'print:lowstock',
  nostock: 'print:nostock',
  notenough: 'print:notenough',
};

export interface StockReportFilters extends ReportFilters {
  /** Order time within these whole days. */
  ordered: DateRange | null;
  /** Import date within these days. */
  imported: DateRange | null;
  /** The report's round, exact. */
  round: number | null;
}

export const NO_STOCK_REPORT_FILTERS: StockReportFilters = Object.freeze({
  platform: null,
  shopIds: null,
  logistic: null,
  q: null,
  ordered: null,
  imported: null,
  round: null,
});

export type StockReportExclusion =
  | 'cancelled'
  | 'trashed'
  | 'packed'
  | 'issued'
  | 'not_in_pile_2'
  | 'no_status_line'
  | 'printed';

export function stockReportExclusion(kind: StockReportKind, o: ReportOrder): StockReportExclusion | null {
  if (o.flags.cancelled) return 'cancelled';
  if (o.flags.trashed) return 'trashed';
  if (o.flags.packed) return 'packed';
  if (o.flags.issued) return 'issued';
  if (kind === 'lowstock' && o.pile !== 2) return 'not_in_pile_2';
  const status = STOCK_REPORT_STATUS[kind];
  if (!o.lines.some((l) => l.alloc.displayStatus === status)) return 'no_status_line';
  if (o.prints[kind].count > 0) return 'printed';
  return null;
}

export interface StockReportRow {
  order: ReportOrder;
  line: ReportLine;
  /**
   * AllQty of docs/domain/reports.md#stock-problem-reports: Σ qty of the listed lines of the same
   * SKU (not the global AllQty).
   */
  allQty: number;
  /** The report's round of the order. */
  round: number | null;
  printCount: number;
  lastPrintedAt: number | null;
  /** หมายเหตุ: `มีรายการอื่น: <label> (<model or SKU>), ...`, '' when the order has no other line. */
  note: string;
  sla: SlaLabel | null;
}

/**
 * หมายเหตุ of a row: the order's other lines with their status labels
 * (docs/domain/reports.md#stock-problem-reports).
 */
export function otherLinesNote(o: ReportOrder, line: ReportLine): string {
  const others = o.lines.filter((l) => l.id !== line.id);
  if (others.length === 0) return '';
  return `มีรายการอื่น: ${others.map((l) => `${statusLabel(l.alloc, o.flags)} (${l.productName || l.sku})`).join(', ')}`;
}

export function passesStockReportFilters(
  kind: StockReportKind,
  o: ReportOrder,
  f: StockReportFilters,
  includePrinted = false,
): boolean {
  if (!isReportable(o)) return false;
  const x = stockReportExclusion(kind, o);
  if (x !== null && !(x === 'printed' && includePrinted)) return false;
  if (!passesOrderFilters(o, f)) return false;
  if (f.round !== null && reportRound(o, kind) !== f.round) return false;
  if (!inDayRange(o.orderTime, f.ordered)) return false;
  return dateInRange(o.importDate, f.imported);
}

export const STOCK_REPORT_SORT_KEYS = [
  'orderNo',
  'platform',
  'shop',
  'sku',
  'brand',
  'productName',
  'stock',
  'qty',
  'allQty',
  'orderedAt',
  'dueAt',
  'sla',
  'logistic',
  'round',
  'printCount',
  'printedAt',
  'note',
  'scan',
] as const;
export type StockReportSortKey = (typeof STOCK_REPORT_SORT_KEYS)[number];

export interface StockReportSort {
  key: StockReportSortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_STOCK_REPORT_SORT: StockReportSort = { key: 'orderNo', dir: 'asc' };

type SortValue = string | number | null;

function sortValue(r: StockReportRow, key: StockReportSortKey): SortValue {
  switch (key) {
    case 'orderNo':
      return r.order.orderNo;
    case 'platform':
      return PLATFORM_LABELS[r.order.platform];
    case 'shop':
      return r.order.shopName;
    case 'sku':
      return r.line.sku;
    case 'brand':
      return r.line.brand;
    case 'productName':
      return r.line.productName;
    case 'stock':
      return r.line.stockQty;
    case 'qty':
      return r.line.qty;
    case 'allQty':
      return r.allQty;
    case 'orderedAt':
      return r.order.orderTime;
    // Due date and SLA both order by the due day: the SLA label is a function of it.
    case 'dueAt':
    case 'sla':
      return r.order.dueDay;
    case 'logistic':
      return r.order.logisticType;
    case 'round':
      return r.round;
    case 'printCount':
      return r.printCount;
    case 'printedAt':
      return r.lastPrintedAt;
    case 'note':
      return r.note;
    case 'scan':
      return r.order.scannedAt;
  }
}

/** Default order of the rows: เลข Order, then platform, shop, SKU and line id for ties. */
export function compareStockRowsDefault(a: StockReportRow, b: StockReportRow): number {
  return (
    compareCodePoints(a.order.orderNo, b.order.orderNo) ||
    compareCodePoints(PLATFORM_LABELS[a.order.platform], PLATFORM_LABELS[b.order.platform]) ||
    compareCodePoints(a.order.shopName, b.order.shopName) ||
    a.order.id - b.order.id ||
    compareCodePoints(a.line.sku, b.line.sku) ||
    a.line.id - b.line.id
  );
}

/**
 * Numbers numerically, dates (instants, epoch days) chronologically, text by code point; empty
 * values last either way; in steps (lib/array-steps.ts). Ties fall back to the default order,
 * which ends on the line id: a total order, so sorted runs merged give the single sort's result.
 */
export function* sortStockRowsSteps(
  rows: readonly StockReportRow[],
  sort: StockReportSort = DEFAULT_STOCK_REPORT_SORT,
): Steps<StockReportRow[]> {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = yield* mapSteps(rows, (r) => ({ r, k: sortValue(r, sort.key) }));
  const sorted = yield* sortSteps(keyed, (a, b) => {
    const ka = a.k === '' ? null : a.k;
    const kb = b.k === '' ? null : b.k;
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : compareCodePoints(String(ka), String(kb));
      if (c !== 0) return sign * c;
    }
    return compareStockRowsDefault(a.r, b.r);
  });
  return yield* mapSteps(sorted, (x) => x.r);
}

/**
 * The lines the report lists under the filters (lines of its status matching `q`), unsorted; in
 * steps (lib/array-steps.ts).
 */
export function* stockReportLinesSteps(
  kind: StockReportKind,
  orders: Iterable<ReportOrder>,
  f: StockReportFilters,
  includePrinted = false,
): Steps<{ order: ReportOrder; line: ReportLine }[]> {
  const status = STOCK_REPORT_STATUS[kind];
  const out: { order: ReportOrder; line: ReportLine }[] = [];
  let n = 0;
  for (const o of orders) {
    if (++n === ARRAY_STEP) {
      n = 0;
      yield ARRAY_STEP;
    }
    if (!passesStockReportFilters(kind, o, f, includePrinted)) continue;
    for (const l of o.lines)
      if (l.alloc.displayStatus === status && lineSearchMatches(o, l, f.q)) out.push({ order: o, line: l });
  }
  return out;
}

/**
 * The report's rows under the filters, sorted. `includePrinted` lists orders already printed by
 * this report too (the admin override's widening).
 */
export function stockReportRows(
  kind: StockReportKind,
  orders: Iterable<ReportOrder>,
  f: StockReportFilters,
  ctx: SlaContext,
  sort: StockReportSort = DEFAULT_STOCK_REPORT_SORT,
  includePrinted = false,
): StockReportRow[] {
  return runSteps(stockReportRowsSteps(kind, orders, f, ctx, sort, includePrinted));
}

/** stockReportRows in steps (lib/array-steps.ts). */
export function* stockReportRowsSteps(
  kind: StockReportKind,
  orders: Iterable<ReportOrder>,
  f: StockReportFilters,
  ctx: SlaContext,
  sort: StockReportSort = DEFAULT_STOCK_REPORT_SORT,
  includePrinted = false,
): Steps<StockReportRow[]> {
  const picked = yield* stockReportLinesSteps(kind, orders, f, includePrinted);
  const allQty = new Map<string, number>();
  for (let i = 0; i < picked.length; i++) {
    const line = picked[i].line;
    allQty.set(line.sku, (allQty.get(line.sku) ?? 0) + line.qty);
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  const rows = yield* mapSteps(
    picked,
    ({ order, line }): StockReportRow => ({
      order,
      line,
      allQty: allQty.get(line.sku)!,
      round: reportRound(order, kind),
      printCount: order.prints[kind].count,
      lastPrintedAt: order.prints[kind].lastAt,
      note: otherLinesNote(order, line),
      sla: order.dueDay === null ? null : slaLabelOfDays(order.dueDay, ctx.reference, ctx.calendar),
    }),
    ROW_STEP,
  );
  return yield* sortStockRowsSteps(rows, sort);
}

export interface StockReportSummary {
  orders: number;
  skus: number;
}

export function stockReportSummary(rows: readonly StockReportRow[]): StockReportSummary {
  return runSteps(stockReportSummarySteps(rows));
}

/** stockReportSummary in steps (lib/array-steps.ts). */
export function* stockReportSummarySteps(rows: readonly StockReportRow[]): Steps<StockReportSummary> {
  const orders = new Set<number>();
  const skus = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    orders.add(rows[i].order.id);
    skus.add(rows[i].line.sku);
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  return { orders: orders.size, skus: skus.size };
}

/** Page columns (docs/domain/reports.md#stock-problem-reports) after the checkbox, in order. */
export const STOCK_REPORT_PAGE_HEADERS = [
  'แพลตฟอร์ม',
  'ร้าน',
  'เลข Order',
  'SKU',
  'Brand',
  'ชื่อสินค้า',
  'Stock',
  'Qty',
  'AllQty',
  'เวลาสั่ง',
  'กำหนดส่ง',
  'SLA',
  'ขนส่ง',
  'รอบ',
  'พิมพ์',
  'วันที่พิมพ์',
  'หมายเหตุ',
  'Scan',
] as const;

// ใบงานคลัง (Warehouse Job Sheet, docs/domain/reports.md#warehouse-job-sheet): one row per order
// that has an accepted line, is neither issued nor packed, and has not had its warehouse sheet
// printed.
import { compareCodePoints, PLATFORM_LABELS } from '../allocation';
import { ARRAY_STEP, mapSteps, sortSteps } from '../../lib/array-steps';
import { runSteps, type Steps } from '../../lib/steps';
import {
  inDayRange,
  isReportable,
  passesOrderFilters,
  warehouseSearchMatches,
  type DateRange,
  type ReportFilters,
} from './filters';
import type { ReportOrder } from './types';

export interface WarehouseFilters extends ReportFilters {
  /** accepted_at within these whole days (ignored while searching). */
  accepted: DateRange | null;
  /** จ่ายงาน(รอบที่), exact. */
  round: number | null;
  /**
   * Warehouse print count, exact. Without it the page lists the eligible orders (count 0); with
   * it, orders printed that many times (they print again only with an admin override).
   */
  printCount: number | null;
}

export const NO_WAREHOUSE_FILTERS: WarehouseFilters = Object.freeze({
  platform: null,
  shopIds: null,
  logistic: null,
  q: null,
  accepted: null,
  round: null,
  printCount: null,
});

/** Why an order is not on the sheet, in the order the checks run; `printed` alone can be overridden. */
export type WarehouseExclusion = 'cancelled' | 'trashed' | 'packed' | 'issued' | 'not_accepted' | 'printed';

export function warehouseExclusion(o: ReportOrder): WarehouseExclusion | null {
  if (o.flags.cancelled) return 'cancelled';
  if (o.flags.trashed) return 'trashed';
  if (o.flags.packed) return 'packed';
  if (o.flags.issued) return 'issued';
  if (!o.lines.some((l) => l.accepted)) return 'not_accepted';
  if (o.prints.warehouse.count > 0) return 'printed';
  return null;
}

/** On the sheet now: the eligible set of docs/domain/reports.md#warehouse-job-sheet. */
/** Eligible apart from having been printed: what an admin override may print again. */
export function isWarehouseCandidate(o: ReportOrder): boolean {
  const x = warehouseExclusion(o);
  return x === null || x === 'printed';
}

export interface WarehouseRow {
  order: ReportOrder;
  /** ผู้กดรับ: who accepted the order's lines (distinct, in line order). */
  acceptedBy: string[];
  /**
   * `ของไม่พอ`: a committed line of the order does not fit the stock
   * (docs/domain/allocation.md#committed-lines-first).
   */
  short: boolean;
  /** Warehouse prints so far. */
  printCount: number;
  lastPrintedAt: number | null;
  lastPrintedBy: string | null;
}

export const SHORT_WARNING = 'ของไม่พอ';

/**
 * Sorted by platform (as shown), shop, order id (docs/domain/reports.md#warehouse-job-sheet); then
 * shop id and order id for ties.
 */
export function compareWarehouseOrders(a: ReportOrder, b: ReportOrder): number {
  return (
    compareCodePoints(PLATFORM_LABELS[a.platform], PLATFORM_LABELS[b.platform]) ||
    compareCodePoints(a.shopName, b.shopName) ||
    compareCodePoints(a.orderNo, b.orderNo) ||
    a.shopId - b.shopId ||
    a.id - b.id
  );
}

export function passesWarehouseFilters(o: ReportOrder, f: WarehouseFilters, includePrinted = false): boolean {
  if (!isReportable(o) || !isWarehouseCandidate(o)) return false;
  const count = o.prints.warehouse.count;
  if (f.printCount !== null ? count !== f.printCount : !includePrinted && count !== 0) return false;
  if (!passesOrderFilters(o, f)) return false;
  if (f.round !== null && o.dispatchRound !== f.round) return false;
  if (f.q !== null) return warehouseSearchMatches(o, f.q);
  return f.accepted === null || o.lines.some((l) => l.accepted && inDayRange(l.acceptedAt, f.accepted));
}

export function warehouseRow(o: ReportOrder): WarehouseRow {
  const acceptedBy: string[] = [];
  for (const l of o.lines)
    if (l.accepted && l.acceptedBy && !acceptedBy.includes(l.acceptedBy)) acceptedBy.push(l.acceptedBy);
  return {
    order: o,
    acceptedBy,
    short: o.lines.some((l) => l.alloc.committedShort),
    printCount: o.prints.warehouse.count,
    lastPrintedAt: o.prints.warehouse.lastAt,
    lastPrintedBy: o.prints.warehouse.lastBy,
  };
}

/**
 * The sheet's rows under the filters, sorted. `includePrinted` is the admin override's widening
 * (already printed orders listed too) when no print-count filter says otherwise.
 */
export function warehouseRows(
  orders: Iterable<ReportOrder>,
  f: WarehouseFilters,
  includePrinted = false,
): WarehouseRow[] {
  return runSteps(warehouseRowsSteps(orders, f, includePrinted));
}

/** warehouseRows in steps (lib/array-steps.ts): the same rows, yielding every few thousand orders. */
export function* warehouseRowsSteps(
  orders: Iterable<ReportOrder>,
  f: WarehouseFilters,
  includePrinted = false,
): Steps<WarehouseRow[]> {
  const out: ReportOrder[] = [];
  let n = 0;
  for (const o of orders) {
    if (passesWarehouseFilters(o, f, includePrinted)) out.push(o);
    if (++n === ARRAY_STEP) {
      n = 0;
      yield ARRAY_STEP;
    }
  }
  // compareWarehouseOrders ends on the order id: a total order.
  const sorted = yield* sortSteps(out, compareWarehouseOrders);
  return yield* mapSteps(sorted, warehouseRow);
}

export interface WarehouseTotals {
  orders: number;
  /** Orders carrying the ของไม่พอ warning. */
  short: number;
}

export function warehouseTotals(rows: readonly WarehouseRow[]): WarehouseTotals {
  let short = 0;
  for (const r of rows) if (r.short) short++;
  return { orders: rows.length, short };
}

/** Page columns (docs/domain/reports.md#warehouse-job-sheet), in order. */
export const WAREHOUSE_PAGE_HEADERS = [
  'แพลตฟอร์ม',
  'ร้าน',
  'เลข Order',
  'ประเภทขนส่ง',
  'ผู้กดรับ',
  'Scan Order',
  'จ่ายงาน(รอบที่)',
  'พิมพ์แล้ว (ครั้ง)',
  'วัน/เดือน/ปี/เวลา ที่พิมพ์',
] as const;

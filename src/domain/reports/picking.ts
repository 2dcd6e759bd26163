// Picking List (docs/domain/reports.md#picking-list): the accepted lines of orders whose warehouse
// sheet is printed and whose lines are not yet picked, aggregated per SKU. The Picking print count
// is per LINE: counted per order, printing some SKUs dropped the order's other SKUs from the list.
import { compareCodePoints, PLATFORM_PRIORITY, type Platform } from '../allocation';
import { ARRAY_STEP, ROW_STEP, sortSteps } from '../../lib/array-steps';
import { runSteps, type Steps } from '../../lib/steps';
import {
  inDayRange,
  lineSearchMatches,
  normaliseQuery,
  passesOrderFilters,
  type DateRange,
  type ReportFilters,
} from './filters';
import type { PrintCounter, ReportLine, ReportOrder } from './types';

export interface PickingFilters extends ReportFilters {
  /** Warehouse print date (`ใบงานคลัง(จาก)` / `ถึงวันที่`): the order's last warehouse print. */
  warehousePrinted: DateRange | null;
  /** จ่ายงาน(รอบที่), exact. */
  round: number | null;
  /** The line's Picking count, exact; without it the eligible lines (count 0). */
  printCount: number | null;
  /** Selected SKUs (print selected); null = all. */
  skus: ReadonlySet<string> | null;
}

export const NO_PICKING_FILTERS: PickingFilters = Object.freeze({
  platform: null,
  shopIds: null,
  logistic: null,
  q: null,
  warehousePrinted: null,
  round: null,
  printCount: null,
  skus: null,
});

/** Why a line is not on the list, in check order; `printed` alone can be overridden. */
export type PickingExclusion =
  | 'cancelled'
  | 'trashed'
  | 'packed'
  | 'bill_empty'
  | 'warehouse_not_printed'
  | 'not_accepted'
  | 'printed';

/** The order's part of the rule: what leaves out all of its lines. */
function pickingOrderExclusion(o: ReportOrder): PickingExclusion | null {
  if (o.flags.cancelled) return 'cancelled';
  if (o.flags.trashed) return 'trashed';
  if (o.flags.packed) return 'packed';
  if (o.flags.billEmpty) return 'bill_empty';
  if (o.prints.warehouse.count === 0) return 'warehouse_not_printed';
  return null;
}

export function pickingExclusion(o: ReportOrder, l: ReportLine): PickingExclusion | null {
  const x = pickingOrderExclusion(o);
  if (x !== null) return x;
  if (!l.accepted) return 'not_accepted';
  // An order issued through the round dialog before printing stays until printed
  // (docs/domain/reports.md#picking-list).
  if (l.pickingCount > 0) return 'printed';
  return null;
}

export interface PickingLine {
  order: ReportOrder;
  line: ReportLine;
}

/** The order-level part of eligibility and filters (checked once per order). */
function orderPasses(o: ReportOrder, f: PickingFilters): boolean {
  if (pickingOrderExclusion(o) !== null) return false;
  if (!passesOrderFilters(o, f)) return false;
  if (f.round !== null && o.dispatchRound !== f.round) return false;
  return inDayRange(o.prints.warehouse.lastAt, f.warehousePrinted);
}

function linePasses(o: ReportOrder, l: ReportLine, f: PickingFilters, includePrinted: boolean): boolean {
  if (!l.accepted) return false;
  if (f.printCount !== null ? l.pickingCount !== f.printCount : !includePrinted && l.pickingCount !== 0) return false;
  if (f.skus !== null && !f.skus.has(l.sku)) return false;
  return lineSearchMatches(o, l, f.q);
}

/**
 * On the list under the filters (docs/domain/reports.md#picking-list); `includePrinted` is the
 * admin override's widening.
 */
export function passesPickingFilters(
  o: ReportOrder,
  l: ReportLine,
  f: PickingFilters,
  includePrinted = false,
): boolean {
  return orderPasses(o, f) && linePasses(o, l, f, includePrinted);
}

/** Order id, then line id: a total order. */
export const comparePickingLines = (a: PickingLine, b: PickingLine) => a.order.id - b.order.id || a.line.id - b.line.id;

/**
 * The lines the list aggregates (and a print covers), in order id then line id order; in steps
 * (lib/array-steps.ts).
 */
export function* pickingLinesSteps(
  orders: Iterable<ReportOrder>,
  f: PickingFilters,
  includePrinted = false,
): Steps<PickingLine[]> {
  const out: PickingLine[] = [];
  let n = 0;
  for (const o of orders) {
    if (++n === ARRAY_STEP) {
      n = 0;
      yield ARRAY_STEP;
    }
    if (!orderPasses(o, f)) continue;
    for (const l of o.lines) if (linePasses(o, l, f, includePrinted)) out.push({ order: o, line: l });
  }
  return yield* sortSteps(out, comparePickingLines);
}

/**
 * Key of the per-SKU print history (docs/domain/reports.md#picking-list): SKU + the platform, shop
 * and logistic filters of the print. `''` / null mean "no filter"; a shop filter naming several
 * shops counts as none.
 */
export interface PickingContextKey {
  sku: string;
  platform: Platform | '';
  shopId: number | null;
  logistic: string;
}

export function pickingContext(sku: string, f: ReportFilters): PickingContextKey {
  return {
    sku,
    platform: f.platform ?? '',
    shopId: f.shopIds !== null && f.shopIds.size === 1 ? [...f.shopIds][0] : null,
    logistic: normaliseQuery(f.logistic) ?? '',
  };
}

/** Looks up the latest history of a key: count so far and last print; undefined when never printed. */
export type PickingHistoryLookup = (key: PickingContextKey) => PrintCounter | undefined;

/** What aggregation reads of a line and its order: current lines and printed (snapshot) lines alike. */
export interface PickingAggregateLine {
  order: Pick<ReportOrder, 'id' | 'platform' | 'shopName' | 'logisticType' | 'dispatchRound'>;
  line: Pick<ReportLine, 'sku' | 'qty' | 'brand' | 'productName' | 'stockQty'>;
}

export interface PickingRow<L extends PickingAggregateLine = PickingLine> {
  sku: string;
  brand: string | null;
  productName: string | null;
  /** ต้องหยิบ = Σ qty. */
  qty: number;
  /** สต็อก = on-hand. */
  stock: number;
  /** ขาด = max(0, ต้องหยิบ − สต็อก); the row is highlighted when > 0. */
  shortfall: number;
  /** คงเหลือหลังหยิบ = สต็อก − ต้องหยิบ (may be negative). */
  left: number;
  /** Distinct platforms of the lines, in priority order. */
  platforms: Platform[];
  /** Distinct shop names, sorted. */
  shops: string[];
  /** Distinct ประเภทขนส่ง, sorted. */
  logistics: string[];
  /** Lowest and highest จ่ายงาน(รอบที่) among the lines' orders; null when none has a round. */
  rounds: { min: number; max: number } | null;
  /**
   * พิมพ์แล้ว (ครั้ง): picking prints of this SKU in this filter context (the history key of
   * docs/domain/reports.md#picking-list).
   */
  printCount: number;
  lastPrintedAt: number | null;
  lines: L[];
}

/**
 * `N` for a single round, `min-max` when several, '' when none
 * (docs/domain/reports.md#picking-list).
 */
export function roundsText(r: { min: number; max: number } | null): string {
  if (r === null) return '';
  return r.min === r.max ? String(r.min) : `${r.min}-${r.max}`;
}

const lower = (s: string | null) => (s ?? '').toLowerCase();

/**
 * Brand, model (product name), SKU, case-insensitive (docs/domain/reports.md#picking-list); then
 * the exact SKU.
 */
export function comparePickingRows(
  a: Pick<PickingRow, 'sku' | 'brand' | 'productName'>,
  b: Pick<PickingRow, 'sku' | 'brand' | 'productName'>,
): number {
  return (
    compareCodePoints(lower(a.brand), lower(b.brand)) ||
    compareCodePoints(lower(a.productName), lower(b.productName)) ||
    compareCodePoints(lower(a.sku), lower(b.sku)) ||
    compareCodePoints(a.sku, b.sku)
  );
}

const sortedDistinct = (values: Iterable<string>) => [...new Set(values)].sort(compareCodePoints);

/**
 * Aggregates lines per SKU (docs/domain/reports.md#picking-list). `history` gives each SKU's print
 * count in the filters' context. สต็อก is the first line's (every line of a SKU carries the same
 * on-hand stock).
 */
export function aggregatePicking<L extends PickingAggregateLine>(
  lines: readonly L[],
  f: ReportFilters,
  history: PickingHistoryLookup = () => undefined,
): PickingRow<L>[] {
  return runSteps(aggregatePickingSteps(lines, f, history));
}

/** aggregatePicking in steps (lib/array-steps.ts): yields every few thousand lines. */
export function* aggregatePickingSteps<L extends PickingAggregateLine>(
  lines: readonly L[],
  f: ReportFilters,
  history: PickingHistoryLookup = () => undefined,
): Steps<PickingRow<L>[]> {
  const bySku = new Map<string, L[]>();
  for (let i = 0; i < lines.length; i++) {
    const pl = lines[i];
    const group = bySku.get(pl.line.sku);
    if (group) group.push(pl);
    else bySku.set(pl.line.sku, [pl]);
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  const rows: PickingRow<L>[] = [];
  let done = 0;
  for (const [sku, group] of bySku) {
    done += group.length;
    if (done >= ROW_STEP) {
      yield done;
      done = 0;
    }
    let qty = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const { order, line } of group) {
      qty += line.qty;
      if (order.dispatchRound !== null) {
        if (order.dispatchRound < min) min = order.dispatchRound;
        if (order.dispatchRound > max) max = order.dispatchRound;
      }
    }
    const first = group[0].line;
    const stock = first.stockQty;
    const past = history(pickingContext(sku, f));
    rows.push({
      sku,
      brand: group.find((g) => g.line.brand !== null)?.line.brand ?? null,
      productName: group.find((g) => g.line.productName !== null)?.line.productName ?? null,
      qty,
      stock,
      shortfall: Math.max(0, qty - stock),
      left: stock - qty,
      platforms: [...new Set(group.map((g) => g.order.platform))].sort(
        (a, b) => PLATFORM_PRIORITY[a] - PLATFORM_PRIORITY[b],
      ),
      shops: sortedDistinct(group.map((g) => g.order.shopName)),
      logistics: sortedDistinct(
        group.map((g) => g.order.logisticType).filter((v): v is string => v !== null && v !== ''),
      ),
      rounds: min === Infinity ? null : { min, max },
      printCount: past?.count ?? 0,
      lastPrintedAt: past?.lastAt ?? null,
      lines: group,
    });
  }
  // comparePickingRows ends on the exact SKU, which is unique per row: a total order.
  return yield* sortSteps(rows, comparePickingRows);
}

export interface PickingTotals {
  skus: number;
  /** Σ ต้องหยิบ. */
  qty: number;
  /** Σ ขาด. */
  shortfall: number;
}

export function pickingTotals(rows: readonly Pick<PickingRow, 'qty' | 'shortfall'>[]): PickingTotals {
  let qty = 0;
  let shortfall = 0;
  for (const r of rows) {
    qty += r.qty;
    shortfall += r.shortfall;
  }
  return { skus: rows.length, qty, shortfall };
}

/** The list under the filters: eligible lines aggregated per SKU, sorted, with totals. */
export function pickingList(
  orders: Iterable<ReportOrder>,
  f: PickingFilters,
  history?: PickingHistoryLookup,
  includePrinted = false,
) {
  return runSteps(pickingListSteps(orders, f, history, includePrinted));
}

/** pickingList in steps (lib/array-steps.ts). */
export function* pickingListSteps(
  orders: Iterable<ReportOrder>,
  f: PickingFilters,
  history?: PickingHistoryLookup,
  includePrinted = false,
) {
  const rows = yield* aggregatePickingSteps(yield* pickingLinesSteps(orders, f, includePrinted), f, history);
  return { rows, totals: pickingTotals(rows) };
}

/** Page columns (docs/domain/reports.md#picking-list), in order. */
export const PICKING_PAGE_HEADERS = [
  'แพลตฟอร์ม',
  'ร้าน',
  'SKU',
  'Brand',
  'สินค้า',
  'ต้องหยิบ',
  'สต็อก',
  'ขาด',
  'คงเหลือหลังหยิบ',
  'ประเภทขนส่ง',
  'จ่ายงาน(รอบที่)',
  'พิมพ์แล้ว (ครั้ง)',
  'วัน/เดือน/ปี/เวลา ที่พิมพ์',
] as const;

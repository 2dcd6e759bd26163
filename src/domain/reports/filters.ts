// Filters every report accepts (docs/domain/reports.md#common-rules): platform, shop, ประเภทขนส่ง
// (case-insensitive substring) and `q`; plus the whole-day date ranges and the exact round /
// print-count filters some reports add. Filters only choose rows: statuses come from the allocation
// as given.
import type { Platform } from '../allocation';
import { dayBounds } from '../orders-view/scope';
import { normaliseQuery } from '../orders-view/select';
import type { ReportLine, ReportOrder } from './types';

export { normaliseQuery };

export interface ReportFilters {
  platform: Platform | null;
  /** Shops by id; null = every shop. */
  shopIds: ReadonlySet<number> | null;
  /** ประเภทขนส่ง, matched as a case-insensitive substring; null = any. */
  logistic: string | null;
  /** Search text; null = none. Matched case-insensitively. */
  q: string | null;
}

/** Inclusive range of Bangkok dates `YYYY-MM-DD`; either end may be open. */
export interface DateRange {
  from: string | null;
  to: string | null;
}

export const isOpenRange = (r: DateRange | null | undefined) => !r || (r.from === null && r.to === null);

/**
 * Whether an instant falls within the whole Bangkok days of the range (half-open,
 * docs/domain/sla.md#bangkok-time).
 */
export function inDayRange(at: number | null, r: DateRange | null | undefined): boolean {
  if (isOpenRange(r)) return true;
  if (at === null) return false;
  const [lo, hi] = dayBounds(r!.from, r!.to);
  return at >= lo && at < hi;
}

/** Whether a Bangkok date `YYYY-MM-DD` falls within the range. */
export function dateInRange(date: string | null, r: DateRange | null | undefined): boolean {
  if (isOpenRange(r)) return true;
  if (date === null) return false;
  return (r!.from === null || date >= r!.from) && (r!.to === null || date <= r!.to);
}

/**
 * Every report: cancelled and trashed orders are never listed
 * (docs/domain/reports.md#common-rules).
 */
export const isReportable = (o: ReportOrder) => !o.flags.cancelled && !o.flags.trashed;

/** Platform, shop and logistic filters (order-level). */
export function passesOrderFilters(o: ReportOrder, f: ReportFilters): boolean {
  if (f.platform !== null && o.platform !== f.platform) return false;
  if (f.shopIds !== null && !f.shopIds.has(o.shopId)) return false;
  const logistic = normaliseQuery(f.logistic);
  if (logistic !== null && !(o.logisticType ?? '').toLowerCase().includes(logistic)) return false;
  return true;
}

const has = (value: string | null, needle: string) => value?.toLowerCase().includes(needle) ?? false;

/** ใบงานคลัง `q` (docs/domain/reports.md#warehouse-job-sheet): order id, SKU, shop and logistic. */
export function warehouseSearchMatches(o: ReportOrder, q: string | null): boolean {
  const needle = normaliseQuery(q);
  if (needle === null) return true;
  if (has(o.orderNo, needle) || has(o.shopName, needle) || has(o.logisticType, needle)) return true;
  return o.lines.some((l) => has(l.sku, needle));
}

/**
 * Line-level `q` of the Picking List and the stock reports
 * (docs/domain/reports.md#decisions-where-the-spec-is-silent-or-contradicts-itself): the warehouse
 * sheet's fields (order id, SKU, shop, logistic) plus brand and product name, as on the dashboard.
 */
export function lineSearchMatches(o: ReportOrder, l: ReportLine, q: string | null): boolean {
  const needle = normaliseQuery(q);
  if (needle === null) return true;
  return (
    has(o.orderNo, needle) ||
    has(l.sku, needle) ||
    has(o.shopName, needle) ||
    has(o.logisticType, needle) ||
    has(l.brand, needle) ||
    has(l.productName, needle)
  );
}

export type RoundCheck = { ok: true; round: number } | { ok: false; code: 'round_invalid'; message: string };

/**
 * A round (จ่ายงาน(รอบที่) / a report's round) is an integer >= 1
 * (docs/domain/reports.md#rounds-and-dispatch).
 */
export function checkRound(value: unknown): RoundCheck {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return { ok: true, round: value };
  return { ok: false, code: 'round_invalid', message: 'รอบต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป' };
}

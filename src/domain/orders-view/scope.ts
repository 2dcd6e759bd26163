// Which orders a view covers (docs/domain/allocation.md#view-modes,
// docs/domain/allocation.md#orders-api-views), before any status, search or pile filter. Scope is
// order-level: every rule reads order facts (import date, order time, markers), so an order is in
// or out with all its lines. Filters never touch the allocation.
import { bangkokDayRange } from '../time';
import type { Platform } from '../allocation';
import { hasDateFilter, type DateFilters } from './dates';
import type { OrderRecord } from './types';

export const ORDER_VIEWS = ['pending', 'all', 'issued', 'trash', 'cancelled', 'packed'] as const;
export type OrdersView = (typeof ORDER_VIEWS)[number];

/**
 * View modes (docs/domain/allocation.md#view-modes); `all_time` is the mode of every view but
 * `pending`.
 */
export type ScopeMode = 'default' | 'today' | 'filtered' | 'all_time';

export const MODE_BADGES: Readonly<Record<ScopeMode, string>> = {
  all_time: 'ข้อมูลทั้งหมด (All Time)',
  today: 'ข้อมูลเฉพาะวันนี้ (Today)',
  filtered: 'มุมมองแบบกำหนดเอง (Filtered)',
  default: 'มุมมองปกติ (งานค้าง + งานจบวันนี้)',
};

export interface Scope {
  view: OrdersView;
  mode: ScopeMode;
  /**
   * Date filters in force (cleared when a higher mode wins: the first applicable mode wins,
   * docs/domain/allocation.md#view-modes).
   */
  dates: DateFilters;
  platform: Platform | null;
  /** Shops by id (a shop named in a filter may exist on several platforms); null = every shop. */
  shopIds: ReadonlySet<number> | null;
  /** Bangkok date of `now` and its half-open instant range. */
  today: string;
  todayRange: readonly [number, number];
}

const NO_DATES: DateFilters = { importedFrom: null, importedTo: null, orderedFrom: null, orderedTo: null };

export function makeScope(input: {
  view: OrdersView;
  today: string;
  /** `mode=today` (ดูเฉพาะงานวันนี้); only meaningful for the pending view. */
  todayMode?: boolean;
  dates: DateFilters;
  platform?: Platform | null;
  shopIds?: ReadonlySet<number> | null;
}): Scope {
  let mode: ScopeMode = 'all_time';
  let dates = input.dates;
  if (input.view === 'pending') {
    if (input.todayMode) {
      mode = 'today';
      dates = NO_DATES;
    } else mode = hasDateFilter(dates) ? 'filtered' : 'default';
  }
  return {
    view: input.view,
    mode,
    dates,
    platform: input.platform ?? null,
    shopIds: input.shopIds ?? null,
    today: input.today,
    todayRange: bangkokDayRange(input.today),
  };
}

const within = (at: number | null | undefined, [from, to]: readonly [number, number]) =>
  at !== null && at !== undefined && at >= from && at < to;

export const cancelledOn = (o: OrderRecord, range: readonly [number, number]) => within(o.cancelled?.at, range);
export const packedOn = (o: OrderRecord, range: readonly [number, number]) => o.flags.packed && within(o.sales?.packedAt, range);
export const trashedOn = (o: OrderRecord, range: readonly [number, number]) => within(o.trashed?.at, range);
export const issuedOn = (o: OrderRecord, range: readonly [number, number]) => within(o.issued?.at, range);

/** Half-open instant range of whole Bangkok days [from 00:00, day after to 00:00); open ends allowed. */
export function dayBounds(from: string | null, to: string | null): [number, number] {
  const lo = from === null ? -Infinity : bangkokDayRange(from)[0];
  const hi = to === null ? Infinity : bangkokDayRange(to)[1];
  return [lo, hi];
}

/**
 * Import date within [importedFrom, importedTo] and order time within the ordered days
 * (docs/domain/allocation.md#view-modes item 3).
 */
export function inDateFilters(o: OrderRecord, d: DateFilters): boolean {
  if (d.importedFrom !== null && o.importDate < d.importedFrom) return false;
  if (d.importedTo !== null && o.importDate > d.importedTo) return false;
  if (d.orderedFrom !== null || d.orderedTo !== null) {
    if (o.orderTime === null) return false;
    const [lo, hi] = dayBounds(d.orderedFrom, d.orderedTo);
    if (o.orderTime < lo || o.orderTime >= hi) return false;
  }
  return true;
}

/**
 * Trashed orders leave every view but the trash, except issued ones
 * (docs/domain/allocation.md#view-modes, docs/domain/allocation.md#warehouse-receive).
 */
const keepTrashed = (o: OrderRecord) => o.trashed === null || o.issued !== null;

/** The base rule of the view / mode, without platform and shop. */
export function inViewScope(o: OrderRecord, s: Scope): boolean {
  const f = o.flags;
  switch (s.view) {
    case 'pending':
      if (!keepTrashed(o)) return false;
      switch (s.mode) {
        case 'today':
          return o.importDate === s.today || cancelledOn(o, s.todayRange);
        case 'filtered':
          return inDateFilters(o, s.dates);
        case 'all_time':
          return true;
        default:
          return (!f.packed && !f.cancelled) || packedOn(o, s.todayRange) || cancelledOn(o, s.todayRange);
      }
    case 'all':
      return keepTrashed(o) && inDateFilters(o, s.dates);
    case 'issued':
      return f.issued && !f.trashed && inDateFilters(o, s.dates);
    case 'trash':
      return f.trashed && inDateFilters(o, s.dates);
    case 'cancelled':
      return f.cancelled && !f.trashed && inDateFilters(o, s.dates);
    case 'packed':
      return f.packed && !f.cancelled && !f.trashed && inDateFilters(o, s.dates);
  }
}

export const inPlatformShop = (o: OrderRecord, s: Pick<Scope, 'platform' | 'shopIds'>) =>
  (s.platform === null || o.platform === s.platform) && (s.shopIds === null || s.shopIds.has(o.shopId));

export function inScope(o: OrderRecord, s: Scope): boolean {
  return inPlatformShop(o, s) && inViewScope(o, s);
}

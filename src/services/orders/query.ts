// Query parameters of the orders table, the dashboard and the export -> one scope and one set of
// filters (shared, so the three always show the same rows), and the closed orders they need.
import { badRequest } from '../../errors';
import { normalizePlatform, type Platform } from '../../domain/platform';
import { bangkokDate } from '../../domain/time';
import { cleanShopName, shopNameKey } from '../../domain/imports/shops';
import { parseDateFilters, type DateFilterKey } from '../../domain/orders-view/dates';
import { dayBounds, makeScope, type OrdersView, type Scope } from '../../domain/orders-view/scope';
import {
  normaliseQuery,
  normaliseStatus,
  type DueFilter,
  type LineFilters,
  type ShowChange,
  type SortKey,
} from '../../domain/orders-view/select';
import type { Pile } from '../../domain/piles';
import type { ClosedFilter, OpenOrdersView } from './read-model';

export interface OrdersQuery extends Partial<Record<DateFilterKey, string>> {
  view?: OrdersView;
  /**
   * `today` = ดูเฉพาะงานวันนี้ (docs/domain/allocation.md#view-modes); `all_time` = the all-time
   * view.
   */
  mode?: 'today' | 'all_time' | 'default';
  status?: string;
  platform?: string;
  shop?: string;
  q?: string;
  due?: DueFilter;
  pile?: Pile;
  showChange?: ShowChange;
  sort?: SortKey;
  dir?: 'asc' | 'desc';
  page?: number;
  limit?: number;
}

export interface ResolvedQuery {
  scope: Scope;
  filters: LineFilters;
  warnings: string[];
  sort: SortKey;
  dir: 'asc' | 'desc';
}

const ALL_PLATFORMS = new Set(['', 'all', 'ทั้งหมด']);

export function resolvePlatform(raw: string | undefined): Platform | null {
  const v = (raw ?? '').trim();
  if (ALL_PLATFORMS.has(v.toLowerCase())) return null;
  const platform = normalizePlatform(v);
  if (!platform) {
    throw badRequest('invalid_platform', 'แพลตฟอร์มต้องเป็น Shopee, TikTok, Lazada หรือ อื่นๆ', [{ field: 'platform', value: raw }]);
  }
  return platform;
}

/** A shop by id, or by name on any platform (a name may exist on several); null = every shop. */
export function resolveShops(raw: string | undefined, snapshot: Pick<OpenOrdersView, 'shops'>): Set<number> | null {
  const v = (raw ?? '').trim();
  if (v === '' || ALL_PLATFORMS.has(v.toLowerCase())) return null;
  if (/^\d+$/.test(v) && snapshot.shops.has(Number(v))) return new Set([Number(v)]);
  const cleaned = cleanShopName(v).value;
  const key = cleaned === null ? '' : shopNameKey(cleaned);
  const ids = new Set<number>();
  for (const s of snapshot.shops.values()) if (shopNameKey(s.name) === key) ids.add(s.id);
  return ids;
}

export function resolveQuery(query: OrdersQuery, snapshot: Pick<OpenOrdersView, 'shops'>, now: number, fixedView?: OrdersView): ResolvedQuery {
  const { dates, warnings } = parseDateFilters(query);
  let view: OrdersView = fixedView ?? query.view ?? 'pending';
  if (view === 'pending' && query.mode === 'all_time') view = 'all';
  const scope = makeScope({
    view,
    today: bangkokDate(now),
    todayMode: query.mode === 'today',
    dates,
    platform: resolvePlatform(query.platform),
    shopIds: resolveShops(query.shop, snapshot),
  });
  const filters: LineFilters = {
    status: normaliseStatus(query.status),
    q: normaliseQuery(query.q),
    due: query.due ?? null,
    pile: query.pile ?? null,
    showChange: query.showChange ?? null,
  };
  const defaultSort: SortKey = view === 'issued' || view === 'trash' || view === 'cancelled' || view === 'packed' ? 'markedAt' : 'default';
  const sort = query.sort ?? defaultSort;
  const dir = query.dir ?? (query.sort === undefined && sort === 'markedAt' ? 'desc' : 'asc');
  return { scope, filters, warnings, sort, dir };
}

/** Builds a SQL condition and its arguments in step. */
class Where {
  readonly parts: string[] = [];
  readonly args: (string | number)[] = [];
  add(sql: string, ...args: (string | number)[]): this {
    this.parts.push(sql);
    this.args.push(...args);
    return this;
  }
}

const markerSince = (kind: string) =>
  `o.id IN (SELECT order_id FROM order_markers WHERE kind = '${kind}' AND created_at >= ? AND created_at < ?)`;
const hasMarker = (kind: string) => `o.id IN (SELECT order_id FROM order_markers WHERE kind = '${kind}')`;
const PACKED_SINCE = 'o.order_no IN (SELECT order_no FROM sales_status WHERE packed_at >= ? AND packed_at < ?)';
const ISSUED_AND_TRASHED = `o.id IN (SELECT t.order_id FROM order_markers t JOIN order_markers i ON i.order_id = t.order_id AND i.kind = 'issued' WHERE t.kind = 'trashed')`;

function dateConditions(w: Where, scope: Scope): void {
  const d = scope.dates;
  if (d.importedFrom !== null) w.add('o.import_date >= ?', d.importedFrom);
  if (d.importedTo !== null) w.add('o.import_date <= ?', d.importedTo);
  const [lo, hi] = dayBounds(d.orderedFrom, d.orderedTo);
  if (d.orderedFrom !== null) w.add('o.order_time >= ?', lo);
  if (d.orderedTo !== null) w.add('o.order_time < ?', hi);
}

/**
 * Closed orders (cancelled, trashed, packed) the scope may show: a superset that the scope rule
 * then narrows. Orders trashed today ride along for the ถังขยะ card. Platform and shop are left
 * to the scope rule: one set (one read, one cache entry) serves every platform and shop of the
 * same view and dates, as when staff watch the dashboard per platform.
 */
export function closedFilterFor(scope: Scope): ClosedFilter {
  const w = new Where();
  const [t0, t1] = scope.todayRange;
  const dated = new Where();
  dateConditions(dated, scope);
  const datedSql = dated.parts.length === 0 ? '1' : dated.parts.join(' AND ');
  switch (scope.view) {
    case 'pending':
      if (scope.mode === 'today') {
        w.add(`(o.import_date = ? OR ${markerSince('cancelled')} OR ${markerSince('trashed')})`, scope.today, t0, t1, t0, t1);
      } else if (scope.mode === 'filtered') {
        w.add(`((${datedSql}) OR ${markerSince('trashed')})`, ...dated.args, t0, t1);
      } else {
        w.add(`(${markerSince('cancelled')} OR ${PACKED_SINCE} OR ${ISSUED_AND_TRASHED} OR ${markerSince('trashed')})`, t0, t1, t0, t1, t0, t1);
      }
      break;
    case 'all':
      w.add(`(${datedSql})`, ...dated.args);
      break;
    case 'issued':
      w.add(hasMarker('issued')).add(`(${datedSql})`, ...dated.args);
      break;
    case 'trash':
      w.add(hasMarker('trashed')).add(`(${datedSql})`, ...dated.args);
      break;
    case 'cancelled':
      w.add(hasMarker('cancelled')).add(`(${datedSql})`, ...dated.args);
      break;
    case 'packed':
      w.add('o.order_no IN (SELECT order_no FROM sales_status WHERE packed_at IS NOT NULL)').add(`(${datedSql})`, ...dated.args);
      break;
  }
  const where = w.parts.join(' AND ');
  return { key: `${where}|${JSON.stringify(w.args)}`, where, args: w.args };
}

/**
 * Whether any closed order can appear: the pending table without status or search lists only
 * pending orders, which are all open.
 */
export function needsClosed(r: ResolvedQuery): boolean {
  return !(r.scope.view === 'pending' && r.filters.q === null && r.filters.status === null && r.filters.showChange === null);
}

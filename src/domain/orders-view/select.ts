// The rows of the orders table / dashboard export
// (docs/domain/allocation.md#search-and-status-filter, docs/domain/allocation.md#orders-table):
// scope, then the status, search, pile, due and change filters, then the sort. Statuses come from
// the records; nothing here recomputes them, so a line looks the same on every page and under every
// filter.
import { compareCodePoints } from '../allocation';
import { canonicalStatusCode, isOrderSetCode, isPending, type Pile } from '../piles';
import { slaLabelOfDays, type BusinessCalendar, type SlaLabel } from '../sla';
import { inScope, type Scope } from './scope';
import type { LineRecord, OrderRecord } from './types';
import type { DisplayStatus } from '../allocation/types';
import { runSteps, type Steps } from '../../lib/steps';
import { rangeSteps, sortSteps } from '../../lib/array-steps';

export const DUE_FILTERS = ['today', 'tomorrow', 'overdue'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export const SHOW_CHANGE = ['TOTAL', 'G1', 'G2', 'G3'] as const;
export type ShowChange = (typeof SHOW_CHANGE)[number];

export interface LineFilters {
  /**
   * A status code of docs/domain/allocation.md#search-and-status-filter (order sets, aliases,
   * TOTAL) or a displayed status; ignored with `q`.
   */
  status: string | null;
  q: string | null;
  due: DueFilter | null;
  pile: Pile | null;
  showChange: ShowChange | null;
}

export const NO_FILTERS: LineFilters = { status: null, q: null, due: null, pile: null, showChange: null };

export interface SlaContext {
  reference: number;
  calendar: BusinessCalendar;
}

/** SLA of an order's lines at the request's reference day; null where the table shows `-`. */
export function orderSla(o: OrderRecord, ctx: SlaContext): SlaLabel | null {
  return o.dueDay === null ? null : slaLabelOfDays(o.dueDay, ctx.reference, ctx.calendar);
}

export function dueMatches(sla: SlaLabel | null, due: DueFilter): boolean {
  if (sla === null) return false;
  if (due === 'overdue') return sla.overdue;
  return sla.daysLeft === (due === 'today' ? 0 : 1) && !sla.overdue;
}

// Lower-cased copies of the texts a search looks at. Records share their texts (the read model
// interns them), so one lower-cased copy per distinct text is kept; order numbers are unique per
// order and are lower-cased as they are met. The cache is dropped when it grows past a bound.
const LOWER_CACHE_LIMIT = 100_000;
let lowered = new Map<string, string>();

function lower(text: string): string {
  let l = lowered.get(text);
  if (l === undefined) {
    if (lowered.size >= LOWER_CACHE_LIMIT) lowered = new Map();
    l = text.toLowerCase();
    lowered.set(text, l);
  }
  return l;
}

const has = (text: string | null, needle: string) => text !== null && text !== '' && lower(text).includes(needle);

/**
 * Case-insensitive substring search (docs/domain/allocation.md#search-and-status-filter) over order
 * id, SKU, brand, model (product / item name), shop name and sales text; `needle` must already be
 * lower-cased.
 */
export function matchesQuery(line: LineRecord, needle: string): boolean {
  const o = line.order;
  return (
    o.orderNo.toLowerCase().includes(needle) ||
    has(line.sku, needle) ||
    has(line.brand, needle) ||
    has(line.productName, needle) ||
    has(line.itemName, needle) ||
    has(o.shopName, needle) ||
    has(o.salesText, needle)
  );
}

export const normaliseQuery = (q: string | null | undefined): string | null => {
  const t = (q ?? '').trim().toLowerCase();
  return t === '' ? null : t;
};

/** The status filter as a canonical code (aliases resolved, upper-cased), or null. */
export function normaliseStatus(status: string | null | undefined): string | null {
  const t = (status ?? '').trim().toUpperCase();
  return t === '' ? null : canonicalStatusCode(t);
}

const DISPLAY_STATUSES: readonly DisplayStatus[] = ['READY_ACCEPT', 'LOW_STOCK', 'NOT_ENOUGH', 'SHORTAGE', 'ACCEPTED', 'CANCELLED', 'PACKED', 'BILL_EMPTY'];

/**
 * Whether a status filter names something docs/domain/allocation.md#search-and-status-filter knows
 * (blank = no filter); anything else never matches a line.
 */
export function isKnownStatusFilter(status: string | null | undefined): boolean {
  const code = normaliseStatus(status);
  return code === null || code === 'TOTAL' || isOrderSetCode(code) || (DISPLAY_STATUSES as readonly string[]).includes(code);
}

/**
 * Whether an order passes the order-level part of the filters (the status codes that name
 * order sets are judged on the whole order, 3.2 / 7.15).
 */
function orderPasses(o: OrderRecord, scope: Scope, f: LineFilters, ctx: SlaContext): boolean {
  if (!inScope(o, scope)) return false;
  if (f.pile !== null && o.pile !== f.pile) return false;
  if (f.showChange !== null) {
    const wh = o.warehouse;
    if (wh === null || wh.badge === null) return false;
    if (f.showChange !== 'TOTAL' && wh.group !== f.showChange) return false;
  }
  if (f.q === null) {
    if (f.status !== null) {
      if (isOrderSetCode(f.status) && !o.sets.sets[f.status]) return false;
    } else if (scope.view === 'pending' && f.showChange === null && !isPending(o.flags)) {
      // No status, no search: the pending table hides PACKED and CANCELLED lines
      // (docs/domain/allocation.md#search-and-status-filter), and with them the trashed issued
      // orders that stay in scope only for คลังรับงาน: it lists รวมงานค้าง.
      return false;
    }
  }
  if (f.due !== null && !dueMatches(orderSla(o, ctx), f.due)) return false;
  return true;
}

function linePasses(l: LineRecord, f: LineFilters): boolean {
  if (f.q !== null) return matchesQuery(l, f.q);
  if (f.status !== null && f.status !== 'TOTAL' && !isOrderSetCode(f.status)) return l.alloc.displayStatus === f.status;
  return true;
}

/**
 * Items between two yields of the step versions below (lib/steps): at 200,000 lines a whole pass
 * held the loop 50-180 ms; a yield every few thousand items lets the service give it turns
 * (docs/domain/read-model.md#the-event-loop). A yield's value is the items done since the last.
 */
export const VIEW_STEP = 4_096;

/** The filtered rows, in the order given. */
export function selectLines(lines: Iterable<LineRecord>, scope: Scope, filters: LineFilters, ctx: SlaContext): LineRecord[] {
  return runSteps(selectLinesSteps(lines, scope, filters, ctx));
}

export function* selectLinesSteps(lines: Iterable<LineRecord>, scope: Scope, filters: LineFilters, ctx: SlaContext): Steps<LineRecord[]> {
  const out: LineRecord[] = [];
  // Lines of one order are adjacent in the default order: judge each order once per run.
  let lastOrder: OrderRecord | null = null;
  let lastPass = false;
  let n = 0;
  for (const l of lines) {
    if (++n === VIEW_STEP) {
      n = 0;
      yield VIEW_STEP;
    }
    const o = l.order;
    if (o !== lastOrder) {
      lastOrder = o;
      lastPass = orderPasses(o, scope, filters, ctx);
    }
    if (lastPass && linePasses(l, filters)) out.push(l);
  }
  return out;
}

/**
 * The same as selectLines over the lines of `orders` (in the order given), each order's lines as
 * `linesOf` gives them: the read model keeps its orders in table order and needs no flat copy of
 * every line for it.
 */
export function* selectOrdersSteps(
  orders: readonly OrderRecord[],
  linesOf: (o: OrderRecord) => readonly LineRecord[],
  scope: Scope,
  filters: LineFilters,
  ctx: SlaContext,
): Steps<LineRecord[]> {
  const out: LineRecord[] = [];
  yield* rangeSteps(orders.length, VIEW_STEP, (from, to) => selectRange(orders, from, to, linesOf, scope, filters, ctx, out));
  return out;
}

function selectRange(
  orders: readonly OrderRecord[],
  from: number,
  to: number,
  linesOf: (o: OrderRecord) => readonly LineRecord[],
  scope: Scope,
  filters: LineFilters,
  ctx: SlaContext,
  out: LineRecord[],
): void {
  for (let i = from; i < to; i++) {
    const o = orders[i];
    if (!orderPasses(o, scope, filters, ctx)) continue;
    const lines = linesOf(o);
    for (let k = 0; k < lines.length; k++) if (linePasses(lines[k], filters)) out.push(lines[k]);
  }
}

/**
 * Default table order (docs/domain/allocation.md#orders-table): order id, platform, shop, SKU
 * ascending; then line id.
 */
export function compareDefault(a: LineRecord, b: LineRecord): number {
  if (a.order !== b.order) return compareOrders(a.order, b.order);
  return compareSku(a, b);
}

/** Orders in the default table order: order id, platform, shop; then the record id. */
export function compareOrders(oa: OrderRecord, ob: OrderRecord): number {
  let c = compareCodePoints(oa.orderNo, ob.orderNo);
  if (c !== 0) return c;
  c = compareCodePoints(oa.platform, ob.platform);
  if (c !== 0) return c;
  c = compareCodePoints(oa.shopName, ob.shopName);
  if (c !== 0) return c;
  if (oa.shopId !== ob.shopId) return oa.shopId - ob.shopId;
  return oa.id - ob.id;
}

const compareSku = (a: LineRecord, b: LineRecord) => compareCodePoints(a.sku, b.sku) || a.id - b.id;

/**
 * Every line of the orders in the default order (same result as sorting the lines with
 * compareDefault): orders sorted once, then each order's few lines by SKU.
 */
export function linesInDefaultOrder(orders: Iterable<OrderRecord>): LineRecord[] {
  const sorted = [...orders].sort(compareOrders);
  const out: LineRecord[] = [];
  for (const o of sorted) {
    if (o.lines.length === 1) out.push(o.lines[0]);
    else for (const l of o.lines.slice().sort(compareSku)) out.push(l);
  }
  return out;
}

/** Merges two runs sorted by `compare` into one. */
export function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  return runSteps(mergeSortedSteps(a, b, compare));
}

export function* mergeSortedSteps<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): Steps<T[]> {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const out = new Array<T>(a.length + b.length);
  yield* mergeInto(out, 0, a, 0, a.length, b, 0, b.length, compare);
  return out;
}

/** Merges a[aFrom, aTo) and b[bFrom, bTo) into out from `at`, in steps. */
function* mergeInto<T>(
  out: T[],
  at: number,
  a: readonly T[],
  aFrom: number,
  aTo: number,
  b: readonly T[],
  bFrom: number,
  bTo: number,
  compare: (x: T, y: T) => number,
): Steps<void> {
  let i = aFrom;
  let j = bFrom;
  let k = at;
  let n = 0;
  while (i < aTo && j < bTo) {
    out[k++] = compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
    if (++n === VIEW_STEP) {
      n = 0;
      yield VIEW_STEP;
    }
  }
  while (i < aTo) out[k++] = a[i++];
  while (j < bTo) out[k++] = b[j++];
}

export const SORT_KEYS = [
  'default',
  'orderNo',
  'platform',
  'shop',
  'sku',
  'brand',
  'qty',
  'stockQty',
  'allQty',
  'orderedAt',
  'dueAt',
  'importDate',
  'markedAt',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** When the view's marker was set (issue / trash / cancel / pack time), else the import time. */
export function markedAt(o: OrderRecord, view: Scope['view']): number | null {
  switch (view) {
    case 'issued':
      return o.issued?.at ?? null;
    case 'trash':
      return o.trashed?.at ?? null;
    case 'cancelled':
      return o.cancelled?.at ?? null;
    case 'packed':
      return o.sales?.packedAt ?? null;
    default:
      return o.importedAt;
  }
}

type KeyOf = (l: LineRecord) => string | number | null;

function keyFunction(key: Exclude<SortKey, 'default'>, view: Scope['view']): KeyOf {
  switch (key) {
    case 'orderNo':
      return (l) => l.order.orderNo;
    case 'platform':
      return (l) => l.order.platform;
    case 'shop':
      return (l) => l.order.shopName;
    case 'sku':
      return (l) => l.sku;
    case 'brand':
      return (l) => l.brand;
    case 'qty':
      return (l) => l.qty;
    case 'stockQty':
      return (l) => l.stockQty;
    case 'allQty':
      return (l) => l.allQty;
    case 'orderedAt':
      return (l) => l.order.orderTime;
    case 'dueAt':
      return (l) => l.order.dueDay;
    case 'importDate':
      return (l) => l.order.importDate;
    case 'markedAt':
      return (l) => markedAt(l.order, view);
  }
}

/**
 * Sorts rows by a column, nulls last in either direction, ties in the default order. The
 * default key keeps the rows as given (they arrive in the default order).
 */
export function sortRows(rows: LineRecord[], key: SortKey, dir: 'asc' | 'desc', view: Scope['view']): LineRecord[] {
  return runSteps(sortRowsSteps(rows, key, dir, view));
}

interface Keyed {
  l: LineRecord;
  k: string | number | null;
  i: number;
}

export function* sortRowsSteps(rows: LineRecord[], key: SortKey, dir: 'asc' | 'desc', view: Scope['view']): Steps<LineRecord[]> {
  if (key === 'default') return dir === 'asc' ? rows : rows.slice().reverse();
  const keyOf = keyFunction(key, view);
  const sign = dir === 'asc' ? 1 : -1;
  const n = rows.length;
  const src = new Array<Keyed>(n);
  for (let i = 0; i < n; i++) {
    src[i] = { l: rows[i], k: keyOf(rows[i]), i };
    if (i % VIEW_STEP === VIEW_STEP - 1) yield VIEW_STEP;
  }
  const compare = (a: Keyed, b: Keyed) => {
    if (a.k !== b.k) {
      if (a.k === null) return 1;
      if (b.k === null) return -1;
      if (typeof a.k === 'number' && typeof b.k === 'number') return sign * (a.k - b.k);
      const c = compareCodePoints(String(a.k), String(b.k));
      if (c !== 0) return sign * c;
    }
    return a.i - b.i;
  };
  // Ties fall back to the index, so the order is total: sorted runs merged give the one result a
  // single sort would.
  const sorted = yield* sortSteps(src, compare);
  const out = new Array<LineRecord>(n);
  for (let i = 0; i < n; i++) out[i] = sorted[i].l;
  return out;
}

export interface TableSummary {
  /** Distinct orders among the rows. */
  orders: number;
  rows: number;
  brands: number;
  stockQty: number;
  qty: number;
  allQty: number;
}

/** Table footer over all filtered rows (docs/domain/allocation.md#orders-table). */
export function summarise(rows: readonly LineRecord[]): TableSummary {
  return runSteps(summariseSteps(rows));
}

export function* summariseSteps(rows: readonly LineRecord[]): Steps<TableSummary> {
  // Distinct orders by id marks, not a Set: tens of thousands of Set entries cost more than the
  // whole rest of a warm request.
  let maxId = 0;
  for (let i = 0; i < rows.length; i++) if (rows[i].order.id > maxId) maxId = rows[i].order.id;
  const sum: Summing = { seen: new Uint8Array(maxId + 1), brands: new Set<string>(), lastBrand: null, orders: 0, stockQty: 0, qty: 0, allQty: 0 };
  yield* rangeSteps(rows.length, VIEW_STEP, (from, to) => summariseRange(rows, from, to, sum));
  return { orders: sum.orders, rows: rows.length, brands: sum.brands.size, stockQty: sum.stockQty, qty: sum.qty, allQty: sum.allQty };
}

interface Summing {
  /** Distinct orders by id marks, not a Set: tens of thousands of Set entries cost more than the rest of a warm request. */
  seen: Uint8Array;
  brands: Set<string>;
  lastBrand: string | null;
  orders: number;
  stockQty: number;
  qty: number;
  allQty: number;
}

function summariseRange(rows: readonly LineRecord[], from: number, to: number, sum: Summing): void {
  const seen = sum.seen;
  let { orders, stockQty, qty, allQty, lastBrand } = sum;
  for (let i = from; i < to; i++) {
    const l = rows[i];
    const id = l.order.id;
    if (seen[id] === 0) {
      seen[id] = 1;
      orders++;
    }
    const brand = l.brand;
    if (brand && brand !== lastBrand) {
      lastBrand = brand;
      sum.brands.add(brand);
    }
    stockQty += l.stockQty;
    qty += l.qty;
    allQty += l.allQty;
  }
  sum.orders = orders;
  sum.stockQty = stockQty;
  sum.qty = qty;
  sum.allQty = allQty;
  sum.lastBrand = lastBrand;
}

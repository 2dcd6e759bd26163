// The open orders of the read model (docs/domain/read-model.md): every order whose closed_at is
// null, as OrderRecord / LineRecord with the ONE global allocation, kept up to date by changes
// instead of being rebuilt. A change names the orders and SKUs that moved; the store drops those
// orders, adds them back as re-read (if still open), and re-allocates only the SKUs they touch,
// because allocation is independent per SKU (docs/domain/allocation.md#processing-order: the queue
// of a SKU orders its own lines, and stock is per SKU). The rule itself lives in
// src/domain/allocation/compute.ts; this file only decides which SKU queues to run again.
//
// Pure and synchronous; long work is a generator of steps (slices.ts) that the service drives.
import {
  compareQueued,
  computedStatusOfCode,
  consumeCode,
  consumesCode,
  queueRank,
  queueTime,
} from '../allocation/compute';
import { compareCodePoints } from '../allocation/code-point';
import type { Platform, SkuAllocation } from '../allocation/types';
import { BusinessCalendar } from '../sla';
import {
  deriveOrder,
  isDerived,
  makeLineRecord,
  makeOrderRecord,
  type Line,
  type ProductInfo,
  type RawMarker,
  type RawPrint,
  type RawSales,
  type RecordContext,
  type SkuFacts,
} from '../orders-view/build';
import { compareOrders } from '../orders-view/select';
import type { LineRecord, OrderRecord, RawLine, RawOrder } from '../orders-view/types';
import { Interner } from './intern';
import { sortInSlices, SLICE } from './slices';

export interface ShopInfo {
  id: number;
  name: string;
  platform: Platform;
}

/** Rows of some orders as read from the database (the open ones among the changed). */
export interface OrderRows {
  orders: readonly RawOrder[];
  lines: readonly RawLine[];
  markers: readonly RawMarker[];
  sales: readonly RawSales[];
  prints: readonly RawPrint[];
}

/** What moved since the store's last change. */
export interface StoreChange {
  /** Orders whose rows may have changed; the open ones among them are in `rows`. */
  orderIds: Iterable<number>;
  rows: OrderRows;
  /** Stock of SKUs that changed: the quantity, or null when the row is gone (0). */
  stock?: ReadonlyMap<string, number | null>;
  /** Product master rows that changed, or null when deleted. */
  products?: ReadonlyMap<string, ProductInfo | null>;
  /** The whole shops table (tiny; compared with what the store has). */
  shops?: readonly ShopInfo[];
  /** The holiday list (settings `holidays`). */
  holidays?: readonly string[];
}

export interface ApplyOutcome {
  /** SKUs whose queue ran again. */
  skus: number;
  /** Orders whose derived facts (piles, sets) were computed again. */
  derived: number;
}

/**
 * What the views read: the open orders at one data version. Read it synchronously: the service
 * applies the next change between a caller's awaits
 * (docs/domain/read-model.md#interface-for-the-pages-and-the-reports).
 */
export interface OpenOrdersView {
  /** The data version this state reflects. */
  readonly version: number;
  /** Open orders by id. */
  readonly orders: ReadonlyMap<number, OrderRecord>;
  /** Open lines in the default table order (docs/domain/allocation.md#orders-table). */
  readonly lines: readonly LineRecord[];
  /** Open orders in the default table order, and an order's lines in that order (no copy). */
  readonly ordersInTableOrder: readonly OrderRecord[];
  tableLinesOf(o: OrderRecord): readonly LineRecord[];
  line(id: number): LineRecord | undefined;
  /** Allocation of a SKU (any SKU: one without lines has allQty 0 and remaining = on-hand). */
  sku(sku: string): SkuAllocation;
  /**
   * The SKU's consuming lines in processing order (docs/domain/allocation.md#processing-order), for
   * `shortage` and the reports.
   */
  queue(sku: string): readonly LineRecord[];
  /** What every line of the SKU shows of it (on-hand, AllQty, brand, name), kept up to date. */
  facts(sku: string): SkuFacts;
  readonly stock: ReadonlyMap<string, number>;
  readonly products: ReadonlyMap<string, ProductInfo>;
  readonly shops: ReadonlyMap<number, ShopInfo>;
  readonly holidays: readonly string[];
  readonly calendar: BusinessCalendar;
}

const stockValue = (v: number | undefined | null): number =>
  v !== undefined && v !== null && Number.isFinite(v) ? v : 0;

function safeCalendar(holidays: readonly string[]): BusinessCalendar {
  try {
    return new BusinessCalendar(holidays);
  } catch {
    return new BusinessCalendar([]);
  }
}

const compareSku = (a: LineRecord, b: LineRecord) => compareCodePoints(a.sku, b.sku) || a.id - b.id;

export class OpenOrderStore implements OpenOrdersView {
  /** Set by whoever applies changes: the data version the store reflects (0: not built). */
  version = 0;
  readonly orders = new Map<number, OrderRecord>();
  readonly stock = new Map<string, number>();
  readonly products = new Map<string, ProductInfo>();
  readonly shops = new Map<number, ShopInfo>();
  holidays: readonly string[] = [];
  calendar: BusinessCalendar = new BusinessCalendar([]);

  /** Lines by id, built on first use after a change (only the detail view asks). */
  #lineById: Map<number, LineRecord> | null = null;
  /** Per-SKU facts, shared by the SKU's lines, open and closed (see build.ts). */
  #facts = new Map<string, SkuFacts>();
  /** Every line in the store by SKU (consuming or not: stock, AllQty and names are per SKU). */
  readonly #skuLines = new Map<string, Line[]>();
  /** Consuming lines by SKU in processing order, as the last allocation ran them. */
  readonly #queues = new Map<string, Line[]>();
  readonly #skuAlloc = new Map<string, SkuAllocation>();
  /** Open orders in the default table order. */
  #sorted: OrderRecord[] = [];
  /** The lines of an order in table order (SKU, then id) where that differs from id order. */
  #tableOrder = new WeakMap<OrderRecord, readonly LineRecord[]>();
  /** Every open line in table order, made when first asked for after a change. */
  #tableLines: LineRecord[] | null = [];
  readonly #shopNames = new Map<number, string>();
  readonly interner = new Interner();
  readonly #ctx: RecordContext = {
    shopNames: this.#shopNames,
    products: this.products,
    stock: this.stock,
    interner: this.interner,
  };

  get lines(): readonly LineRecord[] {
    if (this.#tableLines === null) {
      const table: LineRecord[] = [];
      for (const o of this.#sorted) for (const l of this.tableLinesOf(o)) table.push(l);
      this.#tableLines = table;
    }
    return this.#tableLines;
  }

  /** Open orders in the default table order (docs/domain/allocation.md#orders-table). */
  get ordersInTableOrder(): readonly OrderRecord[] {
    return this.#sorted;
  }

  /** The lines of an order in table order (SKU, then id). */
  tableLinesOf(o: OrderRecord): readonly LineRecord[] {
    return o.lines.length > 1 ? (this.#tableOrder.get(o) ?? o.lines) : o.lines;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(id: number): LineRecord | undefined {
    if (this.#lineById === null) {
      this.#lineById = new Map();
      for (const o of this.#sorted) for (const l of o.lines) this.#lineById.set(l.id, l);
    }
    return this.#lineById.get(id);
  }

  sku(sku: string): SkuAllocation {
    const known = this.#skuAlloc.get(sku);
    if (known) return known;
    const h = stockValue(this.stock.get(sku));
    return { sku, onHand: h, allQty: 0, allocated: 0, remaining: h };
  }

  queue(sku: string): readonly LineRecord[] {
    return this.#queues.get(sku) ?? [];
  }

  /**
   * The facts of a SKU, one object shared by its lines (open ones here, closed ones the views read
   * beside): kept up to date as stock, products and lines change.
   */
  facts(sku: string): SkuFacts {
    // A SKU met before is one look-up; a new one is interned once, as the facts' key and text.
    let f = this.#facts.get(sku);
    if (f === undefined) {
      const key = this.interner.of(sku);
      const product = this.products.get(key);
      f = {
        sku: key,
        brand: product?.brand ?? null,
        name: product?.name ?? null,
        onHand: stockValue(this.stock.get(key)),
        allQty: 0,
      };
      this.#facts.set(key, f);
    }
    return f;
  }

  /** Every SKU that has lines in the store. */
  skus(): IterableIterator<string> {
    return this.#skuLines.keys();
  }

  /** Empties the store (a full rebuild follows). */
  clear(): void {
    this.version = 0;
    this.orders.clear();
    this.#lineById = null;
    this.#skuLines.clear();
    this.#queues.clear();
    this.#skuAlloc.clear();
    // New objects, not emptied ones: records read before keep what they showed.
    this.#facts = new Map();
    this.stock.clear();
    this.products.clear();
    this.shops.clear();
    this.#shopNames.clear();
    this.#sorted = [];
    this.#tableLines = [];
    this.#tableOrder = new WeakMap();
    this.interner.clear();
  }

  /** What the change in progress has touched (begin .. finish). */
  #pending: Pending | null = null;

  /**
   * Applies a change in steps (yielding between slices of work): `begin`, `add` for the rows (in
   * one piece or in chunks as they are read), `finish`. Orders named in the change are dropped
   * and re-added from the rows; SKUs of their old and new lines, and SKUs whose stock or product
   * changed, are allocated again; orders whose lines' allocation moved are re-derived.
   */
  *apply(change: StoreChange): Generator<void, ApplyOutcome> {
    yield* this.begin(change);
    yield* this.add(change.rows);
    return yield* this.finish();
  }

  /** Starts a change: shops, holidays, stock and products as given, the named orders dropped. */
  *begin(change: Omit<StoreChange, 'rows'>): Generator<void> {
    const pending: Pending = {
      touched: new Set(),
      dirty: new Set(),
      removed: new Set(),
      added: [],
      resort: false,
      leaving: new Map(),
      fresh: new Map(),
      fromEmpty: false,
    };
    this.#pending = pending;
    const { touched, dirty, leaving } = pending;

    if (change.shops) pending.resort = this.#setShops(change.shops);
    if (change.holidays && !sameList(change.holidays, this.holidays)) {
      this.holidays = [...change.holidays];
      this.calendar = safeCalendar(this.holidays);
      for (const o of this.orders.values()) dirty.add(o);
    }
    for (const [sku, qty] of change.stock ?? []) {
      const key = this.interner.of(sku);
      if (qty === null) this.stock.delete(key);
      else this.stock.set(key, qty);
      touched.add(key);
    }
    for (const [sku, product] of change.products ?? []) {
      const key = this.interner.of(sku);
      if (product === null) this.products.delete(key);
      else this.products.set(key, { brand: this.interner.of(product.brand), name: this.interner.of(product.name) });
      touched.add(key);
    }

    // Drop the changed orders (their SKUs are allocated again at the end).
    const ids = [...change.orderIds];
    for (let from = 0; from < ids.length; from += SLICE) {
      this.#drop(ids, from, Math.min(ids.length, from + SLICE), pending);
      yield;
    }
    for (const [sku, gone] of leaving) {
      const list = this.#skuLines.get(sku);
      if (!list) continue;
      const kept = list.filter((l) => !gone.has(l));
      if (kept.length > 0) this.#skuLines.set(sku, kept);
      else this.#skuLines.delete(sku);
    }
    // Every line from here on is new (a full build): the lines of a SKU are its arrivals.
    pending.fromEmpty = this.#skuLines.size === 0;
  }

  #drop(ids: readonly number[], start: number, end: number, pending: Pending): void {
    const { touched, dirty, removed, leaving } = pending;
    for (let i = start; i < end; i++) {
      const o = this.orders.get(ids[i]);
      if (!o) continue;
      this.orders.delete(ids[i]);
      removed.add(o);
      dirty.delete(o);
      for (const l of o.lines as Line[]) {
        let set = leaving.get(l.sku);
        if (!set) leaving.set(l.sku, (set = new Set()));
        set.add(l);
        touched.add(l.sku);
      }
    }
  }

  /** Adds the open orders among `rows` (every order's lines, markers and the rest in the same piece). */
  *add(rows: OrderRows): Generator<void> {
    const pending = this.#pending;
    if (!pending) throw new Error('OpenOrderStore.add outside a change');
    yield* this.#addRows(rows, pending);
  }

  /** Ends the change: the touched SKUs allocated again, the moved orders re-derived, the table order. */
  *finish(): Generator<void, ApplyOutcome> {
    const pending = this.#pending;
    if (!pending) throw new Error('OpenOrderStore.finish outside a change');
    const { touched, dirty, removed, added, resort } = pending;
    let work = 0;
    for (const sku of touched) {
      work += this.#allocate(sku, pending);
      if (work >= SLICE) {
        work = 0;
        yield;
      }
    }
    // New orders are derived as added; `dirty` holds the orders that were there before.
    const derive = added.length === 0 ? [...dirty] : dirty.size === 0 ? added : [...added, ...dirty];
    for (let from = 0; from < derive.length; from += SLICE / 4) {
      deriveRange(derive, from, Math.min(derive.length, from + SLICE / 4), this.calendar);
      yield;
    }
    yield* this.#reorder(removed, added, resort);
    this.#lineById = null;
    this.#pending = null;
    return { skus: touched.size, derived: derive.length };
  }

  #setShops(shops: readonly ShopInfo[]): boolean {
    const renamed = new Set<number>();
    const seen = new Set<number>();
    for (const s of shops) {
      seen.add(s.id);
      const name = this.interner.of(s.name);
      const before = this.#shopNames.get(s.id);
      if (before !== undefined && before !== name) renamed.add(s.id);
      this.shops.set(s.id, { id: s.id, name, platform: s.platform });
      this.#shopNames.set(s.id, name);
    }
    for (const id of [...this.shops.keys()]) {
      if (!seen.has(id)) {
        this.shops.delete(id);
        this.#shopNames.delete(id);
      }
    }
    if (renamed.size === 0) return false;
    for (const o of this.orders.values()) {
      if (!renamed.has(o.shopId)) continue;
      o.shopName = this.#shopNames.get(o.shopId) ?? '';
    }
    return true;
  }

  *#addRows(rows: OrderRows, pending: Pending): Generator<void> {
    const markersOf = groupBy(rows.markers, (m) => m.orderId);
    const printsOf = groupBy(rows.prints, (p) => p.orderId);
    // Rows as the model's reads give them (orders by id, lines by order id) are walked with a
    // cursor: grouping every line into a map of arrays first was a second copy of each piece for
    // the collector (docs/domain/read-model.md#what-a-change-re-allocates). Other rows are grouped.
    const linesOf = inOrderIdOrder(rows.orders, rows.lines) ? null : groupBy(rows.lines, (l) => l.orderId);
    const salesOf = new Map<string, RawSales>();
    for (const s of rows.sales) salesOf.set(s.orderNo, s);
    const part: Part = { markersOf, printsOf, linesOf, salesOf, lines: rows.lines, cursor: 0 };
    for (let from = 0; from < rows.orders.length; ) {
      from = this.#addOrders(rows.orders, from, part, pending);
      yield;
    }
  }

  /** Adds orders from `from` on until a slice of work is done; returns where it stopped. */
  #addOrders(orders: readonly RawOrder[], from: number, part: Part, pending: Pending): number {
    const { touched, added, fresh, fromEmpty } = pending;
    let work = 0;
    let i = from;
    for (; i < orders.length && work < SLICE; i++) {
      const r = orders[i];
      // The order's lines: a range of part.lines (walked in order), or its group.
      let raw: readonly RawLine[];
      let start = 0;
      let end: number;
      if (part.linesOf === null) {
        raw = part.lines;
        start = part.cursor;
        while (start < raw.length && raw[start].orderId < r.id) start++;
        end = start;
        while (end < raw.length && raw[end].orderId === r.id) end++;
        part.cursor = end;
      } else {
        const group = part.linesOf.get(r.id) ?? [];
        if (group.length > 1) group.sort((a, b) => a.id - b.id);
        raw = group;
        end = group.length;
      }
      // An order read twice (it cannot be: ids are unique) would otherwise leave a stray record.
      if (this.orders.has(r.id)) continue;
      const o = makeOrderRecord(
        r,
        {
          markers: part.markersOf.get(r.id),
          sales: part.salesOf.get(r.orderNo) ?? null,
          prints: part.printsOf.get(r.id),
        },
        this.#ctx,
      );
      this.orders.set(r.id, o);
      added.push(o);
      // The records in the order the lines came (the model's reads give an order's lines by SKU:
      // the unique index's order, no sort asked of SQLite), then in id order and table order.
      const count = end - start;
      const made = new Array<Line>(count);
      let idOrder = true;
      for (let k = 0; k < count; k++) {
        const l = raw[start + k];
        const line = makeLineRecord(l, o, this.facts(l.sku), null, this.#ctx);
        made[k] = line;
        if (k > 0 && made[k - 1].id > line.id) idOrder = false;
        const list = this.#skuLines.get(line.sku);
        if (list) list.push(line);
        else this.#skuLines.set(line.sku, [line]);
        if (!fromEmpty) {
          const mine = fresh.get(line.sku);
          if (mine) mine.push(line);
          else fresh.set(line.sku, [line]);
        }
        touched.add(line.sku);
      }
      const byId = idOrder ? made : insertionSorted(made, compareId);
      // Sized exactly (a pushed-to array keeps room for 17 lines; most orders have one or two).
      o.lines = count === 1 ? [byId[0]] : count === 2 ? [byId[0], byId[1]] : byId;
      if (count > 1) {
        const bySku = inSkuOrder(made);
        if (!sameItems(bySku, byId)) this.#tableOrder.set(o, bySku);
      }
      work += 1 + count;
    }
    return i;
  }

  /**
   * Runs one SKU's queue again (docs/domain/allocation.md#processing-order and #consumption) and
   * refreshes the SKU's facts every line of it shows (on-hand, AllQty, brand, product name).
   * Returns the work done, in lines.
   */
  #allocate(sku: string, pending: Pending): number {
    const members = this.#skuLines.get(sku);
    const onHand = stockValue(this.stock.get(sku));
    const product = this.products.get(sku);
    const facts = this.facts(sku);
    facts.brand = product?.brand ?? null;
    facts.name = product?.name ?? null;
    facts.onHand = onHand;
    if (!members || members.length === 0) {
      facts.allQty = 0;
      this.#skuLines.delete(sku);
      this.#queues.delete(sku);
      this.#skuAlloc.delete(sku);
      return 1;
    }
    // The queue as it was, less the lines that left, plus the new ones in place. A line's place
    // cannot change without its order changing, and a changed order comes back as new lines, so
    // the kept lines keep their order and only the new ones are sorted.
    const gone = pending.leaving.get(sku);
    const before = this.#queues.get(sku) ?? [];
    const kept = gone ? before.filter((l) => !gone.has(l)) : before;
    const arriving = ((pending.fromEmpty ? members : pending.fresh.get(sku)) ?? []).filter((l) => l.consuming);
    const queue =
      arriving.length === 0 ? kept : kept.length === 0 ? sortQueue(arriving) : mergeQueues(kept, sortQueue(arriving));

    let r = onHand;
    let allQty = 0;
    const dirty = pending.dirty;
    for (let k = 0; k < queue.length; k++) {
      const l = queue[k];
      allQty += l.qty;
      const code = consumeCode(r, l.qty);
      const computed = computedStatusOfCode(code);
      // Order facts (piles, sets) follow the statuses only; the stock before a line does not move them.
      if (l.computedStatus !== computed) {
        l.computedStatus = computed;
        // A new order is derived anyway (it is in `added`).
        if (isDerived(l.order)) dirty.add(l.order);
      }
      l.stockBefore = r;
      if (consumesCode(code)) r -= l.qty;
    }
    facts.allQty = allQty;
    this.#queues.set(sku, queue);
    this.#skuAlloc.set(sku, { sku, onHand, allQty, allocated: onHand - r, remaining: r });
    return queue.length + arriving.length * 8;
  }

  // V8 does not optimise a loop inside a generator while it runs (no on-stack replacement there),
  // so the generators here only count slices; the loops live in plain functions.
  *#reorder(removed: Set<OrderRecord>, added: OrderRecord[], resort: boolean): Generator<void> {
    if (removed.size === 0 && added.length === 0 && !resort) return;
    this.#tableLines = null;
    if (resort) {
      const all = this.#sorted.filter((o) => !removed.has(o));
      for (const o of added) all.push(o);
      this.#sorted = yield* sortInSlices(all, compareOrders);
      return;
    }
    // An order re-read with the same table key (an accept, a marker, a print: the usual write)
    // takes its old record's place; only the rest move. Merging from the end compares every
    // order after the first arrival, which at 200,000 lines was most of a 500-line accept's reorder.
    const moving = replaceInPlace(this.#sorted, removed, added);
    // In place: the dropped orders found by binary search, the new ones merged in from the end.
    // Moving references costs little; hashing every order, or a new array per change, does not.
    if (moving.removed.size > 0) removeSorted(this.#sorted, moving.removed, compareOrders);
    if (moving.added.length > 0)
      insertSortedInPlace(this.#sorted, yield* sortInSlices(moving.added, compareOrders), compareOrders);
  }
}

/** A piece of rows being added: markers, prints and sales by order, lines grouped or in order. */
interface Part {
  markersOf: Map<number, RawMarker[]>;
  printsOf: Map<number, RawPrint[]>;
  /** Lines by order, or null when `lines` is in order id order and walked by `cursor`. */
  linesOf: Map<number, RawLine[]> | null;
  salesOf: Map<string, RawSales>;
  lines: readonly RawLine[];
  cursor: number;
}

/** Whether the orders are in strictly rising id order and the lines in rising order id order. */
function inOrderIdOrder(orders: readonly RawOrder[], lines: readonly RawLine[]): boolean {
  for (let i = 1; i < orders.length; i++) if (orders[i - 1].id >= orders[i].id) return false;
  for (let i = 1; i < lines.length; i++) if (lines[i - 1].orderId > lines[i].orderId) return false;
  return true;
}

interface Pending {
  touched: Set<string>;
  dirty: Set<OrderRecord>;
  removed: Set<OrderRecord>;
  added: OrderRecord[];
  resort: boolean;
  /** Lines of dropped orders, by SKU. */
  leaving: Map<string, Set<Line>>;
  /** Lines added by this change, by SKU (not kept when `fromEmpty`: they are all of them). */
  fresh: Map<string, Line[]>;
  /** The change began on an empty store (a full build). */
  fromEmpty: boolean;
}

/**
 * The processing order of two lines of one SKU (docs/domain/allocation.md#processing-order; the
 * comparison is compute.ts's).
 */
function compareLines(a: Line, b: Line): number {
  const oa = a.order;
  const ob = b.order;
  return compareQueued(
    queueRank(a.accepted || oa.flags.issued, oa.platform),
    queueTime(oa.orderTime),
    oa.orderNo,
    a.id,
    queueRank(b.accepted || ob.flags.issued, ob.platform),
    queueTime(ob.orderTime),
    ob.orderNo,
    b.id,
  );
}

const compareId = (a: LineRecord, b: LineRecord) => a.id - b.id;

/**
 * An order's lines in table order (SKU, then id): `lines` itself when they already are, else a
 * sorted copy. Most orders have a few lines: checked in place and sorted by insertion, no copy
 * and no sort of the runtime for the orders already in order (a build asks for every order's).
 */
function inSkuOrder(lines: readonly Line[]): readonly Line[] {
  let k = 1;
  while (k < lines.length && compareSku(lines[k - 1], lines[k]) < 0) k++;
  return k === lines.length ? lines : insertionSorted(lines, compareSku);
}

/** A sorted copy of a few items (`compare` total: no two items equal). */
function insertionSorted(items: readonly Line[], compare: (a: Line, b: Line) => number): Line[] {
  const out = items.slice();
  for (let k = 1; k < out.length; k++) {
    const l = out[k];
    let j = k - 1;
    while (j >= 0 && compare(out[j], l) > 0) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = l;
  }
  return out;
}

function sameItems(a: readonly Line[], b: readonly Line[]): boolean {
  if (a === b) return true;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return a.length === b.length;
}

/** Lines of one SKU in processing order, sorted through an index over plain arrays of their keys. */
function sortQueue(lines: readonly Line[]): Line[] {
  const m = lines.length;
  if (m < 2) return lines.slice();
  const rank = new Array<number>(m);
  const time = new Array<number>(m);
  const orderNo = new Array<string>(m);
  const id = new Array<number>(m);
  const at = new Array<number>(m);
  for (let k = 0; k < m; k++) {
    const l = lines[k];
    const o = l.order;
    rank[k] = queueRank(l.accepted || o.flags.issued, o.platform);
    time[k] = queueTime(o.orderTime);
    orderNo[k] = o.orderNo;
    id[k] = l.id;
    at[k] = k;
  }
  at.sort((i, j) => compareQueued(rank[i], time[i], orderNo[i], id[i], rank[j], time[j], orderNo[j], id[j]));
  return at.map((k) => lines[k]);
}

/** Two queues in processing order merged, the arrivals put in place by binary search. */
const mergeQueues = (kept: readonly Line[], arriving: readonly Line[]): Line[] =>
  insertSorted(kept, arriving, compareLines);

function deriveRange(orders: readonly OrderRecord[], start: number, end: number, calendar: BusinessCalendar): void {
  for (let i = start; i < end; i++) deriveOrder(orders[i], calendar);
}

/**
 * Puts each added order whose id was removed and whose table key is unchanged (compareOrders
 * gives 0: same order number, platform, shop and id) in its old record's place, found by binary
 * search. Returns the removed and added orders still to move.
 */
function replaceInPlace(
  sorted: OrderRecord[],
  removed: ReadonlySet<OrderRecord>,
  added: OrderRecord[],
): { removed: ReadonlySet<OrderRecord>; added: OrderRecord[] } {
  if (removed.size === 0 || added.length === 0) return { removed, added };
  const removedById = new Map<number, OrderRecord>();
  for (const o of removed) removedById.set(o.id, o);
  const stillRemoved = new Set(removed);
  const stillAdded: OrderRecord[] = [];
  for (const o of added) {
    const old = removedById.get(o.id);
    const at = old !== undefined && compareOrders(old, o) === 0 ? indexOfSorted(sorted, old, compareOrders) : -1;
    if (at < 0) {
      stillAdded.push(o);
      continue;
    }
    sorted[at] = o;
    stillRemoved.delete(old!);
  }
  return { removed: stillRemoved, added: stillAdded };
}

/** Where `item` is in `sorted` (binary search, then along equal keys), or -1. */
function indexOfSorted<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(sorted[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  while (lo < sorted.length && sorted[lo] !== item && compare(sorted[lo], item) === 0) lo++;
  return sorted[lo] === item ? lo : -1;
}

/** Removes `removed` (all present) from `sorted` in place, finding each by binary search. */
function removeSorted<T>(sorted: T[], removed: ReadonlySet<T>, compare: (a: T, b: T) => number): void {
  const at: number[] = [];
  for (const item of removed) {
    // Equal keys are the same record (the id decides); indexOfSorted looks along equals to be safe.
    const i = indexOfSorted(sorted, item, compare);
    if (i >= 0) at.push(i);
  }
  at.sort((a, b) => a - b);
  compactWithout(sorted, at);
}

function compactWithout<T>(items: T[], at: readonly number[]): void {
  let write = at.length > 0 ? at[0] : items.length;
  let next = 0;
  for (let read = write; read < items.length; read++) {
    if (next < at.length && read === at[next]) {
      next++;
      continue;
    }
    items[write++] = items[read];
  }
  items.length = write;
}

/**
 * Merges the sorted `items` into `sorted` in place, from the end (ties: existing first). A few
 * items (a burst's 20-line import into 30,000 orders) find their places by binary search and the
 * orders after them move without a comparison: merging compared every order after the first
 * place, 9 % of the main thread's work in a 200-request burst at 50,000 lines
 * (docs/domain/read-model.md#the-event-loop). Many items merge as before (fewer comparisons then).
 */
export function insertSortedInPlace<T>(sorted: T[], items: readonly T[], compare: (a: T, b: T) => number): void {
  let i = sorted.length - 1;
  let j = items.length - 1;
  let k = sorted.length + items.length - 1;
  sorted.length = k + 1;
  if (items.length * Math.log2(sorted.length + 2) < sorted.length) {
    while (j >= 0) {
      const item = items[j--];
      // The first of sorted[0..i] that sorts after `item`: it and the rest move up.
      let lo = 0;
      let hi = i + 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compare(sorted[mid], item) > 0) hi = mid;
        else lo = mid + 1;
      }
      while (i >= lo) sorted[k--] = sorted[i--];
      sorted[k--] = item;
    }
    return;
  }
  while (j >= 0) {
    if (i >= 0 && compare(sorted[i], items[j]) > 0) sorted[k--] = sorted[i--];
    else sorted[k--] = items[j--];
  }
}

/** `sorted` with the (sorted) `items` put in their places by binary search: O(k log n) comparisons. */
function insertSorted<T>(sorted: readonly T[], items: readonly T[], compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  let from = 0;
  for (const item of items) {
    let lo = from;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(sorted[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = from; i < lo; i++) out.push(sorted[i]);
    out.push(item);
    from = lo;
  }
  for (let i = from; i < sorted.length; i++) out.push(sorted[i]);
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function groupBy<T>(items: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

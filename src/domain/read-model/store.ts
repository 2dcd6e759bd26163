// The open orders of the read model (docs/domain/read-model.md): every order whose closed_at is
// null, as OrderRecord / LineRecord with the ONE global allocation, kept up to date by changes
// instead of being rebuilt. A change names the orders and SKUs that moved; the store drops those
// orders, adds them back as re-read (if still open), and re-allocates only the SKUs they touch,
// because allocation is independent per SKU (spec 1.3: the queue of a SKU orders its own lines,
// and stock is per SKU). The rule itself lives in src/domain/allocation/compute.ts; this file only
// decides which SKU queues to run again.
//
// Pure and synchronous; long work is a generator of steps (slices.ts) that the service drives.
import { compareQueued, computedStatusOfCode, consumeCode, consumesCode, queueRank, queueTime } from '../allocation/compute';
import { compareCodePoints } from '../allocation/code-point';
import type { Platform, SkuAllocation } from '../allocation/types';
import { BusinessCalendar } from '../sla';
import { deriveOrder, makeLineRecord, makeOrderRecord, type Line, type ProductInfo, type RawMarker, type RawPrint, type RawSales, type RecordContext, type SkuFacts } from '../orders-view/build';
import { compareOrders } from '../orders-view/select';
import type { LineRecord, OrderRecord, RawLine, RawOrder } from '../orders-view/types';
import { Interner } from './intern';
import { mergeSortedInSlices, sortInSlices, SLICE } from './slices';

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
 * applies the next change between a caller's awaits (docs/domain/read-model.md#reading).
 */
export interface OpenOrdersView {
  /** The data version this state reflects. */
  readonly version: number;
  /** Open orders by id. */
  readonly orders: ReadonlyMap<number, OrderRecord>;
  /** Open lines in the default table order (3.6). */
  readonly lines: readonly LineRecord[];
  line(id: number): LineRecord | undefined;
  /** Allocation of a SKU (any SKU: one without lines has allQty 0 and remaining = on-hand). */
  sku(sku: string): SkuAllocation;
  /** The SKU's consuming lines in processing order (spec 1.3), for `shortage` and the reports. */
  queue(sku: string): readonly LineRecord[];
  /** What every line of the SKU shows of it (on-hand, AllQty, brand, name), kept up to date. */
  facts(sku: string): SkuFacts;
  readonly stock: ReadonlyMap<string, number>;
  readonly products: ReadonlyMap<string, ProductInfo>;
  readonly shops: ReadonlyMap<number, ShopInfo>;
  readonly holidays: readonly string[];
  readonly calendar: BusinessCalendar;
}


const stockValue = (v: number | undefined | null): number => (v !== undefined && v !== null && Number.isFinite(v) ? v : 0);

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

  readonly #lineById = new Map<number, Line>();
  /** Per-SKU facts, shared by the SKU's lines, open and closed (see build.ts). */
  #facts = new Map<string, SkuFacts>();
  /** Every line in the store by SKU (consuming or not: stock, AllQty and names are per SKU). */
  readonly #skuLines = new Map<string, Line[]>();
  /** Consuming lines by SKU in processing order, as the last allocation ran them. */
  readonly #queues = new Map<string, Line[]>();
  readonly #skuAlloc = new Map<string, SkuAllocation>();
  /** Open orders in the default table order. */
  #sorted: OrderRecord[] = [];
  #tableLines: LineRecord[] = [];
  readonly #shopNames = new Map<number, string>();
  readonly interner = new Interner();
  readonly #ctx: RecordContext = { shopNames: this.#shopNames, products: this.products, stock: this.stock, interner: this.interner };

  get lines(): readonly LineRecord[] {
    return this.#tableLines;
  }

  get lineCount(): number {
    return this.#lineById.size;
  }

  line(id: number): LineRecord | undefined {
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
    let f = this.#facts.get(sku);
    if (f === undefined) {
      const product = this.products.get(sku);
      f = { sku, brand: product?.brand ?? null, name: product?.name ?? null, onHand: stockValue(this.stock.get(sku)), allQty: 0 };
      this.#facts.set(sku, f);
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
    this.#lineById.clear();
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
    this.interner.clear();
  }

  /** What the change in progress has touched (begin .. finish). */
  #pending: { touched: Set<string>; dirty: Set<OrderRecord>; removed: Set<OrderRecord>; added: OrderRecord[]; resort: boolean } | null = null;

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
    const pending = { touched: new Set<string>(), dirty: new Set<OrderRecord>(), removed: new Set<OrderRecord>(), added: [] as OrderRecord[], resort: false };
    this.#pending = pending;
    const { touched, dirty, removed } = pending;

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
    const leaving = new Map<string, Set<Line>>();
    let work = 0;
    for (const id of change.orderIds) {
      const o = this.orders.get(id);
      if (!o) continue;
      this.orders.delete(id);
      removed.add(o);
      dirty.delete(o);
      for (const l of o.lines as Line[]) {
        this.#lineById.delete(l.id);
        let set = leaving.get(l.sku);
        if (!set) leaving.set(l.sku, (set = new Set()));
        set.add(l);
        touched.add(l.sku);
      }
      if (++work % SLICE === 0) yield;
    }
    for (const [sku, gone] of leaving) {
      const list = this.#skuLines.get(sku);
      if (!list) continue;
      const kept = list.filter((l) => !gone.has(l));
      if (kept.length > 0) this.#skuLines.set(sku, kept);
      else this.#skuLines.delete(sku);
    }
  }

  /** Adds the open orders among `rows` (every order's lines, markers and the rest in the same piece). */
  *add(rows: OrderRows): Generator<void> {
    const pending = this.#pending;
    if (!pending) throw new Error('OpenOrderStore.add outside a change');
    yield* this.#addRows(rows, pending.touched, pending.dirty, pending.added);
  }

  /** Ends the change: the touched SKUs allocated again, the moved orders re-derived, the table order. */
  *finish(): Generator<void, ApplyOutcome> {
    const pending = this.#pending;
    if (!pending) throw new Error('OpenOrderStore.finish outside a change');
    const { touched, dirty, removed, added, resort } = pending;
    let work = 0;
    for (const sku of touched) {
      work += this.#allocate(sku, dirty);
      if (work >= SLICE) {
        work = 0;
        yield;
      }
    }
    work = 0;
    for (const o of dirty) {
      deriveOrder(o, this.calendar);
      if (++work % (SLICE / 4) === 0) yield;
    }
    yield* this.#reorder(removed, added, resort);
    this.#pending = null;
    return { skus: touched.size, derived: dirty.size };
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

  *#addRows(rows: OrderRows, touched: Set<string>, dirty: Set<OrderRecord>, added: OrderRecord[]): Generator<void> {
    const markersOf = groupBy(rows.markers, (m) => m.orderId);
    const printsOf = groupBy(rows.prints, (p) => p.orderId);
    const linesOf = groupBy(rows.lines, (l) => l.orderId);
    const salesOf = new Map<string, RawSales>();
    for (const s of rows.sales) salesOf.set(s.orderNo, s);
    let work = 0;
    for (const r of rows.orders) {
      // An order read twice (it cannot be: ids are unique) would otherwise leave a stray record.
      if (this.orders.has(r.id)) continue;
      const o = makeOrderRecord(r, { markers: markersOf.get(r.id), sales: salesOf.get(r.orderNo) ?? null, prints: printsOf.get(r.id) }, this.#ctx);
      this.orders.set(r.id, o);
      added.push(o);
      dirty.add(o);
      const raw = linesOf.get(r.id) ?? [];
      if (raw.length > 1) raw.sort((a, b) => a.id - b.id);
      const made = raw.map((l) => {
        const line = makeLineRecord(l, o, this.facts(this.interner.of(l.sku)), null, this.#ctx);
        this.#lineById.set(line.id, line);
        const list = this.#skuLines.get(line.sku);
        if (list) list.push(line);
        else this.#skuLines.set(line.sku, [line]);
        touched.add(line.sku);
        return line;
      });
      // Sized exactly (a pushed-to array keeps room for 17 lines; most orders have one or two).
      o.lines = made.length === 1 ? [made[0]] : made.length === 2 ? [made[0], made[1]] : made;
      work += 1 + raw.length;
      if (work >= SLICE) {
        work = 0;
        yield;
      }
    }
  }

  /**
   * Runs one SKU's queue again (spec 1.3, 1.4) and refreshes the SKU's facts every line of it
   * shows (on-hand, AllQty, brand, product name). Returns the work done, in lines.
   */
  #allocate(sku: string, dirty: Set<OrderRecord>): number {
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
    const n = members.length;
    const queue: Line[] = [];
    const rank: number[] = [];
    const time: number[] = [];
    let allQty = 0;
    for (let i = 0; i < n; i++) {
      const l = members[i];
      if (!l.consuming) continue;
      queue.push(l);
      allQty += l.qty;
    }
    const m = queue.length;
    const index = new Map<Line, number>();
    for (let k = 0; k < m; k++) {
      const l = queue[k];
      index.set(l, k);
      rank.push(queueRank(l.accepted || l.order.flags.issued, l.order.platform));
      time.push(queueTime(l.order.orderTime));
    }
    queue.sort((a, b) => {
      const i = index.get(a)!;
      const j = index.get(b)!;
      return compareQueued(rank[i], time[i], a.order.orderNo, a.id, rank[j], time[j], b.order.orderNo, b.id);
    });

    let r = onHand;
    for (let k = 0; k < m; k++) {
      const l = queue[k];
      const code = consumeCode(r, l.qty);
      const computed = computedStatusOfCode(code);
      if (l.computedStatus !== computed || l.stockBefore !== r) {
        l.computedStatus = computed;
        l.stockBefore = r;
        dirty.add(l.order);
      }
      if (consumesCode(code)) r -= l.qty;
    }
    facts.allQty = allQty;
    this.#queues.set(sku, queue);
    this.#skuAlloc.set(sku, { sku, onHand, allQty, allocated: onHand - r, remaining: r });
    return n;
  }

  *#reorder(removed: Set<OrderRecord>, added: OrderRecord[], resort: boolean): Generator<void> {
    if (removed.size === 0 && added.length === 0 && !resort) return;
    let kept = this.#sorted;
    if (removed.size > 0) {
      kept = [];
      for (let i = 0; i < this.#sorted.length; i++) {
        const o = this.#sorted[i];
        if (!removed.has(o)) kept.push(o);
        if (i % SLICE === SLICE - 1) yield;
      }
    }
    if (resort) {
      kept = yield* sortInSlices([...kept, ...added], compareOrders);
    } else if (added.length > 0) {
      const fresh = yield* sortInSlices(added, compareOrders);
      kept = yield* mergeSortedInSlices(kept, fresh, compareOrders);
    }
    this.#sorted = kept;
    const table: LineRecord[] = [];
    for (let i = 0; i < kept.length; i++) {
      const ls = kept[i].lines;
      if (ls.length === 1) table.push(ls[0]);
      else for (const l of ls.slice().sort(compareSku)) table.push(l);
      if (i % SLICE === SLICE - 1) yield;
    }
    this.#tableLines = table;
  }
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

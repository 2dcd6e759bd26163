// From rows as the database gives them to OrderRecords: markers, sales record and print counters
// attached, one allocation run over the lines, and every order-level fact that does not depend on
// the clock (sets, pile, warehouse group, due day, sales text) derived once. The read model
// (src/domain/read-model/) builds and re-derives its records with the same functions.
import {
  computeAllocation,
  salesText,
  type AllocationResult,
  type AllocLineColumns,
  type ComputedStatus,
  type DisplayStatus,
  type LineAllocation,
  type OrderFlags,
  type Platform,
} from '../allocation';
import { LineClass, markerClass } from '../allocation/classify';
import { displayStatusOf, isShortStatus } from '../allocation/compute';
import { ORDER_SET_CODES, orderSets, type OrderSets } from '../piles';
import { computeDueDay, hasSla, type BusinessCalendar } from '../sla';
import { NO_ORDER_PRINTS, NOT_PRINTED, ORDER_PRINT_KINDS, type OrderPrintKind, type OrderPrints, type PrintCounter } from '../reports/types';
import { Interner } from '../read-model/intern';
import type { LineRecord, MarkerInfo, OrderRecord, RawLine, RawOrder, SalesInfo } from './types';

export type { RawLine, RawOrder };

export interface RawMarker extends MarkerInfo {
  orderId: number;
  kind: string;
}

export interface RawSales extends SalesInfo {
  orderNo: string;
}

/** One row of order_print_counters. */
export interface RawPrint extends PrintCounter {
  orderId: number;
  kind: string;
}

export interface ProductInfo {
  brand: string | null;
  name: string | null;
}

export interface BuildInput {
  orders: readonly RawOrder[];
  lines: readonly RawLine[];
  markers: readonly RawMarker[];
  sales: readonly RawSales[];
  prints?: readonly RawPrint[];
  shopNames: ReadonlyMap<number, string>;
  products: ReadonlyMap<string, ProductInfo>;
  stock: ReadonlyMap<string, number>;
  calendar: BusinessCalendar;
  /**
   * The per-SKU facts when these lines are not the whole open pool (closed orders show the open
   * pool's AllQty): the read model's own, shared. By default the allocation of these lines gives it.
   */
  factsOf?: (sku: string) => SkuFacts;
  /** Shared copies of repeated texts (the read model keeps one across builds). */
  interner?: Interner;
}

export interface BuiltRecords {
  orders: Map<number, OrderRecord>;
  /** Lines in input order (callers sort as they need). */
  lines: LineRecord[];
  allocation: AllocationResult;
}

// The 32 possible flag combinations, shared by every record (an object per order adds up).
const FLAG_TABLE: readonly OrderFlags[] = Array.from({ length: 32 }, (_, b) =>
  Object.freeze({ cancelled: (b & 1) !== 0, trashed: (b & 2) !== 0, packed: (b & 4) !== 0, billEmpty: (b & 8) !== 0, issued: (b & 16) !== 0 }),
);

export const flagsOf = (o: Pick<OrderRecord, 'cancelled' | 'issued' | 'trashed' | 'billEmpty' | 'sales'>): OrderFlags =>
  FLAG_TABLE[
    (o.cancelled !== null ? 1 : 0) |
      (o.trashed !== null ? 2 : 0) |
      // Packed is recorded by the sales import: packed_at is set while the packed predicate holds.
      (o.sales !== null && o.sales.packedAt !== null ? 4 : 0) |
      (o.billEmpty !== null ? 8 : 0) |
      (o.issued !== null ? 16 : 0)
  ];

// Order sets take a few hundred distinct values at most: one shared object per value, found by a
// number made of what the value consists of.
const SETS = new Map<number, OrderSets>();
const GROUPS = [null, 'G1', 'G2', 'G3'];
const CURRENT = [null, 'G1', 'G2', 'G3', 'DELETED', 'CANCELLED'];
function internSets(s: OrderSets): OrderSets {
  const w = s.warehouse;
  let key = (s.pending ? 1 : 0) + 2 * (s.pile ?? 0) + 8 * GROUPS.indexOf(w?.group ?? null) + 32 * CURRENT.indexOf(w?.current ?? null);
  let bit = 256;
  for (const code of ORDER_SET_CODES) {
    if (s.sets[code]) key += bit;
    bit *= 2;
  }
  const known = SETS.get(key);
  if (known) return known;
  Object.freeze(s.sets);
  if (w) Object.freeze(w);
  SETS.set(key, Object.freeze(s));
  return s;
}
// The order sets of an order are a pure function of few inputs: its flags, whether it was scanned,
// its sales status, its issue source and its lines' computed status and acceptance (a line's
// displayed status follows from those and the flags). A build asks for 200,000 orders that share a
// few hundred values; keyed on the inputs as they are (not on what the rules make of them, which
// stays in orderSets alone), each value is computed once. Orders of more lines, and texts past the
// first 255 distinct ones, are computed every time.
const SETS_BY_INPUT = new Map<number, OrderSets>();
const SETS_BY_INPUT_MAX = 100_000;
const INPUT_TEXTS = new Map<string, number>();
const STATUS_CODE: Readonly<Record<ComputedStatus, number>> = { READY_ACCEPT: 1, LOW_STOCK: 2, NOT_ENOUGH: 3, SHORTAGE: 4 };
const MEMO_LINES = 4;

/** 0 for null, else a small number per distinct text (-1 once 255 are taken). */
function inputText(text: string | null): number {
  if (text === null) return 0;
  let id = INPUT_TEXTS.get(text);
  if (id === undefined) {
    if (INPUT_TEXTS.size >= 255) return -1;
    id = INPUT_TEXTS.size + 1;
    INPUT_TEXTS.set(text, id);
  }
  return id;
}

/** A number naming the inputs of orderSets for `o`, or -1 when it is not to be memoised. */
function setsInputKey(o: OrderRecord): number {
  const lines = o.lines;
  if (lines.length > MEMO_LINES) return -1;
  const f = o.flags;
  const sales = o.sales === null ? 0 : inputText(o.sales.status) + 1;
  const source = inputText(o.issued?.source ?? null);
  if (sales <= 0 && o.sales !== null) return -1;
  if (source < 0) return -1;
  let key = (f.cancelled ? 1 : 0) | (f.trashed ? 2 : 0) | (f.packed ? 4 : 0) | (f.billEmpty ? 8 : 0) | (f.issued ? 16 : 0) | (o.scannedAt !== null ? 32 : 0);
  key = (key * 257 + sales) * 256 + source;
  key = key * (MEMO_LINES + 1) + lines.length;
  // Indexed loops here and in makeOrderRecord: the first build in a process runs these cold, and
  // unoptimised code makes an iterator and a result object per step of a for-of.
  for (let k = 0; k < lines.length; k++) {
    const a = lines[k].alloc;
    const status = a.computedStatus;
    key = key * 10 + (status === null ? 0 : STATUS_CODE[status]) * 2 + (a.accepted ? 1 : 0);
  }
  return key;
}

// Placeholder until derived; never visible outside a build.
const NO_SETS = null as unknown as OrderSets;
/** Whether deriveOrder has run for the record (a new one has no sets yet). */
export const isDerived = (o: OrderRecord): boolean => o.sets !== NO_SETS;
const NO_FLAGS = FLAG_TABLE[0];

/** What building a record needs besides its rows. */
export interface RecordContext {
  shopNames: ReadonlyMap<number, string>;
  products: ReadonlyMap<string, ProductInfo>;
  stock: ReadonlyMap<string, number>;
  interner: Interner;
}

/** The order's markers, sales record and print counters, as rows. */
export interface OrderExtras {
  markers?: readonly RawMarker[];
  sales?: RawSales | null;
  prints?: readonly RawPrint[];
}

const markerInfo = (m: RawMarker, t: Interner): MarkerInfo => ({ at: m.at, by: t.of(m.by), note: m.note, source: t.of(m.source) });

function printsOf(rows: readonly RawPrint[] | undefined, t: Interner): OrderPrints {
  if (rows === undefined || rows.length === 0) return NO_ORDER_PRINTS;
  const out: Record<OrderPrintKind, PrintCounter> = { ...NO_ORDER_PRINTS };
  let any = false;
  for (const p of rows) {
    if (!(ORDER_PRINT_KINDS as readonly string[]).includes(p.kind)) continue;
    out[p.kind as OrderPrintKind] = p.count === 0 && p.lastAt === null ? NOT_PRINTED : { count: p.count, lastAt: p.lastAt, lastBy: t.of(p.lastBy) };
    any = true;
  }
  return any ? out : NO_ORDER_PRINTS;
}

/**
 * A new order record with its markers, sales record and print counters; `lines` empty and the
 * derived fields unset until `deriveOrder`. One object literal with every field: a stable shape
 * keeps building and reading 200,000 records cheap.
 */
export function makeOrderRecord(r: RawOrder, extras: OrderExtras, ctx: RecordContext): OrderRecord {
  const t = ctx.interner;
  const sales = extras.sales ? { status: t.of(extras.sales.status), poNo: extras.sales.poNo, packedAt: extras.sales.packedAt } : null;
  const rec: OrderRecord = {
    id: r.id,
    orderNo: r.orderNo,
    platform: r.platform,
    shopId: r.shopId,
    shopName: t.of(ctx.shopNames.get(r.shopId) ?? ''),
    orderTime: r.orderTime,
    logisticType: t.of(r.logisticType),
    importDate: t.of(r.importDate),
    importedAt: r.importedAt,
    importId: r.importId,
    dispatchRound: r.dispatchRound,
    lowstockRound: r.lowstockRound,
    nostockRound: r.nostockRound,
    notenoughRound: r.notenoughRound,
    scannedAt: r.scannedAt,
    scannedBy: t.of(r.scannedBy),
    closedAt: r.closedAt,
    cancelled: null,
    issued: null,
    trashed: null,
    billEmpty: null,
    sales,
    flags: NO_FLAGS,
    prints: printsOf(extras.prints, t),
    lines: [],
    sets: NO_SETS,
    pile: null,
    warehouse: null,
    dueDay: null,
    salesText: '',
  };
  const markers = extras.markers;
  for (let k = 0; markers !== undefined && k < markers.length; k++) {
    const m = markers[k];
    if (m.kind === 'cancelled') rec.cancelled = markerInfo(m, t);
    else if (m.kind === 'issued') rec.issued = markerInfo(m, t);
    else if (m.kind === 'trashed') rec.trashed = markerInfo(m, t);
    else if (m.kind === 'bill_empty') rec.billEmpty = markerInfo(m, t);
  }
  rec.flags = flagsOf(rec);
  return rec;
}

/**
 * What every line of one SKU shows of it: on-hand stock, AllQty, brand and product name. One
 * object per SKU, shared by its lines (the read model updates it in place when they change).
 */
export interface SkuFacts {
  readonly sku: string;
  brand: string | null;
  /** Product name from the product master; a line without one shows its own item name. */
  name: string | null;
  onHand: number;
  allQty: number;
}

/**
 * A line record. It is its own allocation (`alloc` is the record): it stores what consumption
 * gave it (computed status, stock before) and derives the rest (displayed status, committed,
 * committed short, listed) from its order's markers by the rules of compute.ts, and takes the
 * per-SKU values from its SKU's facts. Twelve fields instead of two objects of fifteen and ten:
 * at 200,000 lines that is the difference the memory target needs.
 */
class Line implements LineRecord, LineAllocation {
  constructor(
    public id: number,
    public order: OrderRecord,
    public facts: SkuFacts,
    public qty: number,
    public itemName: string | null,
    public accepted: boolean,
    public acceptedAt: number | null,
    public acceptedBy: string | null,
    public pickingCount: number,
    public pickingLastAt: number | null,
    /** Null when the line takes no part in consumption. */
    public computedStatus: ComputedStatus | null,
    public stockBefore: number | null,
  ) {}

  get sku(): string {
    return this.facts.sku;
  }
  get brand(): string | null {
    return this.facts.brand;
  }
  get productName(): string | null {
    return this.facts.name ?? this.itemName;
  }
  get stockQty(): number {
    return this.facts.onHand;
  }
  get allQty(): number {
    return this.facts.allQty;
  }
  get alloc(): LineAllocation {
    return this;
  }
  get orderId(): number {
    return this.order.id;
  }
  get listed(): boolean {
    return !this.order.flags.trashed;
  }
  /**
   * Takes part in consumption: the order is not trashed, cancelled, packed or bill-empty
   * (docs/domain/allocation.md#line-classification).
   */
  get consuming(): boolean {
    const f = this.order.flags;
    return !f.trashed && markerClass(f) === LineClass.Open;
  }
  get committed(): boolean {
    return this.consuming && (this.accepted || this.order.flags.issued);
  }
  get displayStatus(): DisplayStatus | null {
    return displayStatusOf(markerClass(this.order.flags), this.accepted, this.computedStatus);
  }
  get committedShort(): boolean {
    return this.committed && isShortStatus(this.computedStatus);
  }
}

/** A line record of `order` (added to the order's lines by the caller). */
export function makeLineRecord(l: RawLine, order: OrderRecord, facts: SkuFacts, alloc: Pick<LineAllocation, 'computedStatus' | 'stockBefore'> | null, ctx: RecordContext): Line {
  const t = ctx.interner;
  return new Line(
    l.id,
    order,
    facts,
    l.qty,
    t.of(l.itemName),
    l.accepted,
    l.acceptedAt,
    t.of(l.acceptedBy),
    l.pickingCount,
    l.pickingLastAt,
    alloc?.computedStatus ?? null,
    alloc?.stockBefore ?? null,
  );
}

export type { Line };

const byId = (a: LineRecord, b: LineRecord) => a.id - b.id;

/**
 * Every order-level fact of a record that follows from its flags and its lines' allocation
 * (sets, pile, warehouse receive, due day, sales text). Call again whenever a line's allocation
 * or the calendar changes; the lines must be in line-id order.
 */
export function deriveOrder(o: OrderRecord, calendar: BusinessCalendar): void {
  const key = setsInputKey(o);
  let sets = key < 0 ? undefined : SETS_BY_INPUT.get(key);
  if (sets === undefined) {
    sets = internSets(
      orderSets({
        ...o.flags,
        lines: o.lines.map((l) => l.alloc),
        sales: o.sales,
        scanned: o.scannedAt !== null,
        issueSource: o.issued?.source ?? null,
      }),
    );
    if (key >= 0 && SETS_BY_INPUT.size < SETS_BY_INPUT_MAX) SETS_BY_INPUT.set(key, sets);
  }
  o.sets = sets;
  o.pile = o.sets.pile;
  o.warehouse = o.sets.warehouse;
  const displayStatus = o.lines[0]?.alloc.displayStatus ?? null;
  o.dueDay = hasSla({ orderTime: o.orderTime, displayStatus }) ? computeDueDay(o.platform, o.orderTime, calendar) : null;
  o.salesText = salesText(o.sales);
}

/** Whether an order's lines take part in consumption (docs/domain/allocation.md#line-classification). */
const consumes = (f: OrderFlags): boolean => !f.trashed && markerClass(f) === LineClass.Open;

export function buildRecords(input: BuildInput): BuiltRecords {
  const ctx: RecordContext = { shopNames: input.shopNames, products: input.products, stock: input.stock, interner: input.interner ?? new Interner() };
  const salesByNo = new Map<string, RawSales>();
  for (const s of input.sales) salesByNo.set(s.orderNo, s);
  const markersOf = new Map<number, RawMarker[]>();
  for (const m of input.markers) {
    const list = markersOf.get(m.orderId);
    if (list) list.push(m);
    else markersOf.set(m.orderId, [m]);
  }
  const printsByOrder = new Map<number, RawPrint[]>();
  for (const p of input.prints ?? []) {
    const list = printsByOrder.get(p.orderId);
    if (list) list.push(p);
    else printsByOrder.set(p.orderId, [p]);
  }

  const orders = new Map<number, OrderRecord>();
  for (const r of input.orders) {
    orders.set(r.id, makeOrderRecord(r, { markers: markersOf.get(r.id), sales: salesByNo.get(r.orderNo) ?? null, prints: printsByOrder.get(r.id) }, ctx));
  }

  // Lines whose order is missing (cannot happen with the FK) are dropped rather than guessed.
  const raw = input.lines.filter((l) => orders.has(l.orderId));
  const n = raw.length;
  const allocate = (): AllocationResult => {
    const columns: AllocLineColumns = {
      id: Float64Array.from(raw, (l) => l.id),
      orderId: Float64Array.from(raw, (l) => l.orderId),
      orderNo: raw.map((l) => orders.get(l.orderId)!.orderNo),
      platform: raw.map((l) => orders.get(l.orderId)!.platform as Platform),
      sku: raw.map((l) => l.sku),
      qty: Float64Array.from(raw, (l) => l.qty),
      orderTime: raw.map((l) => orders.get(l.orderId)!.orderTime),
      accepted: Uint8Array.from(raw, (l) => (l.accepted ? 1 : 0)),
    };
    return computeAllocation({
      lines: columns,
      orders: (id: number) => orders.get(id)!.flags,
      stock: input.stock,
    });
  };
  // Closed orders (cancelled, trashed, packed) take no part in consumption: when the per-SKU facts
  // come from the caller (the read model's, for closed sets), their lines' allocation is no status
  // and no stock before, exactly what the pass would give them, and the pass is left out (asked
  // for, it is run then).
  const noneConsumes = input.factsOf !== undefined && raw.every((l) => !consumes(orders.get(l.orderId)!.flags));
  let allocation: AllocationResult | null = noneConsumes ? null : allocate();
  const allocationOf = (): AllocationResult => (allocation ??= allocate());

  const facts = new Map<string, SkuFacts>();
  const factsOf = (sku: string): SkuFacts => {
    let f = input.factsOf?.(sku) ?? facts.get(sku);
    if (f === undefined) {
      const product = input.products.get(sku);
      f = { sku: ctx.interner.of(sku), brand: product?.brand ?? null, name: product?.name ?? null, onHand: input.stock.get(sku) ?? 0, allQty: allocationOf().sku(sku).allQty };
      facts.set(sku, f);
    }
    return f;
  };
  const lines: LineRecord[] = new Array<LineRecord>(n);
  for (let i = 0; i < n; i++) {
    const l = raw[i];
    const order = orders.get(l.orderId)!;
    const rec = makeLineRecord(l, order, factsOf(l.sku), allocation === null ? null : allocation.lines[i], ctx);
    lines[i] = rec;
    order.lines.push(rec);
  }

  for (const o of orders.values()) {
    if (o.lines.length > 1) o.lines.sort(byId);
    deriveOrder(o, input.calendar);
  }
  return {
    orders,
    lines,
    get allocation() {
      return allocationOf();
    },
  };
}

// From rows as the database gives them to OrderRecords: markers and sales attached, one
// allocation run over the lines, and every order-level fact that does not depend on the clock
// (sets, pile, warehouse group, due day, sales text) derived once.
import {
  computeAllocation,
  salesText,
  type AllocationResult,
  type AllocLineColumns,
  type OrderFlags,
  type Platform,
} from '../allocation';
import { orderSets, type OrderSets } from '../piles';
import { computeDueDay, hasSla, type BusinessCalendar } from '../sla';
import type { LineRecord, MarkerInfo, OrderRecord, RawLine, RawOrder, SalesInfo } from './types';

export type { RawLine, RawOrder };

export interface RawMarker extends MarkerInfo {
  orderId: number;
  kind: string;
}

export interface RawSales extends SalesInfo {
  orderNo: string;
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
  shopNames: ReadonlyMap<number, string>;
  products: ReadonlyMap<string, ProductInfo>;
  stock: ReadonlyMap<string, number>;
  calendar: BusinessCalendar;
  /**
   * Global AllQty per SKU when these lines are not the whole open pool (closed orders); by
   * default the allocation of these lines gives it.
   */
  allQtyOf?: (sku: string) => number;
}

export interface BuiltRecords {
  orders: Map<number, OrderRecord>;
  /** Lines in input order (callers sort as they need). */
  lines: LineRecord[];
  allocation: AllocationResult;
}

const NO_FLAGS: OrderFlags = { cancelled: false, trashed: false, packed: false, billEmpty: false, issued: false };
// Placeholder until derived below; never visible outside buildRecords.
const NO_SETS = null as unknown as OrderSets;

const flagsOf = (o: Pick<OrderRecord, 'cancelled' | 'issued' | 'trashed' | 'billEmpty' | 'sales'>): OrderFlags => ({
  cancelled: o.cancelled !== null,
  trashed: o.trashed !== null,
  // Packed is recorded by the sales import: packed_at is set while the packed predicate holds.
  packed: o.sales !== null && o.sales.packedAt !== null,
  billEmpty: o.billEmpty !== null,
  issued: o.issued !== null,
});

const byId = (a: LineRecord, b: LineRecord) => a.id - b.id;

export function buildRecords(input: BuildInput): BuiltRecords {
  const salesByNo = new Map<string, SalesInfo>();
  for (const s of input.sales) salesByNo.set(s.orderNo, { status: s.status, poNo: s.poNo, packedAt: s.packedAt });

  const orders = new Map<number, OrderRecord>();
  // One object literal with every field, derived ones included: a stable shape keeps building
  // and reading 50,000 records cheap (spreading and adding fields later is several times slower).
  for (const r of input.orders) {
    const rec: OrderRecord = {
      id: r.id,
      orderNo: r.orderNo,
      platform: r.platform,
      shopId: r.shopId,
      shopName: input.shopNames.get(r.shopId) ?? '',
      orderTime: r.orderTime,
      logisticType: r.logisticType,
      importDate: r.importDate,
      importedAt: r.importedAt,
      importId: r.importId,
      dispatchRound: r.dispatchRound,
      lowstockRound: r.lowstockRound,
      nostockRound: r.nostockRound,
      notenoughRound: r.notenoughRound,
      scannedAt: r.scannedAt,
      scannedBy: r.scannedBy,
      closedAt: r.closedAt,
      cancelled: null,
      issued: null,
      trashed: null,
      billEmpty: null,
      sales: salesByNo.get(r.orderNo) ?? null,
      flags: NO_FLAGS,
      lines: [],
      sets: NO_SETS,
      pile: null,
      warehouse: null,
      dueDay: null,
      salesText: '',
    };
    orders.set(r.id, rec);
  }
  for (const m of input.markers) {
    const o = orders.get(m.orderId);
    if (!o) continue;
    const info: MarkerInfo = { at: m.at, by: m.by, note: m.note, source: m.source };
    if (m.kind === 'cancelled') o.cancelled = info;
    else if (m.kind === 'issued') o.issued = info;
    else if (m.kind === 'trashed') o.trashed = info;
    else if (m.kind === 'bill_empty') o.billEmpty = info;
  }
  for (const o of orders.values()) o.flags = flagsOf(o);

  // Lines whose order is missing (cannot happen with the FK) are dropped rather than guessed.
  const raw = input.lines.filter((l) => orders.has(l.orderId));
  const n = raw.length;
  const columns: AllocLineColumns = {
    id: Float64Array.from(raw, (l) => l.id),
    orderId: Float64Array.from(raw, (l) => l.orderId),
    orderNo: raw.map((l) => orders.get(l.orderId)!.orderNo),
    platform: raw.map((l) => orders.get(l.orderId)!.platform),
    sku: raw.map((l) => l.sku),
    qty: Float64Array.from(raw, (l) => l.qty),
    orderTime: raw.map((l) => orders.get(l.orderId)!.orderTime),
    accepted: Uint8Array.from(raw, (l) => (l.accepted ? 1 : 0)),
  };
  const allocation = computeAllocation({
    lines: columns,
    orders: (id: number) => orders.get(id)!.flags,
    stock: input.stock,
  });

  const lines: LineRecord[] = new Array<LineRecord>(n);
  for (let i = 0; i < n; i++) {
    const l = raw[i];
    const order = orders.get(l.orderId)!;
    const product = input.products.get(l.sku);
    const rec: LineRecord = {
      id: l.id,
      order,
      sku: l.sku,
      qty: l.qty,
      itemName: l.itemName,
      accepted: l.accepted,
      acceptedAt: l.acceptedAt,
      acceptedBy: l.acceptedBy,
      pickingCount: l.pickingCount,
      pickingLastAt: l.pickingLastAt,
      brand: product?.brand ?? null,
      productName: product?.name ?? l.itemName,
      alloc: allocation.lines[i],
      stockQty: input.stock.get(l.sku) ?? 0,
      allQty: input.allQtyOf ? input.allQtyOf(l.sku) : allocation.sku(l.sku).allQty,
    };
    lines[i] = rec;
    order.lines.push(rec);
  }

  for (const o of orders.values()) {
    if (o.lines.length > 1) o.lines.sort(byId);
    const pileLines = o.lines.map((l) => l.alloc);
    o.sets = orderSets({
      ...o.flags,
      lines: pileLines,
      sales: o.sales,
      scanned: o.scannedAt !== null,
      issueSource: o.issued?.source ?? null,
    });
    o.pile = o.sets.pile;
    o.warehouse = o.sets.warehouse;
    const displayStatus = o.lines[0]?.alloc.displayStatus ?? null;
    o.dueDay = hasSla({ orderTime: o.orderTime, displayStatus }) ? computeDueDay(o.platform, o.orderTime, input.calendar) : null;
    o.salesText = salesText(o.sales);
  }
  return { orders, lines, allocation };
}

// The records the dashboard, the orders table, the export and the actions read: one order with
// its markers, sales record and lines, each line carrying its result of the ONE global allocation.
// Kept by the read model (src/domain/read-model/, docs/domain/read-model.md); pure data, no I/O.
import type { LineAllocation, OrderFlags, Platform } from '../allocation';
import type { OrderSets, Pile } from '../piles';
import type { WarehouseReceive } from '../allocation/warehouse-receive';
import type { OrderPrints } from '../reports/types';

export interface MarkerInfo {
  /** Epoch ms the marker was created (cancel / issue / trash / bill-empty time). */
  at: number;
  by: string | null;
  /** Cancel reason. */
  note: string | null;
  /** Issue source (`print:picking`, `import`, `manual`, ...). */
  source: string | null;
}

export interface SalesInfo {
  status: string | null;
  poNo: string | null;
  /** First time the packed predicate held; null when not packed. */
  packedAt: number | null;
}

/** An order row as loaded (the columns the views read). */
export interface RawOrder {
  id: number;
  orderNo: string;
  platform: Platform;
  shopId: number;
  orderTime: number | null;
  logisticType: string | null;
  importDate: string;
  importedAt: number;
  importId: number | null;
  dispatchRound: number | null;
  lowstockRound: number | null;
  nostockRound: number | null;
  notenoughRound: number | null;
  scannedAt: number | null;
  scannedBy: string | null;
  closedAt: number | null;
}

/** An order line row as loaded. */
export interface RawLine {
  id: number;
  orderId: number;
  sku: string;
  qty: number;
  itemName: string | null;
  accepted: boolean;
  acceptedAt: number | null;
  acceptedBy: string | null;
  pickingCount: number;
  pickingLastAt: number | null;
}

export interface OrderRecord extends RawOrder {
  shopName: string;
  cancelled: MarkerInfo | null;
  issued: MarkerInfo | null;
  trashed: MarkerInfo | null;
  billEmpty: MarkerInfo | null;
  sales: SalesInfo | null;
  flags: OrderFlags;
  /** Print counters of the order (order_print_counters; the Picking count is per line). */
  prints: OrderPrints;
  /** Every line of the order, in line-id order. */
  lines: LineRecord[];
  // Derived once per data version (none depends on the clock):
  sets: OrderSets;
  pile: Pile | null;
  warehouse: WarehouseReceive | null;
  /** Due date as a Bangkok epoch day; null without order time or for packed/cancelled/bill-empty. */
  dueDay: number | null;
  salesText: string;
}

export interface LineRecord extends Omit<RawLine, 'orderId'> {
  order: OrderRecord;
  readonly brand: string | null;
  /** Product name (legacy "model") from products, else the name on the order line. */
  readonly productName: string | null;
  /** The line's result of the global allocation (the record itself carries it: see build.ts). */
  readonly alloc: LineAllocation;
  /** On-hand stock of the SKU. */
  readonly stockQty: number;
  /** Σ qty of all open lines of the SKU (global). */
  readonly allQty: number;
}

// Shared vocabulary of allocation, piles and SLA. Kept free of the db schema so the domain stays
// importable on any runtime; the literals match src/db/schema.ts PLATFORMS.

export type { Platform } from '../platform';
import type { Platform } from '../platform';

/** Stock status from the consumption pass (docs/domain/allocation.md#consumption). */
export type ComputedStatus = 'READY_ACCEPT' | 'LOW_STOCK' | 'NOT_ENOUGH' | 'SHORTAGE';

/** Status shown for a line (docs/domain/allocation.md#displayed-status). */
export type DisplayStatus = ComputedStatus | 'ACCEPTED' | 'CANCELLED' | 'PACKED' | 'BILL_EMPTY';

/** Order-level markers, keyed by order id (platform, shop, order number). */
export interface OrderFlags {
  cancelled: boolean;
  trashed: boolean;
  /** Derived from the sales record with `isPackedStatus`. */
  packed: boolean;
  billEmpty: boolean;
  issued: boolean;
}

export interface AllocLine {
  id: number;
  orderId: number;
  /** เลข Order; used only as a tie-break (code-point order). */
  orderNo: string;
  platform: Platform;
  sku: string;
  qty: number;
  /** Epoch ms; null when the order has no order time (sorted last). */
  orderTime: number | null;
  accepted: boolean;
}

/**
 * Column form of the lines, e.g. straight from one query: every column has one entry per line.
 * `orderTime` may use null or NaN for "no order time"; `accepted` may be 0/1.
 */
export interface AllocLineColumns {
  id: ArrayLike<number>;
  orderId: ArrayLike<number>;
  orderNo: ArrayLike<string>;
  platform: ArrayLike<Platform>;
  sku: ArrayLike<string>;
  qty: ArrayLike<number>;
  orderTime: ArrayLike<number | null>;
  accepted: ArrayLike<boolean | number>;
}

/** An order missing from the lookup has no markers (open). */
export type OrderFlagsLookup = ReadonlyMap<number, OrderFlags> | ((orderId: number) => OrderFlags | undefined);

/** On-hand stock per SKU; an absent SKU has 0. */
export type StockLookup = ReadonlyMap<string, number> | ((sku: string) => number | undefined);

export interface AllocationInput {
  lines: readonly AllocLine[] | AllocLineColumns;
  orders: OrderFlagsLookup;
  stock: StockLookup;
}

export interface LineAllocation {
  id: number;
  orderId: number;
  sku: string;
  accepted: boolean;
  /**
   * False for lines of trashed orders (not listed, docs/domain/allocation.md#line-classification
   * row 1).
   */
  listed: boolean;
  /** Open and (accepted or order issued). */
  committed: boolean;
  /** Null when the line takes no part in consumption. */
  computedStatus: ComputedStatus | null;
  /**
   * CANCELLED / PACKED / BILL_EMPTY, else ACCEPTED when accepted, else the computed status.
   * Null only for a trashed line that carries none of those.
   */
  displayStatus: DisplayStatus | null;
  /**
   * A committed line that did not fit: flagged short, took nothing
   * (docs/domain/allocation.md#committed-lines-first; the warehouse sheet shows it as `ของไม่พอ`).
   */
  committedShort: boolean;
  /** Stock remaining for the SKU just before this line was processed; null when not consuming. */
  stockBefore: number | null;
}

export interface SkuAllocation {
  sku: string;
  onHand: number;
  /** Sum of qty over all open lines of the SKU (global). */
  allQty: number;
  /** Sum of qty of the lines that consumed (READY_ACCEPT / LOW_STOCK). */
  allocated: number;
  /** Stock left after allocation (onHand - allocated). */
  remaining: number;
}

export interface AllocationResult {
  /** One entry per input line, in input order. */
  lines: readonly LineAllocation[];
  /** Every SKU that occurs in the input lines. */
  skus: ReadonlyMap<string, SkuAllocation>;
  /** Line by id (index built on first use). */
  byLineId(id: number): LineAllocation | undefined;
  /** Any SKU, including one with no lines (then allQty 0, remaining = on-hand). */
  sku(sku: string): SkuAllocation;
}

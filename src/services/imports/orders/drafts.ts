// The orders import's parsed units: an order drafted from its rows, grouped by (shop, order id).
import type { Platform } from '../../../domain/platform';

export interface LineDraft {
  sku: string;
  qty: number;
  itemName: string | null;
  /** The row that brought the SKU into the order, for the product-master warning. */
  firstRow: number;
}

export interface OrderDraft {
  shopName: string | null;
  shopKey: string | null;
  orderNo: string;
  invalid: boolean;
  firstRow: number;
  lines: Map<string, LineDraft>;
  orderTime: number | null;
  logistics: string | null;
}

export interface ParsedOrders {
  platform: Platform;
  orders: Map<string, OrderDraft>;
  /** Rows rejected on their own: no order id. */
  idlessRejected: number;
}

/** A new order as written: its draft and its id. */
export interface WrittenOrder {
  draft: OrderDraft;
  id: number;
}

export const groupKey = (shopKey: string | null, orderNo: string) => `${shopKey ?? ''}\u0000${orderNo}`;

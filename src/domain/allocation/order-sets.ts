// Order-level sets of the dashboard (docs/domain/allocation.md#piles), judged on ALL lines of an
// order, also under a search (docs/domain/allocation.md#search-and-status-filter).
import { isBlankSalesStatus, SALES_TEXT_NO_INVOICE, type SalesRecord } from './sales';
import type { ComputedStatus, DisplayStatus, OrderFlags } from './types';
import { warehouseReceive, type WarehouseGroup, type WarehouseReceive } from './warehouse-receive';

/** What piles need of a line; a LineAllocation from computeAllocation fits. */
export interface PileLine {
  computedStatus: ComputedStatus | null;
  displayStatus: DisplayStatus | null;
  accepted: boolean;
}

export interface PileOrder extends OrderFlags {
  lines: readonly PileLine[];
}

/** Everything the full set membership needs about one order. */
export interface OrderSetInput extends PileOrder {
  /** The order's SBS record (SBS is keyed by order number); null when not in SBS. */
  sales: SalesRecord | null;
  scanned: boolean;
  /** Source of the issue marker (`print:lowstock`, `manual`, ...); null when not issued. */
  issueSource: string | null;
}

export type Pile = 1 | 2 | 3;

/** รวมงานค้าง: not cancelled, not packed, not trashed (issued and bill-empty orders are pending). */
export function isPending(order: Pick<OrderFlags, 'cancelled' | 'packed' | 'trashed'>): boolean {
  return !order.cancelled && !order.packed && !order.trashed;
}

/**
 * กอง 1 / 2 / 3 (mutually exclusive), or null. Piles 1 and 2 need a pending, not issued order
 * with no accepted line; pile 3 a pending, not issued order with a line displayed SHORTAGE or
 * NOT_ENOUGH. An order with no lines is in no pile.
 */
export function pileOf(order: PileOrder): Pile | null {
  if (!isPending(order) || order.issued || order.lines.length === 0) return null;
  let accepted = false;
  let allReady = true;
  let allReadyOrLow = true;
  let anyLow = false;
  let anyShort = false;
  for (const l of order.lines) {
    if (l.accepted) accepted = true;
    const s = l.displayStatus;
    if (s === 'SHORTAGE' || s === 'NOT_ENOUGH') anyShort = true;
    if (s !== 'READY_ACCEPT') allReady = false;
    if (s === 'LOW_STOCK') anyLow = true;
    else if (s !== 'READY_ACCEPT') allReadyOrLow = false;
  }
  if (anyShort) return 3;
  if (accepted) return null;
  // A bill-empty order's lines are all BILL_EMPTY (docs/domain/allocation.md#line-classification),
  // so the flag decides.
  if (order.billEmpty || allReady) return 1;
  if (allReadyOrLow && anyLow) return 2;
  return null;
}

export const PILE_TITLES: Readonly<Record<Pile, string>> = {
  1: 'กอง 1 (พร้อม/ยังไม่จ่ายงาน)',
  2: 'กอง 2 (น้อย/ยังไม่จ่ายงาน)',
  3: 'กอง 3 (ของขาด/ยังไม่จ่ายงาน)',
};

/** ยังไม่ได้แพ็ค: has a sales record whose status is blank or says no invoice yet. */
export function isNotPackedYet(order: Pick<OrderSetInput, 'cancelled' | 'trashed' | 'sales'>): boolean {
  if (order.cancelled || order.trashed || order.sales === null) return false;
  const status = order.sales.status;
  return isBlankSalesStatus(status) || (status as string).includes(SALES_TEXT_NO_INVOICE);
}

/** ยังไม่นำเข้า SBS: no sales record. */
export function isNotInSbs(order: Pick<OrderSetInput, 'cancelled' | 'trashed' | 'sales'>): boolean {
  return !order.cancelled && !order.trashed && order.sales === null;
}

/**
 * Card / status-filter codes of the order sets
 * (docs/domain/allocation.md#search-and-status-filter).
 */
export const ORDER_SET_CODES = [
  'ORDER_READY',
  'ORDER_LOW_STOCK',
  'ORDER_PROBLEM',
  'BILL_EMPTY',
  'ORDER_NO_SALES',
  'ORDER_NOT_IN_SBS',
  'ORDER_NOT_SCANNED',
  'PACKED',
  'ORDER_CANCELLED',
  'ORDER_CANCELLED_PACKED',
  'WH_RECEIVE_TOTAL',
  'WH_RECEIVE_G1',
  'WH_RECEIVE_G2',
  'WH_RECEIVE_G3',
] as const;
export type OrderSetCode = (typeof ORDER_SET_CODES)[number];

const STATUS_CODE_ALIASES: Readonly<Record<string, string>> = {
  ORDER_LOW: 'ORDER_LOW_STOCK',
  ORDER_SCAN_BARCODE: 'ORDER_NOT_SCANNED',
};

/** Resolves the aliases ORDER_LOW and ORDER_SCAN_BARCODE; other codes pass through. */
export function canonicalStatusCode(code: string): string {
  return STATUS_CODE_ALIASES[code] ?? code;
}

export function isOrderSetCode(code: string): code is OrderSetCode {
  return (ORDER_SET_CODES as readonly string[]).includes(code);
}

export interface OrderSets {
  pending: boolean;
  pile: Pile | null;
  /** Issue-source group when the order is in คลังรับงาน (issued, not packed), else null. */
  warehouseGroup: WarehouseGroup | null;
  /** คลังรับงาน membership with current group and change badge, else null. */
  warehouse: WarehouseReceive | null;
  sets: Record<OrderSetCode, boolean>;
}

/**
 * Membership of one order in every set (docs/domain/allocation.md#piles, #other-order-sets,
 * #warehouse-receive). Trashed orders are in none of the pile and pending sets; they stay only in
 * คลังรับงาน when issued (docs/domain/allocation.md#warehouse-receive). A cancelled order is in
 * PACKED no more: first match wins (docs/domain/allocation.md#line-classification) makes it
 * cancelled, listed under ยกเลิก(หลังแพ็ค).
 */
export function orderSets(order: OrderSetInput): OrderSets {
  const pending = isPending(order);
  const pile = pileOf(order);
  const wh = warehouseReceive(order);
  const live = !order.trashed;
  return {
    pending,
    pile,
    warehouseGroup: wh?.group ?? null,
    warehouse: wh,
    sets: {
      ORDER_READY: pile === 1,
      ORDER_LOW_STOCK: pile === 2,
      ORDER_PROBLEM: pile === 3,
      BILL_EMPTY: pending && order.billEmpty,
      ORDER_NO_SALES: isNotPackedYet(order),
      ORDER_NOT_IN_SBS: isNotInSbs(order),
      ORDER_NOT_SCANNED: pending && !order.scanned,
      PACKED: live && order.packed && !order.cancelled,
      ORDER_CANCELLED: live && order.cancelled && !order.packed,
      ORDER_CANCELLED_PACKED: live && order.cancelled && order.packed,
      WH_RECEIVE_TOTAL: wh !== null,
      WH_RECEIVE_G1: wh?.group === 'G1',
      WH_RECEIVE_G2: wh?.group === 'G2',
      WH_RECEIVE_G3: wh?.group === 'G3',
    },
  };
}

/**
 * Pile tags shown per order in the สถานะ column (docs/domain/allocation.md#orders-table), in
 * display order.
 */
export function pileTags(order: OrderSetInput): string[] {
  const { pile, sets } = orderSets(order);
  const tags: string[] = [];
  if (pile !== null) tags.push(`กอง ${pile}`);
  if (sets.BILL_EMPTY) tags.push('บิลเปล่า');
  if (sets.ORDER_NO_SALES) tags.push('ยังไม่แพ็ค');
  if (sets.ORDER_NOT_IN_SBS) tags.push('ยังไม่นำเข้าSBS');
  if (sets.PACKED) tags.push('แพ็คแล้ว');
  if (sets.ORDER_CANCELLED) tags.push('ยกเลิก(ก่อนแพ็ค)');
  if (sets.ORDER_CANCELLED_PACKED) tags.push('ยกเลิก(หลังแพ็ค)');
  return tags;
}

/** `ค้าง` when the date (earliest import date, or issue date for คลังรับงาน) is before today. */
export function backlogOrToday(date: string | null, today: string): 'backlog' | 'today' {
  return date !== null && date < today ? 'backlog' : 'today';
}

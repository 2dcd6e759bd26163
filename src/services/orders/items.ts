// JSON shape of an order line as GET /api/openapi.json lists it (plus what the chapter's table
// shows), and the dashboard export row (docs/domain/reports.md#excel-exports). Times are ISO 8601
// in JSON and `dd/mm/BBBB HH:MM` in the export.
import { PLATFORM_LABELS, statusLabel, type ComputedStatus, type DisplayStatus } from '../../domain/allocation';
import { pileTags, rowAction, type OrderSetInput, type RowAction } from '../../domain/piles';
import { formatThaiDateTime, epochDayToIsoDate } from '../../domain/time';
import { orderSla, type SlaContext } from '../../domain/orders-view/select';
import { slaLabelOfDays } from '../../domain/sla';
import type { LineRecord, OrderRecord } from '../../domain/orders-view/types';

export interface PrintCounts {
  warehouse: number;
  lowstock: number;
  nostock: number;
  notenough: number;
  /** Picking prints of this line (counted per line, docs/domain/reports.md#print-tracking). */
  picking: number;
}

export type OrderPrintCounts = Omit<PrintCounts, 'picking'>;
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function orderSetInput(o: OrderRecord): OrderSetInput {
  return {
    ...o.flags,
    lines: o.lines.map((l) => l.alloc),
    sales: o.sales,
    scanned: o.scannedAt !== null,
    issueSource: o.issued?.source ?? null,
  };
}

export interface OrderItem {
  id: number;
  orderId: number;
  orderNo: string;
  platform: string;
  platformLabel: string;
  shop: { id: number; name: string };
  sku: string;
  productName: string | null;
  itemName: string | null;
  brand: string | null;
  qty: number;
  orderedAt: string | null;
  /** Due date (Bangkok `YYYY-MM-DD`); null where the SLA shows `-`. */
  dueAt: string | null;
  sla: { label: string; daysLeft: number; overdue: boolean } | null;
  status: DisplayStatus | null;
  computedStatus: ComputedStatus | null;
  statusLabel: string;
  pile: 1 | 2 | 3 | null;
  tags: string[];
  warehouse: { group: string; current: string; badge: string | null } | null;
  committedShort: boolean;
  stockQty: number;
  allQty: number;
  accepted: boolean;
  acceptedAt: string | null;
  acceptedBy: string | null;
  issued: boolean;
  issuedAt: string | null;
  issueSource: string | null;
  cancelled: boolean;
  cancelReason: string | null;
  cancelledAt: string | null;
  trashed: boolean;
  trashedAt: string | null;
  billEmpty: boolean;
  packed: boolean;
  packedAt: string | null;
  dispatchRound: number | null;
  printCounts: PrintCounts;
  scannedAt: string | null;
  scannedBy: string | null;
  /**
   * Sales text (docs/domain/allocation.md#allqty-and-sales-text): the SBS status,
   * `ยังไม่มีการเปิดใบขาย` or `Orderยังไม่นำเข้าSBS`.
   */
  salesStatus: string;
  sales: { status: string | null; poNo: string | null } | null;
  logisticType: string | null;
  importDate: string;
  action: RowAction;
}

/** The order counters as the API shows them (counts only; the reports read the whole counters). */
export function printCountsOf(o: OrderRecord): OrderPrintCounts {
  const p = o.prints;
  return { warehouse: p.warehouse.count, lowstock: p.lowstock.count, nostock: p.nostock.count, notenough: p.notenough.count };
}

export function toItem(l: LineRecord, ctx: SlaContext): OrderItem {
  const o = l.order;
  const counts = printCountsOf(o);
  const sla = orderSla(o, ctx);
  const setInput = orderSetInput(o);
  return {
    id: l.id,
    orderId: o.id,
    orderNo: o.orderNo,
    platform: o.platform,
    platformLabel: PLATFORM_LABELS[o.platform],
    shop: { id: o.shopId, name: o.shopName },
    sku: l.sku,
    productName: l.productName,
    itemName: l.itemName,
    brand: l.brand,
    qty: l.qty,
    orderedAt: iso(o.orderTime),
    dueAt: o.dueDay === null ? null : epochDayToIsoDate(o.dueDay),
    sla: sla && { label: sla.label, daysLeft: sla.daysLeft, overdue: sla.overdue },
    status: l.alloc.displayStatus,
    computedStatus: l.alloc.computedStatus,
    statusLabel: statusLabel(l.alloc, o.flags),
    pile: o.pile,
    tags: pileTags(setInput),
    warehouse: o.warehouse && { group: o.warehouse.group, current: o.warehouse.current, badge: o.warehouse.badge },
    committedShort: l.alloc.committedShort,
    stockQty: l.stockQty,
    allQty: l.allQty,
    accepted: l.accepted,
    acceptedAt: iso(l.acceptedAt),
    acceptedBy: l.acceptedBy,
    issued: o.flags.issued,
    issuedAt: iso(o.issued?.at),
    issueSource: o.issued?.source ?? null,
    cancelled: o.flags.cancelled,
    cancelReason: o.cancelled?.note ?? null,
    cancelledAt: iso(o.cancelled?.at),
    trashed: o.flags.trashed,
    trashedAt: iso(o.trashed?.at),
    billEmpty: o.flags.billEmpty,
    packed: o.flags.packed,
    packedAt: iso(o.sales?.packedAt),
    dispatchRound: o.dispatchRound,
    printCounts: { ...counts, picking: l.pickingCount },
    scannedAt: iso(o.scannedAt),
    scannedBy: o.scannedBy,
    salesStatus: o.salesText,
    sales: o.sales && { status: o.sales.status, poNo: o.sales.poNo },
    logisticType: o.logisticType,
    importDate: o.importDate,
    action: rowAction(l.alloc, setInput, o.pile),
  };
}

export const DASHBOARD_EXPORT_HEADER = [
  'Platform',
  'ร้าน',
  'เลข Order',
  'สินค้า (SKU)',
  'Brand',
  'Stock',
  'Qty',
  'AllQty',
  'เวลาสั่ง',
  'SLA',
  'ขนส่ง',
  'สถานะ',
  'Scan Order',
  'ผู้รับ',
  'หมายเหตุ',
] as const;

/**
 * The values of an export row that a later change may move in place (the read model updates a
 * line's allocation and per-SKU values, an order's shop name and due day): taken when the export
 * starts, so a streamed export shows one data version throughout.
 */
export interface ExportRowState {
  statusLabel: string;
  stockQty: number;
  allQty: number;
  brand: string | null;
  shopName: string;
  dueDay: number | null;
}

export const exportRowState = (l: LineRecord): ExportRowState => ({
  statusLabel: statusLabel(l.alloc, l.order.flags),
  stockQty: l.stockQty,
  allQty: l.allQty,
  brand: l.brand,
  shopName: l.order.shopName,
  dueDay: l.order.dueDay,
});

/** Texts an export repeats, made once per export: SLA labels per due day, order times per minute. */
export interface ExportMemo {
  sla: Map<number, string>;
  /**
   * By the minute (the displayed time has no seconds, and Bangkok's offset is whole hours): a
   * small integer key where an instant is a boxed double, and orders of one minute share it.
   */
  times: Map<number, string>;
}

export const exportMemo = (): ExportMemo => ({ sla: new Map(), times: new Map() });

function memoised<K>(map: Map<K, string>, key: K, make: () => string): string {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    if (map.size < 100_000) map.set(key, v);
  }
  return v;
}

/**
 * One dashboard export row (docs/domain/reports.md#excel-exports); dates are text in the display
 * format.
 */
export function exportRow(l: LineRecord, ctx: SlaContext, state: ExportRowState = exportRowState(l), memo: ExportMemo = exportMemo()): (string | number | null)[] {
  const o = l.order;
  const dueDay = state.dueDay;
  const sla = dueDay === null ? null : memoised(memo.sla, dueDay, () => slaLabelOfDays(dueDay, ctx.reference, ctx.calendar).label);
  const note = o.cancelled ? `${o.cancelled.note ?? ''} [เมื่อ: ${formatThaiDateTime(o.cancelled.at)}]`.trim() : '';
  const orderTime = o.orderTime;
  return [
    PLATFORM_LABELS[o.platform],
    state.shopName,
    o.orderNo,
    l.sku,
    state.brand ?? '',
    state.stockQty,
    l.qty,
    state.allQty,
    orderTime === null ? '' : memoised(memo.times, Math.floor(orderTime / 60_000), () => formatThaiDateTime(orderTime)),
    sla ?? '-',
    o.logisticType ?? '',
    state.statusLabel,
    o.scannedAt !== null ? '✓' : '',
    l.acceptedBy ?? '',
    note,
  ];
}

// What the reports read: an order with its markers, print counters and lines, each line carrying
// its result of the ONE global allocation. Field names follow the orders-view records
// (OrderRecord / LineRecord), so a record of the read model plus the order's print counters is
// a ReportOrder as it stands; nothing here recomputes a status.
import type { ComputedStatus, DisplayStatus, OrderFlags, Platform } from '../allocation';
import type { Pile } from '../piles';

export const REPORT_KINDS = ['warehouse', 'picking', 'lowstock', 'nostock', 'notenough'] as const;
/** The reports of `/api/reports/:report` (docs/domain/reports.md), which are also the print kinds. */
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Print kinds counted per order (order_print_counters); Picking is counted per line
 * (docs/domain/reports.md#print-tracking).
 */
export const ORDER_PRINT_KINDS = ['warehouse', 'lowstock', 'nostock', 'notenough'] as const;
export type OrderPrintKind = (typeof ORDER_PRINT_KINDS)[number];

export const STOCK_REPORT_KINDS = ['lowstock', 'nostock', 'notenough'] as const;
export type StockReportKind = (typeof STOCK_REPORT_KINDS)[number];

export const isStockReportKind = (k: string): k is StockReportKind =>
  (STOCK_REPORT_KINDS as readonly string[]).includes(k);

export interface PrintCounter {
  count: number;
  /** Last print, epoch ms. */
  lastAt: number | null;
  lastBy: string | null;
}

export type OrderPrints = Readonly<Record<OrderPrintKind, PrintCounter>>;

export const NOT_PRINTED: PrintCounter = Object.freeze({ count: 0, lastAt: null, lastBy: null });
export const NO_ORDER_PRINTS: OrderPrints = Object.freeze({
  warehouse: NOT_PRINTED,
  lowstock: NOT_PRINTED,
  nostock: NOT_PRINTED,
  notenough: NOT_PRINTED,
});

/** What the reports need of a line's allocation (a LineAllocation fits). */
export interface ReportAlloc {
  computedStatus: ComputedStatus | null;
  displayStatus: DisplayStatus | null;
  /**
   * A committed line that does not fit the stock (`ของไม่พอ`,
   * docs/domain/reports.md#warehouse-job-sheet).
   */
  committedShort: boolean;
}

export interface ReportLine {
  id: number;
  sku: string;
  qty: number;
  brand: string | null;
  /** Product name (legacy "model"), else the name on the order line. */
  productName: string | null;
  accepted: boolean;
  acceptedAt: number | null;
  acceptedBy: string | null;
  /** Picking prints of this line (docs/domain/reports.md#print-tracking: counted per line). */
  pickingCount: number;
  pickingLastAt: number | null;
  /** On-hand stock of the SKU. */
  stockQty: number;
  alloc: ReportAlloc;
}

export interface ReportMarker {
  at: number;
  by: string | null;
  source: string | null;
}

export interface ReportOrder {
  id: number;
  orderNo: string;
  platform: Platform;
  shopId: number;
  shopName: string;
  /** Epoch ms; null when the order has no order time. */
  orderTime: number | null;
  logisticType: string | null;
  /** Bangkok `YYYY-MM-DD`. */
  importDate: string;
  flags: OrderFlags;
  issued: ReportMarker | null;
  trashed: ReportMarker | null;
  /**
   * กอง 1/2/3 of the dashboard (docs/domain/allocation.md#piles), judged on all lines of the order.
   */
  pile: Pile | null;
  /** Due date as a Bangkok epoch day; null where the SLA shows `-`. */
  dueDay: number | null;
  /** จ่ายงาน(รอบที่). */
  dispatchRound: number | null;
  lowstockRound: number | null;
  nostockRound: number | null;
  notenoughRound: number | null;
  scannedAt: number | null;
  prints: OrderPrints;
  /** Every line of the order. */
  lines: readonly ReportLine[];
}

/** The round field of each stock report (docs/domain/reports.md#stock-problem-reports). */
export function reportRound(o: ReportOrder, kind: StockReportKind): number | null {
  switch (kind) {
    case 'lowstock':
      return o.lowstockRound;
    case 'nostock':
      return o.nostockRound;
    case 'notenough':
      return o.notenoughRound;
  }
}

/**
 * An order's Picking count: the minimum over its accepted lines
 * (docs/domain/reports.md#picking-list); 0 with none.
 */
export function orderPickingCount(o: Pick<ReportOrder, 'lines'>): number {
  let min = Infinity;
  for (const l of o.lines) if (l.accepted && l.pickingCount < min) min = l.pickingCount;
  return min === Infinity ? 0 : min;
}

// Scan station (docs/domain/allocation.md#scan-station): value normalisation and the read-only
// status check summary.
import type { ComputedStatus, OrderFlags } from './types';

// Longest first is not needed (none is a prefix of another) but keeps the intent obvious.
const SCAN_PREFIXES = ['SHOPEE ORDER NO.', 'LAZADA ORDER NUMBER:', 'ORDER NO.', 'ORDER:'] as const;

/**
 * Trim, upper-case, strip one leading marketplace prefix, then drop spaces, `-` and `_`. Applied to
 * both the scanned value and the order numbers it is compared with
 * (docs/domain/allocation.md#scan-station; the legacy normalised the scanned value only).
 */
export function normaliseScan(raw: string): string {
  let v = raw.trim().toUpperCase();
  for (const p of SCAN_PREFIXES) {
    if (v.startsWith(p)) {
      v = v.slice(p.length);
      break;
    }
  }
  return v.replace(/[\s\-_]+/g, '');
}

/** Whole-page scan commands. */
export function scanCommand(raw: string): 'all' | 'reset' | null {
  const v = raw.trim().toLowerCase();
  return v === 'all' || v === 'reset' ? v : null;
}

export type StatusCheckFlag = 'CANCELLED' | 'ISSUED' | 'NOT_IN_SBS' | 'PACKED';
export type StatusCheckStock = 'SHORTAGE' | 'NOT_ENOUGH' | 'LOW_STOCK' | 'READY';
export type StatusCheckColour = 'danger' | 'warning' | 'dark' | 'info' | 'success';

export const STATUS_CHECK_NAMES: Readonly<Record<StatusCheckFlag | StatusCheckStock, string>> = {
  READY: 'กอง1_ใบงานคลัง',
  LOW_STOCK: 'กอง2_สินค้าน้อย',
  SHORTAGE: 'กอง3_ไม่มีสินค้า',
  NOT_ENOUGH: 'กอง3_สินค้าไม่พอส่ง',
  PACKED: 'แพ็คแล้ว',
  CANCELLED: 'ยกเลิก',
  ISSUED: 'จ่ายงานแล้ว',
  NOT_IN_SBS: 'ยังไม่นำเข้า SBS',
};

/** Shown when no order has the scanned number. */
export const STATUS_CHECK_UNKNOWN = 'ไม่พบข้อมูลในระบบ';

/** The report a scanner is offered for the worst stock status. */
export const STATUS_CHECK_REPORT: Readonly<
  Record<StatusCheckStock, 'warehouse' | 'lowstock' | 'nostock' | 'notenough'>
> = {
  READY: 'warehouse',
  LOW_STOCK: 'lowstock',
  SHORTAGE: 'nostock',
  NOT_ENOUGH: 'notenough',
};

const SEVERITY: Readonly<Record<ComputedStatus, number>> = {
  READY_ACCEPT: 0,
  LOW_STOCK: 1,
  NOT_ENOUGH: 2,
  SHORTAGE: 3,
};
const STOCK_OF: Readonly<Record<ComputedStatus, StatusCheckStock>> = {
  READY_ACCEPT: 'READY',
  LOW_STOCK: 'LOW_STOCK',
  NOT_ENOUGH: 'NOT_ENOUGH',
  SHORTAGE: 'SHORTAGE',
};

export interface StatusCheckOrder extends Pick<OrderFlags, 'cancelled' | 'issued' | 'packed'> {
  hasSalesRecord: boolean;
  lines: readonly { computedStatus: ComputedStatus | null }[];
}

export interface StatusCheck {
  flags: StatusCheckFlag[];
  /** Worst computed status among the open lines; null when no line takes part in allocation. */
  stock: StatusCheckStock | null;
  /** Thai names of the flags, then of the stock status. */
  names: string[];
  colour: StatusCheckColour;
  /** The page records the scan unless the order is cancelled or packed. */
  recordScan: boolean;
  report: 'warehouse' | 'lowstock' | 'nostock' | 'notenough' | null;
}

export function statusCheck(order: StatusCheckOrder): StatusCheck {
  const flags: StatusCheckFlag[] = [];
  if (order.cancelled) flags.push('CANCELLED');
  if (order.issued) flags.push('ISSUED');
  if (!order.hasSalesRecord) flags.push('NOT_IN_SBS');
  if (order.packed) flags.push('PACKED');

  let worst: ComputedStatus | null = null;
  for (const l of order.lines) {
    const s = l.computedStatus;
    if (s !== null && (worst === null || SEVERITY[s] > SEVERITY[worst])) worst = s;
  }
  const stock = worst === null ? null : STOCK_OF[worst];

  const has = (f: StatusCheckFlag) => flags.includes(f);
  let colour: StatusCheckColour;
  if (has('CANCELLED') || stock === 'SHORTAGE' || stock === 'NOT_ENOUGH') colour = 'danger';
  else if (has('NOT_IN_SBS') || stock === 'LOW_STOCK') colour = 'warning';
  else if (has('PACKED')) colour = 'dark';
  else if (has('ISSUED')) colour = 'info';
  else colour = 'success';

  const names = flags.map((f) => STATUS_CHECK_NAMES[f]);
  if (stock !== null) names.push(STATUS_CHECK_NAMES[stock]);
  return {
    flags,
    stock,
    names,
    colour,
    recordScan: !order.cancelled && !order.packed,
    report: stock === null ? null : STATUS_CHECK_REPORT[stock],
  };
}

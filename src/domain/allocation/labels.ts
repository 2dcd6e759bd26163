import type { DisplayStatus, OrderFlags } from './types';

/** The one label table used on every page and export (docs/domain/allocation.md#labels). */
export const STATUS_LABELS = {
  READY_ACCEPT: 'พร้อมรับ',
  ACCEPTED: 'รับแล้ว',
  LOW_STOCK: 'สินค้าน้อย',
  SHORTAGE: 'ไม่มีสินค้า',
  NOT_ENOUGH: 'สินค้าไม่พอส่ง',
  BILL_EMPTY: 'บิลเปล่า',
  PACKED: 'แพ็คแล้ว',
  CANCELLED: 'ยกเลิก',
} as const satisfies Record<DisplayStatus, string>;

/** Label of an issued order's lines unless cancelled or packed. */
export const ISSUED_LABEL = 'จ่ายแล้ว';

/** Shown where there is no status (e.g. a trashed line with no marker status). */
export const NO_STATUS_LABEL = '-';

/** สถานะ column/export: ยกเลิก > แพ็คแล้ว > จ่ายแล้ว > label of the displayed status. */
export function statusLabel(
  line: { displayStatus: DisplayStatus | null },
  order: Pick<OrderFlags, 'cancelled' | 'packed' | 'issued'>,
): string {
  if (order.cancelled || line.displayStatus === 'CANCELLED') return STATUS_LABELS.CANCELLED;
  if (order.packed || line.displayStatus === 'PACKED') return STATUS_LABELS.PACKED;
  if (order.issued) return ISSUED_LABEL;
  return line.displayStatus === null ? NO_STATUS_LABEL : STATUS_LABELS[line.displayStatus];
}

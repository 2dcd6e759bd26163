// Changed after print (`เปลี่ยนหลังพิมพ์`, issue 14): compares what a print record says went out
// with the order as it is now, so a picker never packs a cancelled order from an old sheet. The
// comparison is state against state (a cancel undone before anyone looks is no change).
import type { PrintSnapshot } from './snapshot';
import type { ReportKind, ReportOrder } from './types';

export const CHANGE_CODES = [
  'order_removed',
  'cancelled',
  'trashed',
  'line_removed',
  'qty_changed',
  'unaccepted',
] as const;
export type ChangeCode = (typeof CHANGE_CODES)[number];

export const CHANGED_AFTER_PRINT_LABEL = 'เปลี่ยนหลังพิมพ์';

export const CHANGE_LABELS: Readonly<Record<ChangeCode, string>> = {
  order_removed: 'ออเดอร์ถูกลบถาวรหลังพิมพ์',
  cancelled: 'ยกเลิกหลังพิมพ์',
  trashed: 'ถูกลบหลังพิมพ์',
  line_removed: 'รายการถูกลบหลังพิมพ์',
  qty_changed: 'จำนวนเปลี่ยนหลังพิมพ์',
  unaccepted: 'ถอยรับหลังพิมพ์',
};

/** Paper that lists accepted work: un-accepting after it went out is a change. */
const ACCEPTED_WORK: ReadonlySet<ReportKind> = new Set<ReportKind>(['warehouse', 'picking']);

export interface PrintChange {
  kind: ReportKind;
  printJobId: number;
  orderId: number;
  orderNo: string;
  /** Null for a change of the whole order (removed, cancelled, trashed). */
  lineId: number | null;
  change: ChangeCode;
  /** qty_changed: printed and current quantity. */
  from?: number;
  to?: number;
}

export interface PrintedRecord {
  printJobId: number;
  snapshot: PrintSnapshot;
}

/** Every change since the record, orders and lines in the record's order. */
export function changesAfterPrint(
  record: PrintedRecord,
  current: (orderId: number) => ReportOrder | undefined,
): PrintChange[] {
  const { kind } = record.snapshot;
  const out: PrintChange[] = [];
  for (const printed of record.snapshot.orders) {
    const base = { kind, printJobId: record.printJobId, orderId: printed.orderId, orderNo: printed.orderNo };
    const now = current(printed.orderId);
    if (now === undefined) {
      out.push({ ...base, lineId: null, change: 'order_removed' });
      continue;
    }
    if (now.flags.cancelled) out.push({ ...base, lineId: null, change: 'cancelled' });
    if (now.flags.trashed) out.push({ ...base, lineId: null, change: 'trashed' });
    const lines = new Map(now.lines.map((l) => [l.id, l]));
    for (const pl of printed.lines) {
      const l = lines.get(pl.lineId);
      if (l === undefined) {
        out.push({ ...base, lineId: pl.lineId, change: 'line_removed' });
        continue;
      }
      if (l.qty !== pl.qty) out.push({ ...base, lineId: pl.lineId, change: 'qty_changed', from: pl.qty, to: l.qty });
      if (ACCEPTED_WORK.has(kind) && pl.accepted && !l.accepted)
        out.push({ ...base, lineId: pl.lineId, change: 'unaccepted' });
    }
  }
  return out;
}

/** The changes that concern one line: its own and those of its whole order (API `changedAfterPrint`). */
export function changesForLine(changes: readonly PrintChange[], orderId: number, lineId: number): PrintChange[] {
  return changes.filter((c) => c.orderId === orderId && (c.lineId === null || c.lineId === lineId));
}

/** Orders of the record that changed since (for the history rows' and the scan result's flag). */
/** `เปลี่ยนหลังพิมพ์: <what>, ...` for a row or a scan result; '' when nothing changed. */
export function changeText(changes: readonly PrintChange[]): string {
  if (changes.length === 0) return '';
  const parts = [
    ...new Set(
      changes.map((c) =>
        c.change === 'qty_changed' ? `${CHANGE_LABELS.qty_changed} (${c.from}→${c.to})` : CHANGE_LABELS[c.change],
      ),
    ),
  ];
  return `${CHANGED_AFTER_PRINT_LABEL}: ${parts.join(', ')}`;
}

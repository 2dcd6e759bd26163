// The การกระทำ cell of a dashboard row (docs/domain/allocation.md#row-action).
import { checkOrderAction } from './action-rules';
import { pileOf, type PileLine, type PileOrder } from './order-sets';

export type RowActionKind = 'none' | 'issued' | 'unaccept' | 'accept' | 'wait';

export interface RowAction {
  kind: RowActionKind;
  /** `-`, `จ่ายแล้ว`, `ถอย`, `รับ` or `รอครบ`. */
  label: string;
  enabled: boolean;
  /** The ยกเลิก Order button, shown unless the row is PACKED or the order cancelled. */
  cancelButton: boolean;
}

/**
 * First match: cancelled -> `-`; issued -> disabled จ่ายแล้ว; accepted line -> ถอย; order in
 * กอง 1 -> รับ; READY_ACCEPT/BILL_EMPTY line of an order outside กอง 1 -> disabled รอครบ;
 * else disabled รับ. ถอย is disabled where the server would refuse it (packed order).
 * `pile` may be passed when the caller already computed pileOf(order).
 */
export function rowAction(line: PileLine, order: PileOrder, pile = pileOf(order)): RowAction {
  const cancelButton = !order.cancelled && line.displayStatus !== 'PACKED';
  if (order.cancelled) return { kind: 'none', label: '-', enabled: false, cancelButton };
  if (order.issued) return { kind: 'issued', label: 'จ่ายแล้ว', enabled: false, cancelButton };
  if (line.accepted) {
    return { kind: 'unaccept', label: 'ถอย', enabled: checkOrderAction('unaccept', order).ok, cancelButton };
  }
  if (pile === 1) return { kind: 'accept', label: 'รับ', enabled: true, cancelButton };
  if (line.displayStatus === 'READY_ACCEPT' || line.displayStatus === 'BILL_EMPTY') {
    return { kind: 'wait', label: 'รอครบ', enabled: false, cancelButton };
  }
  return { kind: 'accept', label: 'รับ', enabled: false, cancelButton };
}

// Server-side preconditions of the order actions (docs/domain/allocation.md#action-preconditions),
// as pure checks. The service re-runs them inside the write transaction and lists refused orders in
// `skipped` with the reason.
import { pileOf, type PileOrder } from './order-sets';

export const SKIP_REASONS = {
  cancelled: 'ถูกยกเลิก',
  issued: 'จ่ายงานแล้ว',
  packed: 'ถูกแพ็คแล้ว',
  not_in_pile_1: 'ไม่อยู่ในกอง 1',
  trashed: 'ถูกลบแล้ว',
  not_accepted: 'ยังไม่ได้กดรับ',
  not_cancelled: 'ไม่ได้ถูกยกเลิก',
  not_trashed: 'ไม่อยู่ในถังขยะ',
  not_issued: 'ยังไม่ได้จ่ายงาน',
  already_cancelled: 'ถูกยกเลิกแล้ว',
  already_scanned: 'สแกนไปแล้ว',
  not_scanned: 'ยังไม่ได้สแกน',
  same_round: 'ตั้งรอบนี้ไว้แล้ว',
  not_found: 'ไม่พบรายการ',
} as const;
export type SkipCode = keyof typeof SKIP_REASONS;

export type OrderAction = 'accept' | 'unaccept' | 'cancel' | 'uncancel' | 'trash' | 'restore' | 'purge' | 'unissue';

export type ActionCheck = { ok: true } | { ok: false; code: SkipCode; reason: string };

const OK: ActionCheck = { ok: true };
const refuse = (code: SkipCode): ActionCheck => ({ ok: false, code, reason: SKIP_REASONS[code] });

/**
 * Whether `action` may change `order` now. Roles and request validation (e.g. the cancel reason)
 * are checked elsewhere; this is only the order's state.
 */
export function checkOrderAction(action: OrderAction, order: PileOrder): ActionCheck {
  switch (action) {
    case 'accept':
      // The listed reasons first, in the documented order; anything else out of กอง 1 is generic.
      if (order.cancelled) return refuse('cancelled');
      if (order.issued) return refuse('issued');
      if (order.packed) return refuse('packed');
      if (order.trashed) return refuse('trashed');
      return pileOf(order) === 1 ? OK : refuse('not_in_pile_1');
    case 'unaccept':
      if (order.cancelled) return refuse('cancelled');
      if (order.issued) return refuse('issued');
      if (order.packed) return refuse('packed');
      return order.lines.some((l) => l.accepted) ? OK : refuse('not_accepted');
    case 'uncancel':
      return order.cancelled ? OK : refuse('not_cancelled');
    case 'restore':
    case 'purge':
      return order.trashed ? OK : refuse('not_trashed');
    case 'unissue':
      return order.issued ? OK : refuse('not_issued');
    case 'cancel':
    case 'trash':
      // Allowed in any state (cancel before or after issuing/packing; trash is idempotent).
      return OK;
  }
}

/** Every action of `POST /api/orders/actions/:action` (docs/domain/allocation.md#order-actions). */
export const ORDER_ACTION_NAMES = [
  'accept',
  'unaccept',
  'cancel',
  'uncancel',
  'trash',
  'restore',
  'unissue',
  'scan',
  'reset-scans',
  'dispatch-round',
  'purge',
] as const;
export type OrderActionName = (typeof ORDER_ACTION_NAMES)[number];

/** What the per-order rules of every action need to know about an order. */
export interface OrderActionState extends PileOrder {
  scanned: boolean;
  dispatchRound: number | null;
  /** The cancel marker's reason, when cancelled. */
  cancelReason: string | null;
}

/**
 * The state rule of any action for one order, including when a repeat would change nothing (an
 * idempotent action reports such an order as skipped instead of failing). `reason` must already
 * be trimmed and non-blank for cancel; `round` an integer >= 1 for dispatch-round.
 */
export function checkActionOnOrder(
  action: OrderActionName,
  order: OrderActionState,
  input: { reason?: string | null; round?: number | null } = {},
): ActionCheck {
  switch (action) {
    case 'cancel':
      return order.cancelled && order.cancelReason === (input.reason ?? null) ? refuse('already_cancelled') : OK;
    case 'trash':
      return order.trashed ? refuse('trashed') : OK;
    case 'scan':
      return order.scanned ? refuse('already_scanned') : OK;
    case 'reset-scans':
      return order.scanned ? OK : refuse('not_scanned');
    case 'dispatch-round':
      return order.dispatchRound === (input.round ?? null) ? refuse('same_round') : OK;
    default:
      return checkOrderAction(action, order);
  }
}

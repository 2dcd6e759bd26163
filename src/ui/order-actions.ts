// The order actions as the pages offer them (docs/domain/allocation.md#order-actions,
// docs/domain/allocation.md#row-action, docs/domain/reports.md#issued-trash-and-cancelled-views):
// button labels, the Thai confirmations, who may use each (the API's own role table), and the
// result sentence. Pure, so the list, the line page and the tests read one table.
import { roleRank } from '../domain/roles';
import { accessFor } from '../http/route-roles';
import type { OrderActionName } from '../domain/piles';
import type { OrdersView } from '../domain/orders-view/scope';
import type { AuthUser } from '../services/context';

type Role = AuthUser['role'];

export interface PageAction {
  action: OrderActionName;
  /** The button. */
  label: string;
  /** What was done, for the result: `<done> N ออเดอร์`. */
  done: string;
  /** The spec's confirmation, `{n}` = orders; none = no question asked (unless every matching line is chosen). */
  confirm?: string;
  danger?: boolean;
  /** A field the action needs from the form, and what to say when it is empty. */
  needs?: 'reason' | 'round';
  needsMessage?: string;
}

export const PAGE_ACTIONS: Readonly<Record<OrderActionName, PageAction>> = {
  accept: { action: 'accept', label: 'กดรับงาน', done: 'กดรับงานแล้ว' },
  unaccept: { action: 'unaccept', label: 'ยกเลิกรับ', done: 'ยกเลิกรับแล้ว' },
  cancel: {
    action: 'cancel',
    label: 'ยกเลิก Order',
    done: 'ยกเลิก Order แล้ว',
    confirm: 'ยืนยันยกเลิก {n} ออเดอร์?',
    danger: true,
    needs: 'reason',
    needsMessage: 'กรุณาระบุสาเหตุการยกเลิก',
  },
  uncancel: {
    action: 'uncancel',
    label: 'ยกเลิกการยกเลิก',
    done: 'ยกเลิกการยกเลิกแล้ว',
    confirm: 'ยืนยันยกเลิกการยกเลิก {n} ออเดอร์? ออเดอร์จะกลับมาเป็นงานค้าง',
  },
  trash: { action: 'trash', label: 'ลบ', done: 'ย้ายไปถังขยะแล้ว', confirm: 'ยืนยันลบ {n} รายการ? (กู้คืนได้)', danger: true },
  restore: { action: 'restore', label: 'กู้คืน', done: 'กู้คืนแล้ว', confirm: 'ยืนยันกู้คืน {n} ออเดอร์ กลับไปหน้าหลัก?' },
  unissue: { action: 'unissue', label: 'ยกเลิกจ่ายงาน', done: 'ยกเลิกจ่ายงานแล้ว', confirm: 'ยืนยันยกเลิกจ่ายงาน {n} ออเดอร์?' },
  scan: { action: 'scan', label: 'บันทึกสแกน', done: 'บันทึกการสแกนแล้ว' },
  'reset-scans': { action: 'reset-scans', label: 'รีเซ็ตสแกน', done: 'รีเซ็ตการสแกนแล้ว' },
  'dispatch-round': {
    action: 'dispatch-round',
    label: 'บันทึกรอบจ่ายงาน',
    done: 'บันทึกรอบจ่ายงานแล้ว',
    needs: 'round',
    needsMessage: 'กรุณาระบุรอบที่จ่ายงาน',
  },
  purge: {
    action: 'purge',
    label: 'ลบถาวร',
    done: 'ลบถาวรแล้ว',
    confirm: 'ยืนยันลบถาวร {n} ออเดอร์? ลบแล้วกู้คืนไม่ได้ (ระบบสำรองข้อมูลไว้ก่อนลบ)',
    danger: true,
  },
};

/** Asked before acting on every line that matches the filters. */
export const CONFIRM_ALL = 'ทำรายการ "{label}" กับทั้งหมด {n} ออเดอร์ที่ตรงกับตัวกรอง?';

/** The bulk actions each view offers, in the order of the bar. */
export const VIEW_ACTIONS: Readonly<Record<OrdersView, readonly OrderActionName[]>> = {
  pending: ['accept', 'unaccept', 'dispatch-round', 'reset-scans', 'cancel', 'trash'],
  all: ['accept', 'unaccept', 'dispatch-round', 'reset-scans', 'cancel', 'uncancel', 'trash'],
  issued: ['unissue', 'dispatch-round', 'reset-scans', 'cancel', 'trash'],
  cancelled: ['uncancel', 'trash'],
  packed: ['reset-scans', 'cancel'],
  trash: ['restore', 'purge'],
};

/** The API route's minimum role decides, so a page never offers what the API would refuse. */
export const actionRole = (action: OrderActionName) => accessFor('POST', `/api/orders/actions/${action}`) as Role;
export const mayRun = (role: Role, action: OrderActionName) => roleRank(role) >= roleRank(actionRole(action));

export const isActionName = (v: string | undefined): v is OrderActionName =>
  v !== undefined && Object.hasOwn(PAGE_ACTIONS, v);

export const fillCount = (template: string, n: number, label = '') =>
  template.replaceAll('{n}', String(n)).replaceAll('{label}', label);

/** The confirmation a post needs, or null. */
export function confirmationOf(action: OrderActionName, n: number, everyMatching: boolean): string | null {
  const a = PAGE_ACTIONS[action];
  if (a.confirm) return fillCount(a.confirm, n);
  return everyMatching ? fillCount(CONFIRM_ALL, n, a.label) : null;
}

export interface ActionOutcome {
  affected: number;
  linesAffected: number;
  skipped: { orderNo: string | null; reason: string; id: number }[];
}

/**
 * How many skipped orders the result names before `... และอีก N รายการ`
 * (docs/domain/allocation.md#action-preconditions, bulk accept).
 */
export const SKIPPED_SHOWN = 5;

export interface ResultText {
  headline: string;
  tone: 'success' | 'warning';
  skipped: string[];
  more: string | null;
}

export function resultText(action: OrderActionName, r: ActionOutcome, round?: number | null): ResultText {
  const a = PAGE_ACTIONS[action];
  const what = action === 'dispatch-round' && round ? `${a.done} (รอบที่ ${round})` : a.done;
  const headline = `${what} ${r.affected} ออเดอร์ (${r.linesAffected} รายการ)`;
  const lines = r.skipped.map((s) => `${s.orderNo ?? `รายการ #${s.id}`}: ${s.reason}`);
  const rest = lines.length - SKIPPED_SHOWN;
  const verb = action === 'accept' ? 'กดรับ' : a.label;
  return {
    headline,
    tone: r.skipped.length > 0 ? 'warning' : 'success',
    skipped: lines.slice(0, SKIPPED_SHOWN),
    more: rest > 0 ? `... และอีก ${rest} รายการที่ไม่สามารถ${verb}ได้` : null,
  };
}

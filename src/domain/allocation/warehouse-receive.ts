// คลังรับงาน (docs/domain/allocation.md#warehouse-receive): issued orders not yet packed, piled by
// the issue source, with a badge when the order's current state no longer matches the pile it was
// issued from.
import type { ComputedStatus, OrderFlags } from './types';

export type WarehouseGroup = 'G1' | 'G2' | 'G3';
export type CurrentGroup = WarehouseGroup | 'DELETED' | 'CANCELLED';

export interface WarehouseOrder extends Pick<OrderFlags, 'issued' | 'packed' | 'cancelled' | 'trashed'> {
  issueSource: string | null;
  lines: readonly { computedStatus: ComputedStatus | null }[];
}

/** Members include cancelled and trashed orders so the warehouse sees the change. */
export function isWarehouseReceive(order: Pick<OrderFlags, 'issued' | 'packed'>): boolean {
  return order.issued && !order.packed;
}

/** print:lowstock -> G2; print:nostock / print:notenough -> G3; anything else -> G1. */
export function issueSourceGroup(source: string | null): WarehouseGroup {
  if (source === 'print:lowstock') return 'G2';
  if (source === 'print:nostock' || source === 'print:notenough') return 'G3';
  return 'G1';
}

/** trashed, cancelled, then the worst computed line status (SHORTAGE/NOT_ENOUGH, LOW_STOCK). */
export function currentGroup(order: Omit<WarehouseOrder, 'issued' | 'packed' | 'issueSource'>): CurrentGroup {
  if (order.trashed) return 'DELETED';
  if (order.cancelled) return 'CANCELLED';
  let low = false;
  for (const l of order.lines) {
    if (l.computedStatus === 'SHORTAGE' || l.computedStatus === 'NOT_ENOUGH') return 'G3';
    if (l.computedStatus === 'LOW_STOCK') low = true;
  }
  return low ? 'G2' : 'G1';
}

/** Badge text when the current group differs from the issue pile, else null. */
export function changeBadge(from: WarehouseGroup, to: CurrentGroup): string | null {
  if (to === from) return null;
  if (to === 'DELETED') return 'ถูกลบแล้ว';
  if (to === 'CANCELLED') return 'ยกเลิกแล้ว';
  if (from === 'G3') return `ของเข้าแล้ว (G3→${to})`;
  if (to === 'G3') return `ของหมด/ไม่พอ (${from}→G3)`;
  return `สถานะเปลี่ยน (${from}→${to})`;
}

export interface WarehouseReceive {
  /** The pile from the issue source (the card it is counted in). */
  group: WarehouseGroup;
  current: CurrentGroup;
  /** Change badge, counted in `สถานะเปลี่ยน N`; null when unchanged. */
  badge: string | null;
}

export function warehouseReceive(order: WarehouseOrder): WarehouseReceive | null {
  if (!isWarehouseReceive(order)) return null;
  const group = issueSourceGroup(order.issueSource);
  const current = currentGroup(order);
  return { group, current, badge: changeBadge(group, current) };
}

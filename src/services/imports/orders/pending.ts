// Pending cancellations meeting the new orders (docs/domain/imports.md#pending-cancellations): a
// cancel list can name an order before the order exists; the first import that brings the order
// cancels it, and the pending row is spent.
import type { Platform } from '../../../domain/platform';
import { chunks } from '../../../lib/chunks';
import { CHUNK, deleteIn, insertMany, num, ORDER_MARKER_COLUMNS, type RawSql, selectIn, str, strOrNull } from '../sql';
import { columnName, type ParseContext, type WriteContext } from '../types';
import type { OrderDraft, WrittenOrder } from './drafts';

/** A pending cancellation this import used, and the orders it cancelled (for the audit row). */
export interface UsedCancellation {
  orderNo: string;
  platform: string;
  orders: { id: number; shop: string }[];
}

/**
 * Whether any pending cancellation could meet this platform's orders. Usually there is none: one
 * small read instead of a look-up per 500 numbers. Asked by the caller beside the other reads that
 * need no answer of the import's writes (one round trip on a remote database).
 */
export async function hasPendingCancellations(db: RawSql, platform: Platform): Promise<boolean> {
  const rs = await db.execute("SELECT 1 AS one FROM pending_cancellations WHERE platform IN ('', ?) LIMIT 1", [
    platform,
  ]);
  return rs.rows.length > 0;
}

/**
 * Whether any order of this platform from an earlier import was cancelled from a pending
 * cancellation: only such an order can have spent one, so when none was (the usual case) one
 * small read replaces a look-up per 500 numbers. This import's own orders are left out, so the
 * answer does not depend on the markers this import writes.
 */
export async function hasSpentCancellations(db: RawSql, platform: Platform, importId: number): Promise<boolean> {
  const rs = await db.execute(
    `SELECT 1 AS one FROM order_markers m JOIN orders o ON o.id = m.order_id
     WHERE m.kind = 'cancelled' AND m.source = 'pending' AND o.platform = ? AND o.import_id IS NOT ? LIMIT 1`,
    [platform, importId],
  );
  return rs.rows.length > 0;
}

/**
 * Pending cancellations for this platform or for any (`anyPending`: hasPendingCancellations). Each is used once: by this import, the
 * first that matches it, for every order of that number in it. Returns what was used and the
 * ids of the orders it cancelled.
 */
export async function applyPendingCancellations(
  db: RawSql,
  w: WriteContext,
  platform: Platform,
  written: WrittenOrder[],
  numbers: string[],
  anyPending: boolean,
): Promise<{ used: UsedCancellation[]; cancelled: number[] }> {
  if (!anyPending) return { used: [], cancelled: [] };
  const pending = await selectIn(
    db,
    'pending_cancellations',
    ['order_no', 'platform', 'note', 'created_by_user_id', 'created_by_username'],
    'order_no',
    numbers,
    { sql: "platform IN ('', ?)", args: [platform] },
  );
  if (pending.length === 0) return { used: [], cancelled: [] };
  const byNo = new Map<string, (typeof pending)[number]>();
  // A platform-specific pending row wins over an any-platform one.
  for (const p of pending) if (!byNo.has(str(p.order_no)) || str(p.platform) !== '') byNo.set(str(p.order_no), p);
  const markers: (string | number | null)[][] = [];
  const cancelled: number[] = [];
  const usedByNo = new Map<string, UsedCancellation>();
  for (const { draft: o, id } of written) {
    const p = byNo.get(o.orderNo);
    if (!p) continue;
    markers.push([
      id,
      'cancelled',
      strOrNull(p.note),
      'pending',
      w.importId,
      w.now,
      p.created_by_user_id === null ? null : num(p.created_by_user_id),
      strOrNull(p.created_by_username),
    ]);
    cancelled.push(id);
    let entry = usedByNo.get(o.orderNo);
    if (!entry) usedByNo.set(o.orderNo, (entry = { orderNo: o.orderNo, platform: str(p.platform), orders: [] }));
    entry.orders.push({ id, shop: o.shopName! });
  }
  await insertMany(db, 'order_markers', ORDER_MARKER_COLUMNS, markers, {
    suffix: 'ON CONFLICT (order_id, kind) DO NOTHING',
  });
  // Every pending row this import matched is spent, the any-platform one included.
  await deleteIn(db, 'pending_cancellations', 'order_no', [...usedByNo.keys()], {
    sql: "platform IN ('', ?)",
    args: [platform],
  });
  return { used: [...usedByNo.values()], cancelled };
}

/**
 * A new order whose number already took a pending cancellation in an earlier import (same
 * platform) stays open: the cancellation was used there. Reported as a data-quality warning
 * naming the shop(s) whose order took it, so someone checks whether this one should go too
 * (`anySpent`: hasSpentCancellations).
 */
export async function warnSpentCancellations(
  db: RawSql,
  ctx: ParseContext,
  orders: OrderDraft[],
  platform: Platform,
  importId: number,
  anySpent: boolean,
) {
  if (orders.length === 0 || !anySpent) return;
  const rows: Record<string, unknown>[] = [];
  // CROSS JOIN keeps the numbers as the outer loop (SQLite never reorders it), each looked up
  // through orders_order_no; left to itself the planner may scan every order per number.
  for (const part of chunks([...new Set(orders.map((o) => o.orderNo))], CHUNK)) {
    const rs = await db.execute(
      `SELECT o.order_no, s.name AS shop FROM json_each(?) AS j
         CROSS JOIN orders o ON o.order_no = j.value
         JOIN order_markers m ON m.order_id = o.id AND m.kind = 'cancelled' AND m.source = 'pending'
         JOIN shops s ON s.id = o.shop_id
       WHERE o.platform = ? AND o.import_id IS NOT ?`,
      [JSON.stringify(part), platform, importId],
    );
    rows.push(...(rs.rows as unknown as Record<string, unknown>[]));
  }
  const shopsByNo = new Map<string, string[]>();
  for (const r of rows) {
    const list = shopsByNo.get(str(r.order_no)) ?? [];
    if (!list.includes(str(r.shop))) list.push(str(r.shop));
    shopsByNo.set(str(r.order_no), list);
  }
  for (const o of orders) {
    const shops = shopsByNo.get(o.orderNo);
    if (shops)
      ctx.issues.warn(
        o.firstRow,
        'pending_cancellation_already_used',
        { orderNo: o.orderNo, shop: shops.join(', ') },
        columnName(ctx, 'orderNo'),
        o.orderNo,
      );
  }
}

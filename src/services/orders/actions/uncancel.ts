// Uncancel: removes the cancel marker and the pending cancellations of the order number (this
// platform or any), which would otherwise cancel the order again at the next import
// (docs/domain/imports.md#pending-cancellations). The removed reasons stay in the audit row.
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import type { Db } from '../../../storage';
import { refreshClosedAtByIds } from '../closed-state';
import { chunks } from '../../../lib/chunks';
import { forChunks, KEYS_PER_STATEMENT, list } from './sql';
import { defineAction, type LoadedOrder } from './types';

async function removePendingCancellations(tx: Db, orders: LoadedOrder[]): Promise<number> {
  const byPlatform = new Map<string, string[]>();
  for (const o of orders) byPlatform.set(o.platform, [...(byPlatform.get(o.platform) ?? []), o.orderNo]);
  let removed = 0;
  for (const [platform, numbers] of byPlatform) {
    for (const part of chunks([...new Set(numbers)], KEYS_PER_STATEMENT)) {
      const rs = await tx.run(
        sql`DELETE FROM pending_cancellations WHERE platform IN (${platform}, '') AND order_no IN (${list(part)})`,
      );
      removed += rs.rowsAffected;
    }
  }
  return removed;
}

export const uncancel = defineAction({
  check: (order) => checkActionOnOrder('uncancel', order),
  apply: async ({ tx, orders, ids, now }) => {
    await forChunks(ids, (inIds) => tx.run(sql`DELETE FROM order_markers WHERE kind = 'cancelled' AND order_id IN (${inIds})`));
    const pendingCancellationsRemoved = await removePendingCancellations(tx, orders);
    await refreshClosedAtByIds(tx, ids, now);
    return { pendingCancellationsRemoved };
  },
  audit: ({ orders, outcome }) =>
    outcome
      ? {
          removedReasons: orders.map((o) => ({ orderId: o.id, orderNo: o.orderNo, reason: o.state.cancelReason })),
          pendingCancellationsRemoved: outcome.pendingCancellationsRemoved,
        }
      : {},
});

// Cancel: a manual cancel marker with the (required) reason; a new reason replaces the old one,
// which the audit row keeps.
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { badRequest } from '../../../errors';
import { refreshClosedAtByIds } from '../closed-state';
import { forChunks } from './sql';
import { defineAction, NO_PARAMS } from './types';

export const cancel = defineAction({
  params: (input) => {
    const reason = input.reason?.trim() ?? '';
    if (reason === '') throw badRequest('reason_required', 'กรุณาระบุสาเหตุการยกเลิก', [{ field: 'reason' }]);
    return { ...NO_PARAMS, reason };
  },
  check: (order, params) => checkActionOnOrder('cancel', order, params),
  apply: async ({ tx, ids, now, by, params }) => {
    await forChunks(ids, (inIds) =>
      tx.run(sql`INSERT INTO order_markers (order_id, kind, note, source, created_at, created_by_user_id, created_by_username)
        SELECT id, 'cancelled', ${params.reason}, 'manual', ${now}, ${by.id}, ${by.name} FROM orders WHERE id IN (${inIds})
        ON CONFLICT (order_id, kind) DO UPDATE SET note = excluded.note, source = excluded.source, created_at = excluded.created_at,
          created_by_user_id = excluded.created_by_user_id, created_by_username = excluded.created_by_username`),
    );
    await refreshClosedAtByIds(tx, ids, now);
  },
  audit: ({ orders, params }) => {
    const updated = orders.filter((o) => o.state.cancelled);
    return {
      reason: params.reason,
      ...(updated.length > 0
        ? { previousReasons: updated.map((o) => ({ orderId: o.id, reason: o.state.cancelReason })) }
        : {}),
    };
  },
});

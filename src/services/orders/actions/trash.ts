// Trash: a manual trashed marker (the order leaves every pile until restored or purged).
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { refreshClosedAtByIds } from '../closed-state';
import { forChunks } from './sql';
import { defineAction, noDetails } from './types';

export const trash = defineAction({
  check: (order) => checkActionOnOrder('trash', order),
  apply: async ({ tx, ids, now, by }) => {
    await forChunks(ids, (inIds) =>
      tx.run(sql`INSERT INTO order_markers (order_id, kind, source, created_at, created_by_user_id, created_by_username)
        SELECT id, 'trashed', 'manual', ${now}, ${by.id}, ${by.name} FROM orders WHERE id IN (${inIds})
        ON CONFLICT (order_id, kind) DO NOTHING`),
    );
    await refreshClosedAtByIds(tx, ids, now);
  },
  audit: noDetails,
});

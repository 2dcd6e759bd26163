// Restore: takes a trashed order out of the trash.
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { refreshClosedAtByIds } from '../closed-state';
import { forChunks } from './sql';
import { defineAction, noDetails } from './types';

export const restore = defineAction({
  check: (order) => checkActionOnOrder('restore', order),
  apply: async ({ tx, ids, now }) => {
    await forChunks(ids, (inIds) => tx.run(sql`DELETE FROM order_markers WHERE kind = 'trashed' AND order_id IN (${inIds})`));
    await refreshClosedAtByIds(tx, ids, now);
  },
  audit: noDetails,
});

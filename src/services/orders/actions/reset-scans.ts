// Reset scans: forgets the scan of scanned orders.
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { forChunks } from './sql';
import { defineAction, noDetails } from './types';

export const resetScans = defineAction({
  check: (order) => checkActionOnOrder('reset-scans', order),
  apply: ({ tx, ids }) =>
    forChunks(ids, (inIds) =>
      tx.run(
        sql`UPDATE orders SET scanned_at = NULL, scanned_by_user_id = NULL, scanned_by_username = NULL WHERE id IN (${inIds})`,
      ),
    ),
  audit: noDetails,
});

// Scan: records who scanned the order and when (scan station).
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { forChunks } from './sql';
import { defineAction, noDetails } from './types';

export const scan = defineAction({
  check: (order) => checkActionOnOrder('scan', order),
  apply: ({ tx, ids, now, by }) =>
    forChunks(ids, (inIds) =>
      tx.run(
        sql`UPDATE orders SET scanned_at = ${now}, scanned_by_user_id = ${by.id}, scanned_by_username = ${by.name} WHERE id IN (${inIds})`,
      ),
    ),
  audit: noDetails,
});

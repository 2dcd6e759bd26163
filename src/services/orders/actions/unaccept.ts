// Unaccept (ถอย): clears the accepted lines; only those count as touched.
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { forChunks } from './sql';
import { defineAction, noDetails } from './types';

export const unaccept = defineAction({
  check: (order) => checkActionOnOrder('unaccept', order),
  linesAffected: (order) => order.acceptedLines,
  apply: ({ tx, ids }) =>
    forChunks(ids, (inIds) =>
      tx.run(sql`UPDATE order_lines SET accepted = 0, accepted_at = NULL, accepted_by_user_id = NULL, accepted_by_username = NULL
        WHERE order_id IN (${inIds}) AND accepted = 1`),
    ),
  audit: noDetails,
});

// Accept (กดรับ): the whole order, only while it is in กอง 1 of the allocation as it is now.
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { forChunks } from './sql';
import { defineAction, noDetails } from './types';

export const accept = defineAction({
  usesAllocation: true,
  check: (order) => checkActionOnOrder('accept', order),
  apply: ({ tx, ids, now, by }) =>
    forChunks(ids, (inIds) =>
      tx.run(sql`UPDATE order_lines SET accepted = 1, accepted_at = ${now}, accepted_by_user_id = ${by.id}, accepted_by_username = ${by.name}
        WHERE order_id IN (${inIds})`),
    ),
  audit: noDetails,
});

// Accept (กดรับ): the whole order, only while it is in กอง 1 of the allocation as it is now.
import { checkActionOnOrder } from '../../../domain/piles';
import { chunks } from '../../../lib/chunks';
import { KEYS_PER_STATEMENT } from './sql';
import { defineAction, noDetails } from './types';

export const accept = defineAction({
  usesAllocation: true,
  check: (order) => checkActionOnOrder('accept', order),
  // Statements, not `apply`: they go out with the audit row (one round trip on a remote database).
  statements: ({ ids, now, by }) =>
    chunks(ids, KEYS_PER_STATEMENT).map((part) => ({
      sql: `UPDATE order_lines SET accepted = 1, accepted_at = ?, accepted_by_user_id = ?, accepted_by_username = ?
        WHERE order_id IN (SELECT value FROM json_each(?))`,
      args: [now, by.id, by.name, JSON.stringify(part)],
    })),
  audit: noDetails,
});

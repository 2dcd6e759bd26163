// Unissue: removes the issued marker (the order is no longer handed out to the warehouse).
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { forChunks } from './sql';
import { defineAction, noDetails } from './types';

export const unissue = defineAction({
  check: (order) => checkActionOnOrder('unissue', order),
  apply: ({ tx, ids }) =>
    forChunks(ids, (inIds) => tx.run(sql`DELETE FROM order_markers WHERE kind = 'issued' AND order_id IN (${inIds})`)),
  audit: noDetails,
});

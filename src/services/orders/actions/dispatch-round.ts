// Dispatch round: sets the order's round (an integer from 1); the audit row keeps the old rounds.
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { badRequest } from '../../../errors';
import { forChunks } from './sql';
import { defineAction, NO_PARAMS } from './types';

export const dispatchRound = defineAction({
  params: (input) => {
    const round = input.round ?? null;
    if (round === null || !Number.isInteger(round) || round < 1) {
      throw badRequest('invalid_round', 'รอบที่จ่ายงานต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป', [
        { field: 'round', value: input.round ?? null },
      ]);
    }
    return { ...NO_PARAMS, round };
  },
  check: (order, params) => checkActionOnOrder('dispatch-round', order, params),
  apply: ({ tx, ids, params }) =>
    forChunks(ids, (inIds) => tx.run(sql`UPDATE orders SET dispatch_round = ${params.round} WHERE id IN (${inIds})`)),
  audit: ({ orders, params }) => ({
    round: params.round,
    previousRounds: orders.map((o) => ({ orderId: o.id, round: o.state.dispatchRound })),
  }),
});

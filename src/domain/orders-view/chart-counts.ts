// The numbers behind the dashboard's small charts: distinct pending orders by SLA day
// (docs/domain/sla.md#sla-label) and the stock trouble of the piles
// (docs/domain/allocation.md#piles). Counted over the rows of the pending table, so a chart and the
// table it links to agree; each order counts once, judged on all of its lines.
import { orderSla, type SlaContext } from './select';
import { isPending } from '../piles';
import type { LineRecord } from './types';

export interface DueCounts {
  overdue: number;
  today: number;
  tomorrow: number;
}

export interface TroubleCounts {
  /** กอง 2: every line ready or low, at least one low. */
  low: number;
  /** กอง 3 with a line displayed SHORTAGE (nothing left for it). */
  shortage: number;
  /** กอง 3 whose short lines are all NOT_ENOUGH (some stock, not enough). */
  notEnough: number;
}

export interface PendingChartCounts {
  /** Distinct pending orders among the rows. */
  orders: number;
  due: DueCounts;
  trouble: TroubleCounts;
}

export function pendingChartCounts(rows: readonly LineRecord[], ctx: SlaContext): PendingChartCounts {
  const out: PendingChartCounts = { orders: 0, due: { overdue: 0, today: 0, tomorrow: 0 }, trouble: { low: 0, shortage: 0, notEnough: 0 } };
  // Each order once, marked by id (as the table's summary does: cheaper than a set of records).
  let maxId = 0;
  for (let i = 0; i < rows.length; i++) if (rows[i].order.id > maxId) maxId = rows[i].order.id;
  const seen = new Uint8Array(maxId + 1);
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i].order;
    if (seen[o.id] === 1) continue;
    seen[o.id] = 1;
    if (!isPending(o.flags)) continue;
    out.orders++;
    const sla = orderSla(o, ctx);
    if (sla !== null) {
      if (sla.overdue) out.due.overdue++;
      else if (sla.daysLeft === 0) out.due.today++;
      else if (sla.daysLeft === 1) out.due.tomorrow++;
    }
    if (o.pile === 2) out.trouble.low++;
    else if (o.pile === 3) {
      let shortage = false;
      for (const l of o.lines) if (l.alloc.displayStatus === 'SHORTAGE') shortage = true;
      if (shortage) out.trouble.shortage++;
      else out.trouble.notEnough++;
    }
  }
  return out;
}

// The numbers behind the dashboard's small charts: distinct pending orders by SLA day (2.1) and
// the stock trouble of the piles (3.3). Counted over the rows of the pending table, so a chart
// and the table it links to agree; each order counts once, judged on all of its lines.
import { dueMatches, orderSla, type SlaContext } from './select';
import { isPending } from '../piles';
import type { LineRecord, OrderRecord } from './types';

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

export function pendingChartCounts(rows: Iterable<LineRecord>, ctx: SlaContext): PendingChartCounts {
  const out: PendingChartCounts = { orders: 0, due: { overdue: 0, today: 0, tomorrow: 0 }, trouble: { low: 0, shortage: 0, notEnough: 0 } };
  const seen = new Set<OrderRecord>();
  for (const line of rows) {
    const o = line.order;
    if (seen.has(o)) continue;
    seen.add(o);
    if (!isPending(o.flags)) continue;
    out.orders++;
    const sla = orderSla(o, ctx);
    if (dueMatches(sla, 'overdue')) out.due.overdue++;
    else if (dueMatches(sla, 'today')) out.due.today++;
    else if (dueMatches(sla, 'tomorrow')) out.due.tomorrow++;
    if (o.pile === 2) out.trouble.low++;
    else if (o.pile === 3) {
      if (o.lines.some((l) => l.alloc.displayStatus === 'SHORTAGE')) out.trouble.shortage++;
      else out.trouble.notEnough++;
    }
  }
  return out;
}

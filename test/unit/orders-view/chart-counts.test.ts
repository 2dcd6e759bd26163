// The dashboard charts' numbers (SLA labels: docs/domain/sla.md#sla-label; piles:
// docs/domain/allocation.md#piles), on records built and allocated like the open pool: each pending
// order counted once, judged on all its lines.
import { describe, expect, it } from 'vitest';
import { pendingChartCounts } from '../../../src/domain/orders-view/chart-counts';
import { linesInDefaultOrder } from '../../../src/domain/orders-view/select';
import { BusinessCalendar, referenceDay } from '../../../src/domain/sla';
import { bkk, records } from './helpers';

const cal = new BusinessCalendar([]);
// Tuesday 2025-03-04, 09:00 Bangkok.
const ctx = { reference: referenceDay(bkk('2025-03-04 09:00'), cal), calendar: cal };

describe('pending chart counts', () => {
  it('counts orders by SLA day and stock trouble; closed orders and line repeats do not count', () => {
    const r = records(
      [
        // Shopee cut-off 12:00 (docs/domain/sla.md#cut-offs): Mon 11:59 is due Monday -> overdue 1
        // day on Tuesday.
        {
          no: 'OVERDUE',
          time: '2025-03-03 11:59',
          lines: [
            ['A', 1],
            ['B', 1],
          ],
        },
        // Tue 10:00 -> due today; Tue 12:01 -> due tomorrow (Wednesday).
        { no: 'TODAY', time: '2025-03-04 10:00', lines: [['A', 1]] },
        { no: 'TOMORROW', time: '2025-03-04 12:01', lines: [['A', 1]] },
        // No order time: no SLA.
        { no: 'NO-TIME', time: null, lines: [['A', 1]] },
        // Cancelled and trashed orders are not pending work.
        { no: 'CANCELLED', time: '2025-03-03 09:00', cancelled: '2025-03-03 10:00', lines: [['A', 1]] },
        { no: 'TRASHED', time: '2025-03-03 09:00', trashed: '2025-03-03 10:00', lines: [['A', 1]] },
        // Stock trouble: C has 5 -> LOW after 3 (2 left); D has none -> SHORTAGE; E has 1 for 2 -> NOT_ENOUGH.
        { no: 'LOW', time: '2025-03-04 10:00', lines: [['C', 3]] },
        {
          no: 'SHORT',
          time: '2025-03-04 10:00',
          lines: [
            ['A', 1],
            ['D', 1],
          ],
        },
        { no: 'NOT-ENOUGH', time: '2025-03-04 10:00', lines: [['E', 2]] },
      ],
      { A: 100, B: 100, C: 5, D: 0, E: 1 },
    );
    const rows = linesInDefaultOrder(r.orders.values());
    expect(pendingChartCounts(rows, ctx)).toEqual({
      orders: 7,
      // OVERDUE; TODAY, LOW, SHORT and NOT-ENOUGH (all Tue 10:00); TOMORROW.
      due: { overdue: 1, today: 4, tomorrow: 1 },
      trouble: { low: 1, shortage: 1, notEnough: 1 },
    });
  });

  it('judges the pile on every line of the order even when only one of its lines is among the rows (a search)', () => {
    const r = records(
      [
        {
          no: 'SHORT',
          time: '2025-03-04 10:00',
          lines: [
            ['A', 1],
            ['D', 1],
          ],
        },
      ],
      { A: 100, D: 0 },
    );
    const onlyA = linesInDefaultOrder(r.orders.values()).filter((l) => l.sku === 'A');
    expect(pendingChartCounts(onlyA, ctx).trouble).toEqual({ low: 0, shortage: 1, notEnough: 0 });
  });
});

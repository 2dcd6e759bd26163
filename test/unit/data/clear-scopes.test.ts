// Clear request resolution (docs/domain/data-safety.md#clear-scopes): Bangkok day bounds, `today`
// as a one-day date_range on orders, and the two 400s.
import { describe, expect, it } from 'vitest';
import { resolveClear } from '../../../src/domain/clear-scopes';

const BKK = 7 * 3_600_000;

describe('resolveClear', () => {
  it('turns a date range into Bangkok midnights: 2025-01-10..2025-01-11 is [2025-01-09 17:00Z, 2025-01-11 17:00Z)', () => {
    const r = resolveClear(
      { scope: 'date_range', dateFrom: '2025-01-10', dateTo: '2025-01-11', targets: ['sales', 'orders', 'sales'] },
      '2025-06-01',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        scope: 'date_range',
        dateFrom: '2025-01-10',
        dateTo: '2025-01-11',
        // Known order, duplicates dropped.
        targets: ['orders', 'sales'],
        range: [Date.UTC(2025, 0, 10) - BKK, Date.UTC(2025, 0, 12) - BKK],
      },
    });
  });

  it('makes `today` exactly date_range from = to = today with target orders', () => {
    expect(resolveClear({ scope: 'today' }, '2025-03-01')).toEqual({
      ok: true,
      value: {
        scope: 'today',
        dateFrom: '2025-03-01',
        dateTo: '2025-03-01',
        targets: ['orders'],
        range: [Date.UTC(2025, 2, 1) - BKK, Date.UTC(2025, 2, 2) - BKK],
      },
    });
  });

  it('ignores dates and targets on scopes that take none', () => {
    expect(resolveClear({ scope: 'all', dateFrom: '2025-01-01', targets: ['orders'] }, '2025-03-01')).toEqual({
      ok: true,
      value: { scope: 'all', dateFrom: null, dateTo: null, targets: [], range: null },
    });
  });

  it('refuses a reversed range and a non-date with invalid_date_range', () => {
    for (const [from, to] of [
      ['2025-01-11', '2025-01-10'],
      ['2025-02-30', '2025-03-01'],
      ['10/01/2025', '2025-01-11'],
      [undefined, '2025-01-11'],
    ]) {
      const r = resolveClear({ scope: 'date_range', dateFrom: from, dateTo: to, targets: ['orders'] }, '2025-06-01');
      expect(r.ok ? null : r.problem.code).toBe('invalid_date_range');
    }
    // One day is a valid range.
    expect(
      resolveClear(
        { scope: 'date_range', dateFrom: '2025-01-10', dateTo: '2025-01-10', targets: ['orders'] },
        '2025-06-01',
      ).ok,
    ).toBe(true);
  });

  it('needs at least one known target with invalid_targets', () => {
    for (const targets of [undefined, [], ['orders', 'products'], ['ORDERS']]) {
      const r = resolveClear(
        { scope: 'date_range', dateFrom: '2025-01-10', dateTo: '2025-01-11', targets },
        '2025-06-01',
      );
      expect(r.ok ? null : r.problem.code).toBe('invalid_targets');
    }
  });
});

// Pure rules behind the orders table, the dashboard and the export
// (docs/domain/allocation.md#dashboard-scope to #order-actions): date inputs, scope per view and
// mode, filters and sort, cards, per-order action rules.
import { describe, expect, it } from 'vitest';
import { parseDateFilters, parseDateInput } from '../../../src/domain/orders-view/dates';
import { inScope, makeScope, type OrdersView } from '../../../src/domain/orders-view/scope';
import {
  compareDefault,
  dueMatches,
  linesInDefaultOrder,
  matchesQuery,
  mergeSorted,
  NO_FILTERS,
  normaliseStatus,
  selectLines,
  sortRows,
  sortRowsSteps,
  summarise,
  summariseSteps,
  type LineFilters,
  type SlaContext,
} from '../../../src/domain/orders-view/select';
import { countCards } from '../../../src/domain/orders-view/cards';
import { checkActionOnOrder, type OrderActionState } from '../../../src/domain/piles';
import { BusinessCalendar, referenceDay } from '../../../src/domain/sla';
import { bkk, records, type SpecOrder } from './helpers';

const TODAY = '2025-03-05';
const NOW = bkk(`${TODAY} 14:00`);
const cal = new BusinessCalendar([]);
const ctx: SlaContext = { reference: referenceDay(NOW, cal), calendar: cal };
const scope = (view: OrdersView, extra: Partial<Parameters<typeof makeScope>[0]> = {}) =>
  makeScope({
    view,
    today: TODAY,
    dates: { importedFrom: null, importedTo: null, orderedFrom: null, orderedTo: null },
    ...extra,
  });

describe('date inputs (docs/domain/allocation.md#view-modes)', () => {
  it.each([
    ['2025-03-05', '2025-03-05'],
    ['2025-3-5', '2025-03-05'],
    ['05/03/2025', '2025-03-05'],
    ['5/3/2568', '2025-03-05'],
    ['2568-03-05', '2025-03-05'],
    [' 29/02/2024 ', '2024-02-29'],
  ])('%s -> %s', (input, expected) => expect(parseDateInput(input)).toBe(expected));

  it.each(['31/02/2568', '2025-13-01', '03-05-2025', 'yesterday', '', '05/03/25'])('%s is not a date', (input) =>
    expect(parseDateInput(input)).toBeNull(),
  );

  it('reports each unreadable filter with its Thai label and ignores it', () => {
    const { dates, warnings } = parseDateFilters({ importedFrom: 'xx', orderedTo: '01/01/2568', importedTo: '' });
    expect(dates).toEqual({ importedFrom: null, importedTo: null, orderedFrom: null, orderedTo: '2025-01-01' });
    expect(warnings).toEqual(["⚠️ รูปแบบวันที่ 'นำเข้า (เริ่ม)' ไม่ถูกต้อง: xx"]);
  });
});

const SPECS: SpecOrder[] = [
  { no: 'OPEN-OLD', importDate: '2025-03-01', lines: [['SKU-A', 1]] },
  { no: 'OPEN-NEW', importDate: TODAY, time: `${TODAY} 09:00`, lines: [['SKU-A', 1]] },
  { no: 'PACK-T', lines: [['SKU-A', 1]], sales: { status: 'packed', packedAt: `${TODAY} 10:00` } },
  { no: 'PACK-Y', lines: [['SKU-A', 1]], sales: { status: 'packed', packedAt: '2025-03-04 10:00' } },
  { no: 'CXL-T', lines: [['SKU-A', 1]], cancelled: `${TODAY} 00:00` },
  { no: 'CXL-Y', lines: [['SKU-A', 1]], cancelled: '2025-03-04 23:59' },
  { no: 'TRS', lines: [['SKU-A', 1]], trashed: `${TODAY} 09:00` },
  { no: 'TRS-ISS', lines: [['SKU-A', 1]], trashed: '2025-03-04 09:00', issued: { at: '2025-03-04 08:00' } },
  { no: 'ISS', lines: [['SKU-A', 1]], issued: { at: `${TODAY} 08:00`, source: 'print:nostock' } },
];

describe('scope per view and mode', () => {
  const r = records(SPECS, { 'SKU-A': 100 });
  const inView = (s: ReturnType<typeof scope>) =>
    [...r.orders.values()]
      .filter((o) => inScope(o, s))
      .map((o) => o.orderNo)
      .sort();

  it('default: every pending order plus those packed or cancelled today (Bangkok), trashed only when issued', () => {
    expect(scope('pending').mode).toBe('default');
    expect(inView(scope('pending'))).toEqual(['CXL-T', 'ISS', 'OPEN-NEW', 'OPEN-OLD', 'PACK-T', 'TRS-ISS']);
  });

  it('today: imported today or cancelled today; a date filter gives way to it', () => {
    const s = scope('pending', {
      todayMode: true,
      dates: { importedFrom: '2025-01-01', importedTo: null, orderedFrom: null, orderedTo: null },
    });
    expect(s.mode).toBe('today');
    expect(inView(s)).toEqual(['CXL-T', 'OPEN-NEW']);
  });

  it('filtered: import date and order day bounds are whole days, both ends inclusive', () => {
    const s = scope('pending', {
      dates: { importedFrom: null, importedTo: null, orderedFrom: TODAY, orderedTo: TODAY },
    });
    expect(s.mode).toBe('filtered');
    expect(inView(s)).toEqual(['OPEN-NEW']);
    const imported = scope('pending', {
      dates: { importedFrom: '2025-03-01', importedTo: '2025-03-01', orderedFrom: null, orderedTo: null },
    });
    expect(inView(imported)).toEqual(['OPEN-OLD']);
  });

  it('the other views list their orders of any date; trashed orders only in the trash', () => {
    expect(inView(scope('all'))).toEqual([
      'CXL-T',
      'CXL-Y',
      'ISS',
      'OPEN-NEW',
      'OPEN-OLD',
      'PACK-T',
      'PACK-Y',
      'TRS-ISS',
    ]);
    expect(inView(scope('issued'))).toEqual(['ISS']);
    expect(inView(scope('trash'))).toEqual(['TRS', 'TRS-ISS']);
    expect(inView(scope('cancelled'))).toEqual(['CXL-T', 'CXL-Y']);
    expect(inView(scope('packed'))).toEqual(['PACK-T', 'PACK-Y']);
  });

  it('platform and shop narrow the scope', () => {
    const two = records(
      [
        { no: 'A', shopId: 1, lines: [['X', 1]] },
        { no: 'B', shopId: 2, platform: 'Lazada', lines: [['X', 1]] },
      ],
      {},
    );
    const list = (s: ReturnType<typeof scope>) =>
      [...two.orders.values()].filter((o) => inScope(o, s)).map((o) => o.orderNo);
    expect(list(scope('all', { platform: 'Lazada' }))).toEqual(['B']);
    expect(list(scope('all', { shopIds: new Set([1]) }))).toEqual(['A']);
    expect(list(scope('all', { shopIds: new Set() }))).toEqual([]);
  });
});

describe('filters and sort', () => {
  // SKU-B: stock 2 -> X (q2) LOW, Y (q1) SHORTAGE. SKU-A plenty.
  const r = records(
    [
      {
        no: 'X',
        lines: [
          ['SKU-A', 1],
          ['SKU-B', 2],
        ],
        time: '2025-03-05 08:00',
      },
      {
        no: 'Y',
        lines: [
          ['SKU-A', 1],
          ['SKU-B', 1],
        ],
        time: '2025-03-05 09:00',
      },
      { no: 'Z', lines: [['SKU-A', 1]], cancelled: `${TODAY} 10:00` },
      { no: 'W', lines: [['SKU-A', 1]], time: '2025-03-05 13:00' },
    ],
    { 'SKU-A': 100, 'SKU-B': 2 },
  );
  const lines = linesInDefaultOrder(r.orders.values());
  const pick = (f: Partial<LineFilters>, view: OrdersView = 'pending') =>
    selectLines(lines, scope(view), { ...NO_FILTERS, ...f }, ctx).map((l) => `${l.order.orderNo}/${l.sku}`);

  it('an order-set code lists every line of the orders in the set; a displayed status lists matching lines', () => {
    expect(pick({ status: 'ORDER_PROBLEM' })).toEqual(['Y/SKU-A', 'Y/SKU-B']);
    expect(pick({ status: 'SHORTAGE' })).toEqual(['Y/SKU-B']);
    expect(pick({ status: normaliseStatus('order_low') })).toEqual(['X/SKU-A', 'X/SKU-B']);
    expect(pick({ status: 'TOTAL' })).toContain('Z/SKU-A');
  });

  it('without status or search the pending table hides cancelled lines; a search ignores the status', () => {
    expect(pick({})).toEqual(['W/SKU-A', 'X/SKU-A', 'X/SKU-B', 'Y/SKU-A', 'Y/SKU-B']);
    expect(pick({ q: 'sku-b', status: 'ORDER_READY' })).toEqual(['X/SKU-B', 'Y/SKU-B']);
    expect(pick({ q: 'widget' })).toEqual(['W/SKU-A', 'X/SKU-A', 'Y/SKU-A', 'Z/SKU-A']);
    expect(pick({ q: 'shop one' })).toHaveLength(6);
    expect(pick({}, 'all')).toHaveLength(6);
  });

  it('pile and due filters are order-level', () => {
    expect(pick({ pile: 2 })).toEqual(['X/SKU-A', 'X/SKU-B']);
    // Today 14:00: X and Y (before 12:00) are due today, W (13:00) tomorrow.
    expect(pick({ due: 'today' })).toEqual(['X/SKU-A', 'X/SKU-B', 'Y/SKU-A', 'Y/SKU-B']);
    expect(pick({ due: 'tomorrow' })).toEqual(['W/SKU-A']);
    expect(pick({ due: 'overdue' })).toEqual([]);
    expect(dueMatches(null, 'today')).toBe(false);
    expect(dueMatches({ label: 'เลยกำหนด (2 วัน)', daysLeft: -2, overdue: true }, 'overdue')).toBe(true);
  });

  it('the default order equals one sort by (order id, platform, shop, SKU) and merges with closed rows', () => {
    const sorted = [...r.lines].sort(compareDefault);
    expect(lines.map((l) => l.id)).toEqual(sorted.map((l) => l.id));
    const odd = sorted.filter((_, i) => i % 2 === 1);
    const even = sorted.filter((_, i) => i % 2 === 0);
    expect(mergeSorted(odd, even, compareDefault).map((l) => l.id)).toEqual(sorted.map((l) => l.id));
  });

  it('sorts a column with nulls last either way and ties in the default order', () => {
    const byTime = sortRows(lines, 'orderedAt', 'desc', 'all').map((l) => l.order.orderNo);
    expect(byTime).toEqual(['W', 'Y', 'Y', 'X', 'X', 'Z']);
    const byQty = sortRows(lines, 'qty', 'asc', 'all').map((l) => `${l.order.orderNo}/${l.sku}`);
    expect(byQty).toEqual(['W/SKU-A', 'X/SKU-A', 'Y/SKU-A', 'Y/SKU-B', 'Z/SKU-A', 'X/SKU-B']);
  });

  it('a column sort over more rows than one sorted run (8,192) equals one stable sort, nulls last, both ways', () => {
    // 20,000 orders of one or two lines: qty 1-7 repeats (many ties), every 5th order has no order time.
    const specs: SpecOrder[] = Array.from({ length: 20_000 }, (_, i) => ({
      no: `N${String(i).padStart(5, '0')}`,
      time: i % 5 === 0 ? null : `2025-03-0${1 + (i % 4)} ${String(8 + (i % 9)).padStart(2, '0')}:00`,
      lines:
        i % 3 === 0
          ? [
              ['SKU-A', 1 + (i % 7)],
              ['SKU-B', 1 + ((i * 3) % 7)],
            ]
          : [['SKU-A', 1 + (i % 7)]],
    }));
    const many = linesInDefaultOrder(records(specs, { 'SKU-A': 5, 'SKU-B': 5 }).orders.values());
    expect(many.length).toBeGreaterThan(3 * 8_192);
    // Reference: keys compared (nulls last in either direction), ties by the position given.
    const reference = (key: (l: (typeof many)[number]) => number | null, dir: 1 | -1) =>
      many
        .map((l, i) => ({ l, k: key(l), i }))
        .sort((a, b) =>
          a.k === b.k ? a.i - b.i : a.k === null ? 1 : b.k === null ? -1 : dir * (a.k - b.k) || a.i - b.i,
        )
        .map((x) => x.l.id);
    expect(sortRows(many, 'qty', 'asc', 'all').map((l) => l.id)).toEqual(reference((l) => l.qty, 1));
    expect(sortRows(many, 'qty', 'desc', 'all').map((l) => l.id)).toEqual(reference((l) => l.qty, -1));
    expect(sortRows(many, 'orderedAt', 'desc', 'all').map((l) => l.id)).toEqual(
      reference((l) => l.order.orderTime, -1),
    );
  });

  it('the step versions give the loop turns on large inputs and return what the plain ones do', () => {
    const specs: SpecOrder[] = Array.from({ length: 10_000 }, (_, i) => ({
      no: `S${i}`,
      lines: [['SKU-A', 1 + (i % 4)]],
    }));
    const many = linesInDefaultOrder(records(specs, { 'SKU-A': 10 }).orders.values());
    const run = <T>(steps: Generator<number, T, void>) => {
      let yields = 0;
      for (;;) {
        const r = steps.next();
        if (r.done) return { value: r.value, yields };
        yields++;
      }
    };
    const sorted = run(sortRowsSteps(many, 'qty', 'desc', 'all'));
    expect(sorted.yields).toBeGreaterThan(3);
    expect(sorted.value).toEqual(sortRows(many, 'qty', 'desc', 'all'));
    const total = run(summariseSteps(many));
    expect(total.yields).toBe(2);
    expect(total.value).toMatchObject({ orders: 10_000, rows: 10_000, qty: 2_500 * (1 + 2 + 3 + 4) });
  });

  it('the footer sums every filtered row', () => {
    expect(summarise(lines)).toEqual({
      orders: 4,
      rows: 6,
      brands: 1,
      stockQty: 100 * 4 + 2 * 2,
      qty: 7,
      allQty: 3 * 4 + 3 * 2,
    });
  });
});

describe('cards', () => {
  const r = records(SPECS, { 'SKU-A': 100 });
  const count = (view: OrdersView, q: string | null = null, extra: Partial<Parameters<typeof makeScope>[0]> = {}) => {
    const s = scope(view, extra);
    return countCards({
      scope: s,
      inScopeOrders: [...r.orders.values()].filter((o) => inScope(o, s)),
      trashedCandidates: r.orders.values(),
      q,
    });
  };

  it('counts orders and lines, splits ค้าง/วันนี้ and adds up per platform and shop', () => {
    const { cards, byPlatform, byShop } = count('pending');
    expect(cards.TOTAL).toMatchObject({ orders: 3, lines: 3, backlog: 2, today: 1 });
    expect(cards.PACKED.orders).toBe(1);
    expect(cards.ORDER_CANCELLED.orders).toBe(1);
    expect(cards.TRASHED.orders).toBe(1);
    expect(cards.ISSUED.orders).toBe(1);
    expect(cards.WH_RECEIVE_TOTAL).toMatchObject({ orders: 2, backlog: 1, today: 1, changed: 2 });
    expect(byPlatform.map((p) => p.platform)).toEqual(['Shopee']);
    expect(byShop[0].cards.TOTAL.orders).toBe(3);
  });

  it('candidates in two sources with a scope filter count as the orders in scope do, and give the scope totals', () => {
    // Two orders of two lines besides the shared ones: the totals count lines, not orders.
    const two = records(
      [
        ...SPECS,
        {
          no: 'TWO-1',
          lines: [
            ['SKU-A', 1],
            ['SKU-B', 2],
          ],
        },
        {
          no: 'TWO-2',
          lines: [
            ['SKU-B', 1],
            ['SKU-C', 1],
          ],
        },
      ],
      { 'SKU-A': 100 },
    );
    const all = [...two.orders.values()];
    const half = Math.ceil(all.length / 2);
    for (const [view, q] of [
      ['pending', null],
      ['all', null],
      ['pending', 'sku-a'],
      ['all', 'nothing-matches'],
    ] as const) {
      const s = scope(view);
      const inOne = countCards({
        scope: s,
        inScopeOrders: all.filter((o) => inScope(o, s)),
        trashedCandidates: all,
        q,
      });
      const inTwo = countCards({
        scope: s,
        inScopeOrders: all.slice(0, half),
        moreOrders: all.slice(half),
        keep: (o) => inScope(o, s),
        trashedCandidates: all,
        q,
      });
      expect(inTwo).toEqual(inOne);
      // The scope totals: orders having a line that matches, and those lines.
      const matching = all
        .filter((o) => inScope(o, s))
        .map((o) => (q === null ? o.lines.length : o.lines.filter((l) => matchesQuery(l, q)).length));
      expect(inOne.inScope).toEqual({
        orders: matching.filter((m) => m > 0).length,
        lines: matching.reduce((a, b) => a + b, 0),
      });
      if (q === null) expect(inOne.inScope.lines).toBeGreaterThan(inOne.inScope.orders);
    }
  });

  it('จ่ายงานแล้ว follows the mode: issued today by default, all issued in the all-time view', () => {
    expect(count('all').cards.ISSUED.orders).toBe(2);
    expect(count('pending', null, { todayMode: true }).cards.ISSUED.orders).toBe(0);
  });

  it('a search keeps only orders with a matching line; จ่ายงานแล้ว searches the order id only', () => {
    const { cards } = count('pending', 'open-old');
    expect(cards.TOTAL.orders).toBe(1);
    expect(cards.ISSUED.orders).toBe(0);
    expect(count('pending', 'iss').cards.ISSUED.orders).toBe(1);
    expect(count('pending', 'widget').cards.ISSUED.orders).toBe(0);
    expect(count('pending', 'widget').cards.TOTAL.orders).toBe(3);
  });
});

describe('per-order action rules (4)', () => {
  const base: OrderActionState = {
    cancelled: false,
    trashed: false,
    packed: false,
    billEmpty: false,
    issued: false,
    lines: [{ computedStatus: 'READY_ACCEPT', displayStatus: 'READY_ACCEPT', accepted: false }],
    scanned: false,
    dispatchRound: null,
    cancelReason: null,
  };
  it('reports repeats instead of changing anything', () => {
    expect(checkActionOnOrder('scan', { ...base, scanned: true })).toMatchObject({ ok: false, reason: 'สแกนไปแล้ว' });
    expect(checkActionOnOrder('reset-scans', base)).toMatchObject({ ok: false, reason: 'ยังไม่ได้สแกน' });
    expect(checkActionOnOrder('dispatch-round', { ...base, dispatchRound: 2 }, { round: 2 })).toMatchObject({
      ok: false,
      reason: 'ตั้งรอบนี้ไว้แล้ว',
    });
    expect(checkActionOnOrder('dispatch-round', { ...base, dispatchRound: 2 }, { round: 3 })).toEqual({ ok: true });
    expect(
      checkActionOnOrder('cancel', { ...base, cancelled: true, cancelReason: 'a' }, { reason: 'a' }),
    ).toMatchObject({ ok: false, reason: 'ถูกยกเลิกแล้ว' });
    expect(checkActionOnOrder('cancel', { ...base, cancelled: true, cancelReason: 'a' }, { reason: 'b' })).toEqual({
      ok: true,
    });
    expect(checkActionOnOrder('trash', { ...base, trashed: true })).toMatchObject({ ok: false, reason: 'ถูกลบแล้ว' });
  });
  it('delegates the state rules of the other actions', () => {
    expect(checkActionOnOrder('accept', base)).toEqual({ ok: true });
    expect(checkActionOnOrder('accept', { ...base, issued: true })).toMatchObject({ reason: 'จ่ายงานแล้ว' });
    expect(checkActionOnOrder('purge', base)).toMatchObject({ reason: 'ไม่อยู่ในถังขยะ' });
    expect(checkActionOnOrder('unissue', { ...base, issued: true })).toEqual({ ok: true });
  });
});

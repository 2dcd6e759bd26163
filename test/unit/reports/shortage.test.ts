// "Why is this line short?" (docs/domain/allocation.md#why-a-line-is-short). The examples are those
// of docs/domain/allocation.md#worked-examples; `heldBy` and `missing` are worked by hand from the
// rules of docs/domain/allocation.md#processing-order and #consumption (each case shows the
// arithmetic). The properties compare with a brute force over extra stock and with an independent
// restatement of the queue order written here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAllocation, compareCodePoints, type OrderFlags, type Platform } from '../../../src/domain/allocation';
import { explainShortage, explainShortages, type QueueLine } from '../../../src/domain/allocation/shortage';
import { buildExample, OPEN, type LineSpec } from '../allocation/helpers';

function queue(specs: LineSpec[], sku: string): { lines: QueueLine[]; id: (name: string) => number } {
  const { lines, orders, idOf } = buildExample(specs, sku);
  return {
    lines: lines.map((l) => ({ ...l, flags: orders.get(l.orderId)!, shopName: `shop-${l.id}` })),
    id: (name) => idOf.get(name)!,
  };
}

const held = (q: ReturnType<typeof queue>, names: string[]) =>
  names.map((n) => q.lines.find((l) => l.id === q.id(n))!.id);

describe('Example A (SKU A, on-hand 10; queue L2, L4, L3, L1)', () => {
  const q = queue(
    [
      { name: 'L1', platform: 'Lazada', time: '09:00', qty: 2 },
      { name: 'L2', platform: 'Shopee', time: '10:00', qty: 3 },
      { name: 'L3', platform: 'TikTok', time: '08:00', qty: 4 },
      { name: 'L4', platform: 'Shopee', time: '11:00', qty: 2 },
    ],
    'A',
  );
  it('L3 LOW_STOCK: held by L2 and L4; READY needs R >= 4+4 = 8 at L3, it sees 5 -> 3 more', () => {
    const s = explainShortage(q.lines, 'A', 10, q.id('L3'))!;
    expect(s.heldBy.map((h) => h.lineId)).toEqual(held(q, ['L2', 'L4']));
    expect(s.heldBy[0]).toEqual({
      lineId: q.id('L2'),
      orderNo: 'ORD-L2',
      shop: `shop-${q.id('L2')}`,
      platform: 'Shopee',
      qty: 3,
      committed: false,
    });
    expect(s.missing).toBe(3);
    expect(s.missingToFit).toBe(0);
  });
  it('L1 NOT_ENOUGH (R = 1, qty 2): held by L2, L4, L3; 1 more fits it (R 2 -> LOW), 5 more make it READY (R 6 - 2 = 4)', () => {
    const s = explainShortage(q.lines, 'A', 10, q.id('L1'))!;
    expect(s.heldBy.map((h) => h.lineId)).toEqual(held(q, ['L2', 'L4', 'L3']));
    expect([s.missingToFit, s.missing]).toEqual([1, 5]);
  });
  it('a READY_ACCEPT line has no shortage', () => {
    expect(explainShortage(q.lines, 'A', 10, q.id('L2'))).toBeNull();
  });
  it('an unknown line has none', () => {
    expect(explainShortage(q.lines, 'A', 10, 999)).toBeNull();
  });
});

describe('Example B (SKU B, on-hand 5; queue M1 q6, M2 q2, M3 q3, M4 q1; M5 cancelled)', () => {
  const q = queue(
    [
      { name: 'M1', platform: 'Shopee', time: '09:00', qty: 6 },
      { name: 'M2', platform: 'Shopee', time: '10:00', qty: 2 },
      { name: 'M3', platform: 'TikTok', time: '08:00', qty: 3 },
      { name: 'M4', platform: 'Lazada', time: '07:00', qty: 1 },
      { name: 'M5', platform: 'Shopee', time: '08:30', qty: 4, flags: { cancelled: true } },
    ],
    'B',
  );
  it('M1 NOT_ENOUGH first in the queue: held by nobody; fits with 6 (1 more), READY with 10 (5 more)', () => {
    const s = explainShortage(q.lines, 'B', 5, q.id('M1'))!;
    expect(s).toEqual({ heldBy: [], missingToFit: 1, missing: 5 });
  });
  it('M2 LOW_STOCK: nobody ahead took stock (M1 was skipped), yet 1-6 more pieces go to M1 first; READY needs 6 + 6 = 12 -> 7 more', () => {
    const s = explainShortage(q.lines, 'B', 5, q.id('M2'))!;
    expect(s).toEqual({ heldBy: [], missingToFit: 0, missing: 7 });
  });
  it('M3 LOW_STOCK held by M2; READY needs M1 6 + M2 2 + 7 = 15 -> 10 more', () => {
    const s = explainShortage(q.lines, 'B', 5, q.id('M3'))!;
    expect(s.heldBy.map((h) => h.lineId)).toEqual(held(q, ['M2']));
    expect([s.missingToFit, s.missing]).toEqual([0, 10]);
  });
  it('M4 SHORTAGE held by M2, M3; 2 more: M1 takes 6, 1 left for M4; READY: 6 + 2 + 3 + 5 = 16 -> 11 more', () => {
    const s = explainShortage(q.lines, 'B', 5, q.id('M4'))!;
    expect(s.heldBy.map((h) => [h.lineId, h.qty])).toEqual([
      [q.id('M2'), 2],
      [q.id('M3'), 3],
    ]);
    expect([s.missingToFit, s.missing]).toEqual([2, 11]);
  });
  it('the cancelled M5 is never explained nor holding', () => {
    expect(explainShortage(q.lines, 'B', 5, q.id('M5'))).toBeNull();
  });
});

describe('Example C (SKU C, on-hand 4): committed lines hold first', () => {
  const q = queue(
    [
      { name: 'N1', platform: 'Lazada', time: '08:00', qty: 3, accepted: true },
      { name: 'N2', platform: 'Shopee', time: '09:30', qty: 2 },
      { name: 'N3', platform: 'TikTok', time: '10:00', qty: 1, flags: { issued: true } },
    ],
    'C',
  );
  it('N2 SHORTAGE is held by N3 (issued) then N1 (accepted), both committed; fits with 6 (2 more), READY with 10 (6 more)', () => {
    const s = explainShortage(q.lines, 'C', 4, q.id('N2'))!;
    expect(s.heldBy.map((h) => [h.lineId, h.platform, h.committed])).toEqual([
      [q.id('N3'), 'TikTok', true],
      [q.id('N1'), 'Lazada', true],
    ]);
    expect([s.missingToFit, s.missing]).toEqual([2, 6]);
  });
});

describe('committed lines first, the smaller case: stock 5, accepted TikTok q4 08:00, new Shopee q3 09:00', () => {
  const q = queue(
    [
      { name: 'T', platform: 'TikTok', time: '08:00', qty: 4, accepted: true },
      { name: 'S', platform: 'Shopee', time: '09:00', qty: 3 },
    ],
    'E',
  );
  it('Shopee NOT_ENOUGH held by the accepted TikTok line; fits with 7 (2 more), READY with 11 (6 more)', () => {
    const s = explainShortage(q.lines, 'E', 5, q.id('S'))!;
    expect(s.heldBy).toEqual([
      { lineId: q.id('T'), orderNo: 'ORD-T', shop: `shop-${q.id('T')}`, platform: 'TikTok', qty: 4, committed: true },
    ]);
    expect([s.missingToFit, s.missing]).toEqual([2, 6]);
  });
  it('explainShortages answers the same for each line of the SKU, and nothing for a line of another SKU', () => {
    const all = explainShortages(q.lines, 'E', 5, [q.id('S'), q.id('T'), 77]);
    expect(all.get(q.id('S'))).toEqual(explainShortage(q.lines, 'E', 5, q.id('S')));
    // T is ACCEPTED but computed LOW_STOCK (1 left): it is explained like any LOW line.
    expect(all.get(q.id('T'))).toEqual({ heldBy: [], missingToFit: 0, missing: 3 });
    expect(all.has(77)).toBe(false);
  });
  it('refuses lines of another SKU', () => {
    expect(() => explainShortage([{ ...q.lines[0], sku: 'X' }], 'E', 5, q.id('T'))).toThrow(RangeError);
  });
});

// --- properties -------------------------------------------------------------------------------

const PRIORITY: Record<Platform, number> = { Shopee: 1, TikTok: 2, Lazada: 3, Other: 4 };

/** The 1.3 order restated independently of compute.ts (test oracle). */
function referenceQueue(lines: QueueLine[]): QueueLine[] {
  const open = lines.filter((l) => !l.flags.cancelled && !l.flags.trashed && !l.flags.packed && !l.flags.billEmpty);
  const committed = (l: QueueLine) => (l.accepted || l.flags.issued ? 0 : 1);
  const time = (a: QueueLine, b: QueueLine) => {
    if (a.orderTime === b.orderTime) return 0;
    if (a.orderTime === null) return 1;
    if (b.orderTime === null) return -1;
    return a.orderTime - b.orderTime;
  };
  return open.sort(
    (a, b) =>
      committed(a) - committed(b) ||
      PRIORITY[a.platform] - PRIORITY[b.platform] ||
      time(a, b) ||
      compareCodePoints(a.orderNo, b.orderNo) ||
      a.id - b.id,
  );
}

const T0 = Date.parse('2025-03-03T09:00:00+07:00');
const lineArb = fc.record({
  platform: fc.constantFrom<Platform>('Shopee', 'TikTok', 'Lazada', 'Other'),
  hour: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  orderNo: fc.constantFrom('1', '2', '10', 'A'),
  qty: fc.integer({ min: 1, max: 7 }),
  accepted: fc.integer({ min: 1, max: 5 }).map((x) => x === 1),
  issued: fc.integer({ min: 1, max: 6 }).map((x) => x === 1),
  cancelled: fc.integer({ min: 1, max: 8 }).map((x) => x === 1),
});
const scenarioArb = fc
  .record({ lines: fc.array(lineArb, { minLength: 1, maxLength: 14 }), onHand: fc.integer({ min: 0, max: 20 }) })
  .map(({ lines, onHand }) => ({
    onHand,
    lines: lines.map(
      (l, i): QueueLine => ({
        id: i + 1,
        orderId: i + 1,
        orderNo: l.orderNo,
        platform: l.platform,
        sku: 'P',
        qty: l.qty,
        orderTime: l.hour === null ? null : T0 + l.hour * 3_600_000,
        accepted: l.accepted,
        flags: { ...OPEN, issued: l.issued, cancelled: l.cancelled } satisfies OrderFlags,
        shopName: 'S',
      }),
    ),
  }));

function statusWith(lines: QueueLine[], onHand: number, id: number) {
  const flags = new Map(lines.map((l) => [l.orderId, l.flags]));
  return computeAllocation({ lines, orders: flags, stock: new Map([['P', onHand]]) }).byLineId(id)!;
}

describe('shortage properties (seeded)', () => {
  it('missing / missingToFit are the least extra stock that makes the line READY / fit (brute force over the whole pool)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ lines, onHand }) => {
        const total = lines.reduce((n, l) => n + l.qty, 0);
        for (const l of lines) {
          const s = explainShortage(lines, 'P', onHand, l.id);
          const status = statusWith(lines, onHand, l.id).computedStatus;
          if (status !== 'LOW_STOCK' && status !== 'NOT_ENOUGH' && status !== 'SHORTAGE') {
            expect(s).toBeNull();
            continue;
          }
          let ready = -1;
          let fit = -1;
          for (let m = 0; m <= total + 10 && (ready < 0 || fit < 0); m++) {
            const c = statusWith(lines, onHand + m, l.id).computedStatus;
            if (fit < 0 && (c === 'READY_ACCEPT' || c === 'LOW_STOCK')) fit = m;
            if (ready < 0 && c === 'READY_ACCEPT') ready = m;
          }
          expect([s!.missing, s!.missingToFit]).toEqual([ready, fit]);
        }
      }),
      { seed: 14, numRuns: 150 },
    );
  });

  it('heldBy = the consuming lines ahead in the 1.3 order (independent restatement), and their qty = on-hand - what the line sees', () => {
    fc.assert(
      fc.property(scenarioArb, ({ lines, onHand }) => {
        const order = referenceQueue(lines);
        const flags = new Map(lines.map((l) => [l.orderId, l.flags]));
        const result = computeAllocation({ lines, orders: flags, stock: new Map([['P', onHand]]) });
        for (const [i, l] of order.entries()) {
          const s = explainShortage(lines, 'P', onHand, l.id);
          if (s === null) continue;
          const expected = order
            .slice(0, i)
            .filter((a) => ['READY_ACCEPT', 'LOW_STOCK'].includes(result.byLineId(a.id)!.computedStatus!))
            .map((a) => a.id);
          expect(s.heldBy.map((h) => h.lineId)).toEqual(expected);
          expect(s.heldBy.reduce((n, h) => n + h.qty, 0)).toBe(onHand - result.byLineId(l.id)!.stockBefore!);
        }
      }),
      { seed: 15, numRuns: 150 },
    );
  });
});

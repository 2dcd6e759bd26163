// Property tests of computeAllocation (seeded). Scenarios are small (3 SKUs, up to 12 orders and
// 40 lines) with colliding order numbers and times so that every tie-break is exercised.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeAllocation,
  type AllocationResult,
  type AllocLine,
  type ComputedStatus,
  type LineAllocation,
  type OrderFlags,
  type Platform,
} from '../../../src/domain/allocation';
import { OPEN, shuffled } from './helpers';

const RUNS = { seed: 42, numRuns: 200 } as const;
const SKUS = ['A', 'B', 'C'] as const;
const T0 = Date.parse('2025-03-03T09:00:00+07:00');

interface Scenario {
  lines: AllocLine[];
  orders: Map<number, OrderFlags>;
  stock: Map<string, number>;
  shopOf: Map<number, number>;
}

const rare = (oneIn: number) => fc.integer({ min: 1, max: oneIn }).map((x) => x === 1);

const orderArb = fc.record({
  platform: fc.constantFrom<Platform>('Shopee', 'TikTok', 'Lazada', 'Other'),
  shop: fc.integer({ min: 0, max: 2 }),
  orderNo: fc.constantFrom('100', '1000', '99', 'A-1', 'a-1', 'B', 'SO-1', 'SO-2', '\uFF01', '\u{1F600}'),
  time: fc.option(
    fc.integer({ min: 0, max: 3 }).map((h) => T0 + h * 3_600_000),
    { nil: null },
  ),
  cancelled: rare(8),
  trashed: rare(8),
  packed: rare(8),
  billEmpty: rare(8),
  issued: rare(5),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .array(orderArb, { minLength: 1, maxLength: 12 })
  .chain((orders) =>
    fc.record({
      orders: fc.constant(orders),
      lines: fc.array(
        fc.record({
          order: fc.integer({ min: 0, max: orders.length - 1 }),
          sku: fc.constantFrom(...SKUS),
          qty: fc.integer({ min: 1, max: 6 }),
          accepted: rare(4),
        }),
        { maxLength: 40 },
      ),
      stock: fc.tuple(
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
      ),
    }),
  )
  .map(({ orders, lines, stock }) => {
    const flags = new Map<number, OrderFlags>();
    const shopOf = new Map<number, number>();
    orders.forEach((o, i) => {
      const { cancelled, trashed, packed, billEmpty, issued } = o;
      flags.set(i + 1, { cancelled, trashed, packed, billEmpty, issued });
      shopOf.set(i + 1, o.shop);
    });
    return {
      orders: flags,
      shopOf,
      stock: new Map(SKUS.map((s, i) => [s, stock[i]])),
      lines: lines.map((l, i) => {
        const o = orders[l.order];
        return {
          id: i + 1,
          orderId: l.order + 1,
          orderNo: o.orderNo,
          platform: o.platform,
          sku: l.sku,
          qty: l.qty,
          orderTime: o.time,
          accepted: l.accepted,
        };
      }),
    };
  });

const run = (s: Scenario, lines: readonly AllocLine[] = s.lines) =>
  computeAllocation({ lines, orders: s.orders, stock: s.stock });
const flagsOf = (s: Scenario, l: { orderId: number }) => s.orders.get(l.orderId) ?? OPEN;
const isOpen = (f: OrderFlags) => !f.trashed && !f.cancelled && !f.packed && !f.billEmpty;
const consumes = (l: LineAllocation) => l.computedStatus === 'READY_ACCEPT' || l.computedStatus === 'LOW_STOCK';
const byId = (r: AllocationResult) => new Map(r.lines.map((l) => [l.id, l]));
const pick = (l: LineAllocation | undefined) =>
  l && { computedStatus: l.computedStatus, stockBefore: l.stockBefore, displayStatus: l.displayStatus };

/**
 * Straight from the rule text (docs/domain/allocation.md#line-classification to #consumption),
 * written independently of the implementation.
 */
function reference(s: Scenario): Map<number, { computedStatus: ComputedStatus; stockBefore: number }> {
  const priority: Record<Platform, number> = { Shopee: 1, TikTok: 2, Lazada: 3, Other: 4 };
  const codePoints = (x: string) => Array.from(x, (c) => c.codePointAt(0)!);
  const cmpCodePoints = (a: string, b: string) => {
    const pa = codePoints(a);
    const pb = codePoints(b);
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
    return pa.length - pb.length;
  };
  // earliest first, missing last
  const cmpTime = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);
  const committed = (l: AllocLine) => l.accepted || flagsOf(s, l).issued;
  const open = s.lines.filter((l) => isOpen(flagsOf(s, l)));
  const out = new Map<number, { computedStatus: ComputedStatus; stockBefore: number }>();
  for (const sku of new Set(open.map((l) => l.sku))) {
    const queue = open
      .filter((l) => l.sku === sku)
      .sort(
        (a, b) =>
          Number(committed(b)) - Number(committed(a)) ||
          priority[a.platform] - priority[b.platform] ||
          cmpTime(a.orderTime, b.orderTime) ||
          cmpCodePoints(a.orderNo, b.orderNo) ||
          a.id - b.id,
      );
    let r = s.stock.get(sku) ?? 0;
    for (const l of queue) {
      let status: ComputedStatus;
      const before = r;
      if (r <= 0) status = 'SHORTAGE';
      else if (r < l.qty) status = 'NOT_ENOUGH';
      else if (r - l.qty <= 3) (status = 'LOW_STOCK'), (r -= l.qty);
      else (status = 'READY_ACCEPT'), (r -= l.qty);
      out.set(l.id, { computedStatus: status, stockBefore: before });
    }
  }
  return out;
}

describe('computeAllocation properties', () => {
  it('agrees with a direct transcription of the spec (reference model)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const ref = reference(s);
        for (const l of run(s).lines) {
          const want = ref.get(l.id);
          expect(want ? { computedStatus: l.computedStatus, stockBefore: l.stockBefore } : null).toEqual(want ?? null);
          if (!want) expect([l.computedStatus, l.stockBefore]).toEqual([null, null]);
        }
      }),
      RUNS,
    );
  });

  it('never allocates more than the on-hand stock of a SKU, and the books balance', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        for (const sku of SKUS) {
          const lines = r.lines.filter((l) => l.sku === sku);
          const consumed = lines.filter(consumes).reduce((sum, l) => sum + s.lines[l.id - 1].qty, 0);
          const openQty = lines
            .filter((l) => l.computedStatus !== null)
            .reduce((sum, l) => sum + s.lines[l.id - 1].qty, 0);
          const a = r.sku(sku);
          expect(consumed).toBeLessThanOrEqual(a.onHand);
          expect(a).toEqual({
            sku,
            onHand: s.stock.get(sku),
            allQty: openQty,
            allocated: consumed,
            remaining: a.onHand - consumed,
          });
          expect(a.remaining).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  // Precisely: (a) committed lines are allocated as if no uncommitted line existed; (b) an
  // uncommitted line only ever sees the stock the committed lines of its SKU left; (c) stock taken
  // by an uncommitted line could not have served any committed line of the SKU that was denied.
  it('serves every committed line before any uncommitted line of the same SKU', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const full = run(s);
        const committedOnly = byId(
          run(
            s,
            s.lines.filter((l) => full.lines[l.id - 1].committed),
          ),
        );
        for (const l of full.lines) if (l.committed) expect(pick(l)).toEqual(pick(committedOnly.get(l.id)));

        for (const sku of SKUS) {
          const lines = full.lines.filter((l) => l.sku === sku && l.computedStatus !== null);
          const committed = lines.filter((l) => l.committed);
          const uncommitted = lines.filter((l) => !l.committed);
          const leftByCommitted =
            (s.stock.get(sku) ?? 0) - committed.filter(consumes).reduce((sum, l) => sum + s.lines[l.id - 1].qty, 0);
          for (const u of uncommitted) expect(u.stockBefore!).toBeLessThanOrEqual(leftByCommitted);
          for (const c of committed.filter((l) => l.committedShort)) {
            expect(s.lines[c.id - 1].qty).toBeGreaterThan(c.stockBefore!);
            for (const u of uncommitted.filter(consumes)) expect(u.stockBefore!).toBeLessThan(s.lines[c.id - 1].qty);
          }
        }
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the input lines', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (s, seed) => {
        const a = byId(run(s));
        const b = byId(run(s, shuffled(s.lines, seed)));
        expect(b).toEqual(a);
        expect([...run(s, shuffled(s.lines, seed)).skus.values()].sort((x, y) => (x.sku < y.sku ? -1 : 1))).toEqual(
          [...run(s).skus.values()].sort((x, y) => (x.sku < y.sku ? -1 : 1)),
        );
      }),
      RUNS,
    );
  });

  // Status is a function of the global input only: a platform/shop filter applied to the output
  // sees exactly the unfiltered statuses, however the input was assembled (e.g. loaded per shop),
  // and lines of unrelated SKUs in any platform or shop change nothing.
  it('filtering the output by platform/shop shows the statuses of the unfiltered run', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const full = byId(run(s));
        const perShop = [...s.lines].sort(
          (a, b) =>
            s.shopOf.get(a.orderId)! - s.shopOf.get(b.orderId)! ||
            (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0),
        );
        const assembled = byId(run(s, perShop));
        const extra: AllocLine[] = ['Shopee', 'Lazada'].map((p, i) => ({
          id: 10_000 + i,
          orderId: 1,
          orderNo: '0',
          platform: p as Platform,
          sku: 'UNRELATED',
          qty: 1,
          orderTime: T0 - 1,
          accepted: true,
        }));
        const widened = byId(run(s, [...extra, ...s.lines]));
        for (const platform of ['Shopee', 'TikTok', 'Lazada', 'Other'] as const) {
          for (const shop of [0, 1, 2]) {
            const inView = s.lines.filter((l) => l.platform === platform && s.shopOf.get(l.orderId) === shop);
            for (const l of inView) {
              expect(pick(assembled.get(l.id))).toEqual(pick(full.get(l.id)));
              expect(pick(widened.get(l.id))).toEqual(pick(full.get(l.id)));
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('trashed, cancelled, packed and bill-empty lines never consume and never affect open lines', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const full = run(s);
        const openOnly = byId(
          run(
            s,
            s.lines.filter((l) => isOpen(flagsOf(s, l))),
          ),
        );
        for (const l of full.lines) {
          const f = flagsOf(s, l);
          if (isOpen(f)) {
            expect(pick(l)).toEqual(pick(openOnly.get(l.id)));
          } else {
            expect([l.computedStatus, l.stockBefore, l.committed, l.committedShort]).toEqual([
              null,
              null,
              false,
              false,
            ]);
            expect(l.listed).toBe(!f.trashed);
            const expected = f.cancelled
              ? 'CANCELLED'
              : f.packed
                ? 'PACKED'
                : f.billEmpty
                  ? 'BILL_EMPTY'
                  : l.accepted
                    ? 'ACCEPTED'
                    : null;
            expect(l.displayStatus).toBe(expected);
          }
        }
      }),
      RUNS,
    );
  });

  it('displayed status of open lines: ACCEPTED when accepted, else the computed status (docs/domain/allocation.md#displayed-status)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const l of run(s).lines) {
          if (l.computedStatus === null) continue;
          expect(l.displayStatus).toBe(l.accepted ? 'ACCEPTED' : l.computedStatus);
          expect(l.committed).toBe(l.accepted || flagsOf(s, l).issued);
          expect(l.committedShort).toBe(
            l.committed && (l.computedStatus === 'SHORTAGE' || l.computedStatus === 'NOT_ENOUGH'),
          );
        }
      }),
      RUNS,
    );
  });
});

// deriveOrder keeps the order sets it computed by their inputs (src/domain/orders-view/build.ts):
// whatever orders were derived before, an order's sets must be what orderSets says of it now
// (docs/domain/read-model.md#memory-form).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SkuFacts } from '../../../src/domain/orders-view/build';
import { orderSets } from '../../../src/domain/piles';
import { records, type SpecOrder } from './helpers';

const SALES = [null, '', '  ', 'ยังไม่มีการเปิดใบขาย', 'เปิดใบขายครบตามจำนวนแล้ว', 'อื่น ๆ'];
const SOURCES = ['manual', 'print:lowstock', 'print:nostock', 'print:notenough', 'import'];
const SKUS = ['SKU-A', 'SKU-B', 'SKU-C'];

const spec = (i: number) =>
  fc
    .record({
      lines: fc.array(fc.tuple(fc.constantFrom(...SKUS), fc.integer({ min: 1, max: 4 }), fc.boolean()), {
        minLength: 0,
        maxLength: 6,
      }),
      cancelled: fc.boolean(),
      issued: fc.option(fc.constantFrom(...SOURCES), { nil: undefined }),
      trashed: fc.boolean(),
      billEmpty: fc.boolean(),
      sales: fc.option(fc.constantFrom(...SALES), { nil: undefined }),
      scanned: fc.boolean(),
    })
    .map(
      (s): SpecOrder => ({
        no: `SO-${i}`,
        lines: s.lines,
        cancelled: s.cancelled ? '2025-03-03 09:00' : undefined,
        issued: s.issued === undefined ? undefined : { at: '2025-03-03 09:00', source: s.issued },
        trashed: s.trashed ? '2025-03-03 10:00' : undefined,
        billEmpty: s.billEmpty,
        sales: s.sales === undefined ? undefined : { status: s.sales },
        scanned: s.scanned,
      }),
    );

describe('order sets kept by their inputs', () => {
  it('every order gets the sets orderSets gives for it, however many alike came before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => spec(i)))),
        fc.record({ 'SKU-A': fc.nat(6), 'SKU-B': fc.nat(6), 'SKU-C': fc.nat(6) }),
        (specs, stock) => {
          const built = records(specs, stock);
          for (const o of built.orders.values()) {
            const direct = orderSets({
              ...o.flags,
              lines: o.lines.map((l) => l.alloc),
              sales: o.sales,
              scanned: o.scannedAt !== null,
              issueSource: o.issued?.source ?? null,
            });
            expect(o.sets).toEqual(direct);
            expect(o.pile).toBe(direct.pile);
            expect(o.warehouse).toEqual(direct.warehouse);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('closed records (docs/domain/read-model.md#memory-form)', () => {
  it('orders that do not consume get the allocation the pass would give them, without the pass', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => spec(i)))),
        fc.record({ 'SKU-A': fc.nat(6), 'SKU-B': fc.nat(6), 'SKU-C': fc.nat(6) }),
        fc.boolean(),
        (specs, stock, closeAll) => {
          // Closed as the database closes them: cancelled, trashed or packed.
          const closed = specs.map((s, i) =>
            closeAll || i % 2 === 0
              ? { ...s, sales: { status: 'เปิดใบขายครบตามจำนวนแล้ว', packedAt: '2025-03-03 12:00' } }
              : s,
          );
          const facts = new Map<string, SkuFacts>();
          const factsOf = (sku: string) => {
            let f = facts.get(sku);
            if (!f)
              facts.set(
                sku,
                (f = { sku, brand: null, name: null, onHand: stock[sku as keyof typeof stock] ?? 0, allQty: 0 }),
              );
            return f;
          };
          const given = records(closed, stock, [], factsOf);
          const passed = records(closed, stock);
          for (const o of given.orders.values()) {
            const p = passed.order(o.orderNo);
            expect(o.sets).toBe(p.sets);
            expect(o.dueDay).toBe(p.dueDay);
            o.lines.forEach((l, k) => {
              const q = p.lines[k];
              expect([l.alloc.computedStatus, l.alloc.stockBefore, l.alloc.displayStatus, l.alloc.committed]).toEqual([
                q.alloc.computedStatus,
                q.alloc.stockBefore,
                q.alloc.displayStatus,
                q.alloc.committed,
              ]);
            });
          }
          expect(given.allocation.lines).toEqual(passed.allocation.lines);
        },
      ),
      { numRuns: 200 },
    );
  });
});

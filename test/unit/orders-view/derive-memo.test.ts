// deriveOrder keeps the order sets it computed by their inputs (src/domain/orders-view/build.ts):
// whatever orders were derived before, an order's sets must be what orderSets says of it now
// (docs/domain/read-model.md#memory-form).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

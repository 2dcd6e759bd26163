// Picking List (docs/domain/reports.md#picking-list, the dispatch of
// docs/domain/reports.md#rounds-and-dispatch) on a fixed data set worked by hand, plus the
// consistency property of issue 14.
//
// Stock A = 5, B = 0, C = 3. Products: A Zeta/Widget, B acme/Bolt, C Acme/Anchor.
// Every order: Shopee, Shop One, 2025-03-03 08:00, warehouse sheet printed once (03-03 15:00),
// lines accepted, Picking count 0 - unless said.
//   P1 S-1  round 1: A q2, B q1                                     -> both lines listed
//   P2 T-1  TikTok, Shop Two, round 3, warehouse printed 03-04 09:00: A q2, C q1 -> both listed
//   P3 S-2  A q1, warehouse sheet NOT printed                       -> not listed
//   P4 S-3  A q1 already picked (count 1)                           -> not listed
//   P5 L-1  Lazada, bill-empty, A q1                                -> not listed
//   P6 S-4  A q1 not accepted                                       -> not listed
//   P7 S-5  round 2, issued via the round dialog: C q1              -> listed (stays until printed)
//   P8 S-6  packed: A q1                                            -> not listed
//   P9 S-7  cancelled: A q1                                         -> not listed
// Per SKU: A 2+2 = 4 to pick, stock 5, short 0, left 1, rounds 1-3;
//          B 1, stock 0, short 1, left -1, round 1;
//          C 1+1 = 2, stock 3, short 0, left 1, rounds 2-3.
// Sort brand, model, SKU case-insensitively: acme/Anchor (C), acme/Bolt (B), zeta/Widget (A).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeScope } from '../../../src/domain/orders-view/scope';
import { NO_FILTERS, selectLines } from '../../../src/domain/orders-view/select';
import { BusinessCalendar, referenceDay } from '../../../src/domain/sla';
import type { Platform } from '../../../src/domain/allocation';
import {
  NO_PICKING_FILTERS,
  type pickingContext,
  pickingExclusion,
  pickingList,
  planPickingDispatch,
  planPickingPrint,
  roundsText,
  PICKING_PAGE_HEADERS,
  orderPickingCount,
  type PickingFilters,
  type PrintActor,
  type PrintPlan,
  type PrintRefusal,
} from '../../../src/domain/reports';
import { bkk, reportOrders, type OrderSpec } from './helpers';

const acc = (sku: string, qty: number, picking = 0) => ({ sku, qty, accepted: true, picking });
const SPECS: OrderSpec[] = [
  { no: 'S-1', dispatchRound: 1, lines: [acc('A', 2), acc('B', 1)], prints: { warehouse: 1 } },
  {
    no: 'T-1',
    platform: 'TikTok',
    shopId: 2,
    dispatchRound: 3,
    lines: [acc('A', 2), acc('C', 1)],
    prints: { warehouse: { count: 1, at: '2025-03-04 09:00' } },
    logistic: 'Flash',
  },
  { no: 'S-2', lines: [acc('A', 1)] },
  { no: 'S-3', lines: [acc('A', 1, 1)], prints: { warehouse: 1 } },
  { no: 'L-1', platform: 'Lazada', billEmpty: true, lines: [acc('A', 1)], prints: { warehouse: 1 } },
  { no: 'S-4', lines: [{ sku: 'A', qty: 1 }], prints: { warehouse: 1 } },
  {
    no: 'S-5',
    dispatchRound: 2,
    issued: { at: '2025-03-03 16:00', source: 'picking:round_2' },
    lines: [acc('C', 1)],
    prints: { warehouse: 1 },
  },
  { no: 'S-6', packed: true, lines: [acc('A', 1)], prints: { warehouse: 1 } },
  { no: 'S-7', cancelled: '2025-03-03 18:00', lines: [acc('A', 1)], prints: { warehouse: 1 } },
];
const PRODUCTS = {
  A: { brand: 'Zeta', name: 'Widget' },
  B: { brand: 'acme', name: 'Bolt' },
  C: { brand: 'Acme', name: 'Anchor' },
};
const data = reportOrders(SPECS, { A: 5, B: 0, C: 3 }, PRODUCTS);
const F: PickingFilters = NO_PICKING_FILTERS;
const NOW = bkk('2025-03-05 10:00');
const USER: PrintActor = { userId: 7, username: 'nok', isAdmin: false };
const ADMIN: PrintActor = { userId: 1, username: 'admin', isAdmin: true };
const ok = (p: PrintPlan | PrintRefusal): PrintPlan => {
  if (!p.ok) throw new Error(`refused: ${p.code} ${p.message}`);
  return p;
};

describe('eligibility', () => {
  it.each([
    ['S-2', 'A', 'warehouse_not_printed'],
    ['S-3', 'A', 'printed'],
    ['L-1', 'A', 'bill_empty'],
    ['S-4', 'A', 'not_accepted'],
    ['S-5', 'C', null],
    ['S-6', 'A', 'packed'],
    ['S-7', 'A', 'cancelled'],
  ])('%s/%s: %s', (no, sku, reason) => {
    expect(pickingExclusion(data.byNo(no), data.line(no, sku))).toBe(reason);
  });
});

describe('aggregation per SKU', () => {
  const { rows, totals } = pickingList(data.orders, F);
  it('ต้องหยิบ, สต็อก, ขาด, คงเหลือหลังหยิบ per SKU, sorted brand, model, SKU case-insensitively', () => {
    expect(
      rows.map((r) => [r.sku, r.brand, r.productName, r.qty, r.stock, r.shortfall, r.left, roundsText(r.rounds)]),
    ).toEqual([
      ['C', 'Acme', 'Anchor', 2, 3, 0, 1, '2-3'],
      ['B', 'acme', 'Bolt', 1, 0, 1, -1, '1'],
      ['A', 'Zeta', 'Widget', 4, 5, 0, 1, '1-3'],
    ]);
  });
  it('platforms (priority order), shops and logistics of the lines', () => {
    expect(rows.map((r) => [r.sku, r.platforms, r.shops, r.logistics])).toEqual([
      ['C', ['Shopee', 'TikTok'], ['Shop One', 'Shop Two'], ['Flash']],
      ['B', ['Shopee'], ['Shop One'], []],
      ['A', ['Shopee', 'TikTok'], ['Shop One', 'Shop Two'], ['Flash']],
    ]);
  });
  it('totals: SKUs, Σ ต้องหยิบ, Σ ขาด', () => {
    expect(totals).toEqual({ skus: 3, qty: 7, shortfall: 1 });
  });
  it('พิมพ์แล้ว (ครั้ง) is the SKU print history of the filters context', () => {
    const history = (k: ReturnType<typeof pickingContext>) =>
      k.sku === 'A' && k.platform === 'Shopee' && k.shopId === null && k.logistic === ''
        ? { count: 2, lastAt: 123, lastBy: 'x' }
        : undefined;
    const shopee = pickingList(data.orders, { ...F, platform: 'Shopee' }, history).rows;
    expect(shopee.map((r) => [r.sku, r.printCount, r.lastPrintedAt])).toEqual([
      ['C', 0, null],
      ['B', 0, null],
      ['A', 2, 123],
    ]);
  });
  it('page columns of 5.2', () => {
    expect([...PICKING_PAGE_HEADERS]).toEqual([
      'แพลตฟอร์ม',
      'ร้าน',
      'SKU',
      'Brand',
      'สินค้า',
      'ต้องหยิบ',
      'สต็อก',
      'ขาด',
      'คงเหลือหลังหยิบ',
      'ประเภทขนส่ง',
      'จ่ายงาน(รอบที่)',
      'พิมพ์แล้ว (ครั้ง)',
      'วัน/เดือน/ปี/เวลา ที่พิมพ์',
    ]);
  });
});

describe('filters', () => {
  const skusOf = (f: Partial<PickingFilters>) =>
    pickingList(data.orders, { ...F, ...f }).rows.map((r) => [r.sku, r.qty]);
  it.each<[string, Partial<PickingFilters>, (string | number)[][]]>([
    [
      'round',
      { round: 3 },
      [
        ['C', 1],
        ['A', 2],
      ],
    ],
    [
      'warehouse print date (ใบงานคลัง(จาก) / ถึงวันที่), not the accept date',
      { warehousePrinted: { from: '2025-03-04', to: null } },
      [
        ['C', 1],
        ['A', 2],
      ],
    ],
    ['selected SKUs', { skus: new Set(['B']) }, [['B', 1]]],
    [
      'platform',
      { platform: 'TikTok' },
      [
        ['C', 1],
        ['A', 2],
      ],
    ],
    [
      'logistic substring',
      { logistic: 'FLA' },
      [
        ['C', 1],
        ['A', 2],
      ],
    ],
    ['q over order id', { q: 's-5' }, [['C', 1]]],
    ['q over brand', { q: 'zeta' }, [['A', 4]]],
    ['print count (exact) lists picked lines', { printCount: 1 }, [['A', 1]]],
  ])('%s', (_n, f, expected) => {
    expect(skusOf(f)).toEqual(expected);
  });
});

describe('print', () => {
  it('prints exactly the eligible lines of the filters and selected SKUs; counts per line; issues an order when its last accepted line is printed', () => {
    const p = ok(
      planPickingPrint(data.orders, { ...F, skus: new Set(['A', 'C']) }, { ids: null, override: false }, USER, NOW),
    );
    const printed = [data.line('S-1', 'A'), data.line('T-1', 'A'), data.line('T-1', 'C'), data.line('S-5', 'C')];
    expect(p.lineCounters).toEqual(
      printed.map((l) => ({
        lineId: l.id,
        orderId: data.orders.find((o) => o.lines.includes(l))!.id,
        count: 1,
        lastAt: NOW,
        lastBy: 'nok',
      })),
    );
    // S-1 keeps B unprinted, so it stays on the list for B (counted per line); S-5 was issued
    // already (first issue kept).
    expect(p.issues).toEqual([{ orderId: data.byNo('T-1').id, source: 'print:picking' }]);
    expect(p.orderCounters).toEqual([]);
    expect(p.skuHistory).toEqual([
      { sku: 'C', qty: 2, context: { sku: 'C', platform: '', shopId: null, logistic: '' }, contextCount: 1 },
      { sku: 'A', qty: 4, context: { sku: 'A', platform: '', shopId: null, logistic: '' }, contextCount: 1 },
    ]);
    expect(p.snapshot.skus.map((s) => [s.sku, s.qty, s.stock, s.shortfall, s.left])).toEqual([
      ['C', 2, 3, 0, 1],
      ['A', 4, 5, 0, 1],
    ]);
    expect(p.snapshot.orders.map((o) => [o.orderNo, o.lines.map((l) => l.sku)])).toEqual([
      ['S-1', ['A']],
      ['T-1', ['A', 'C']],
      ['S-5', ['C']],
    ]);
    expect([p.lineCount, p.copy, p.round]).toEqual([4, 0, null]);
  });

  it("printing an order's last line issues it; its Picking count is the minimum over its accepted lines", () => {
    const d = reportOrders(
      [{ no: 'S-1', dispatchRound: 1, lines: [acc('A', 2, 1), acc('B', 1)], prints: { warehouse: 1 } }],
      { A: 5, B: 0 },
    );
    expect(orderPickingCount(d.orders[0])).toBe(0);
    const p = ok(planPickingPrint(d.orders, F, { ids: null, override: false }, USER, NOW));
    expect(p.lineCounters.map((c) => c.lineId)).toEqual([d.line('S-1', 'B').id]);
    expect(p.issues).toEqual([{ orderId: d.orders[0].id, source: 'print:picking' }]);
    expect(p.round).toBe(1);
  });

  it('the SKU history count continues the context of the filters (previous + 1, once per SKU)', () => {
    const history = (k: ReturnType<typeof pickingContext>) =>
      k.sku === 'A' && k.platform === 'TikTok' && k.shopId === 2 ? { count: 4, lastAt: 1, lastBy: 'x' } : undefined;
    const p = ok(
      planPickingPrint(
        data.orders,
        { ...F, platform: 'TikTok', shopIds: new Set([2]) },
        { ids: null, override: false },
        USER,
        NOW,
        history,
      ),
    );
    expect(p.skuHistory.map((h) => [h.sku, h.contextCount, h.context.platform, h.context.shopId])).toEqual([
      ['C', 1, 'TikTok', 2],
      ['A', 5, 'TikTok', 2],
    ]);
  });

  it('posted lines: ineligible ones are skipped with the reason, the others printed', () => {
    const ids = [data.line('S-1', 'B').id, data.line('S-2', 'A').id, data.line('L-1', 'A').id];
    const p = ok(planPickingPrint(data.orders, F, { ids, override: false }, USER, NOW));
    expect(p.lineCounters.map((c) => c.lineId)).toEqual([data.line('S-1', 'B').id]);
    expect(p.skipped.map((s) => [s.orderNo, s.sku, s.code, s.reason])).toEqual([
      ['S-2', 'A', 'warehouse_not_printed', 'ยังไม่ได้พิมพ์ใบงานคลัง'],
      ['L-1', 'A', 'bill_empty', 'เป็นบิลเปล่า'],
    ]);
  });

  it('a posted line already picked refuses the request: 409 reprint_requires_override listing the lines', () => {
    const p = planPickingPrint(
      data.orders,
      F,
      { ids: [data.line('S-1', 'B').id, data.line('S-3', 'A').id], override: false },
      USER,
      NOW,
    );
    expect(p).toEqual({
      ok: false,
      status: 409,
      code: 'reprint_requires_override',
      message: 'มีบางรายการเคยพิมพ์ใบงานหยิบสินค้าไปแล้ว: S-3 (A)',
      details: [{ orderId: data.byNo('S-3').id, orderNo: 'S-3', lineId: data.line('S-3', 'A').id, sku: 'A' }],
    });
  });

  it('with an admin override the picked line prints again (COPY 1, count 2)', () => {
    const p = ok(planPickingPrint(data.orders, F, { ids: [data.line('S-3', 'A').id], override: true }, ADMIN, NOW));
    expect(p.lineCounters).toEqual([
      { lineId: data.line('S-3', 'A').id, orderId: data.byNo('S-3').id, count: 2, lastAt: NOW, lastBy: 'admin' },
    ]);
    expect([p.copy, p.override, p.issues]).toEqual([
      1,
      true,
      [{ orderId: data.byNo('S-3').id, source: 'print:picking' }],
    ]);
  });
});

describe('dispatch (จ่ายงาน(รอบที่) dialog on the Picking List, docs/domain/reports.md#rounds-and-dispatch)', () => {
  it('sets round N on every order of the list and issues it with picking:round_N unless already issued', () => {
    const d = planPickingDispatch(data.orders, F, 2);
    expect(d).toEqual({
      ok: true,
      round: 2,
      orderIds: ['S-1', 'T-1', 'S-5'].map((no) => data.byNo(no).id),
      changes: [
        { orderId: data.byNo('S-1').id, from: 1, to: 2 },
        { orderId: data.byNo('T-1').id, from: 3, to: 2 },
      ],
      issues: [
        { orderId: data.byNo('S-1').id, source: 'picking:round_2' },
        { orderId: data.byNo('T-1').id, source: 'picking:round_2' },
      ],
    });
  });
  it('round defaults to 1; a round below 1 or fractional is refused (400)', () => {
    expect(planPickingDispatch(data.orders, F)).toMatchObject({ ok: true, round: 1 });
    expect(planPickingDispatch(data.orders, F, 0)).toMatchObject({ ok: false, status: 400, code: 'round_invalid' });
    expect(planPickingDispatch(data.orders, F, 1.5)).toMatchObject({ ok: false, code: 'round_invalid' });
  });
});

// Issue 14: the picking total per SKU equals the sum over the eligible accepted lines in the
// orders list for the same filters.
describe('consistency with the orders list (seeded)', () => {
  const orderArb = fc.record({
    platform: fc.constantFrom<Platform>('Shopee', 'TikTok', 'Lazada', 'Other'),
    lines: fc.uniqueArray(
      fc.record({
        sku: fc.constantFrom('A', 'B', 'C'),
        qty: fc.integer({ min: 1, max: 4 }),
        accepted: fc.boolean(),
        picking: fc.constantFrom(0, 0, 1),
      }),
      {
        minLength: 1,
        maxLength: 3,
        selector: (l) => l.sku,
      },
    ),
    printed: fc.constantFrom(0, 1, 1, 2),
    flag: fc.constantFrom('none', 'none', 'none', 'cancelled', 'packed', 'billEmpty', 'trashed', 'issued'),
  });
  it('Σ ต้องหยิบ per SKU = Σ qty of the accepted lines the orders list shows for eligible orders', () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<Platform | null>(null, 'Shopee', 'Lazada'),
        (orders, platform) => {
          const specs: OrderSpec[] = orders.map((o, i) => ({
            no: `N${i}`,
            platform: o.platform,
            lines: o.lines,
            prints: { warehouse: o.printed },
            cancelled: o.flag === 'cancelled' ? '2025-03-03 09:00' : undefined,
            packed: o.flag === 'packed',
            billEmpty: o.flag === 'billEmpty',
            trashed: o.flag === 'trashed' ? { at: '2025-03-03 09:00' } : undefined,
            issued: o.flag === 'issued' ? { at: '2025-03-03 09:00' } : undefined,
          }));
          const d = reportOrders(specs, { A: 3, B: 0, C: 9 });
          const rows = pickingList(d.orders, { ...F, platform }).rows;
          // The orders list (all view, this platform), then the 5.2 rule read off its items.
          const cal = new BusinessCalendar([]);
          const scope = makeScope({
            view: 'all',
            today: '2025-03-03',
            dates: { importedFrom: null, importedTo: null, orderedFrom: null, orderedTo: null },
            platform,
          });
          const listed = selectLines(d.records.lines, scope, NO_FILTERS, {
            reference: referenceDay(bkk('2025-03-03 12:00'), cal),
            calendar: cal,
          });
          const expected = new Map<string, number>();
          for (const l of listed) {
            const o = l.order;
            const printed = d.byNo(o.orderNo).prints.warehouse.count > 0;
            if (
              l.accepted &&
              !o.flags.billEmpty &&
              !o.flags.packed &&
              !o.flags.cancelled &&
              !o.flags.trashed &&
              printed &&
              l.pickingCount === 0
            ) {
              expected.set(l.sku, (expected.get(l.sku) ?? 0) + l.qty);
            }
          }
          expect(new Map(rows.map((r) => [r.sku, r.qty]))).toEqual(expected);
        },
      ),
      { seed: 2025, numRuns: 150 },
    );
  });
});

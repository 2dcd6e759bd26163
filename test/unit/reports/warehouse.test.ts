// ใบงานคลัง (docs/domain/reports.md#warehouse-job-sheet) on a fixed data set worked by hand.
//
// Stock A = 10, C = 0. Every order at 2025-03-03 08:00 unless said.
//   W1 Shopee  Shop One  S-200  A q2 accepted by somchai 03-03 10:00, round 2, J&T     -> listed
//   W2 Lazada  Shop Two  L-100  A q1 accepted by nok 03-04 09:00, Kerry Express       -> listed
//   W3 Shopee  Shop One  S-100  A q1 accepted, warehouse printed once                 -> not listed (printed)
//   W4 Shopee  Shop One  S-300  A q1 not accepted                                      -> not listed (not accepted)
//   W5 TikTok  Shop One  T-1    A q1 accepted, issued                                  -> not listed (issued)
//   W6 Shopee  Shop One  S-050  A q1 accepted, cancelled                               -> not listed (cancelled)
//   W7 Other   Shop One  O-1    A q1 accepted, packed                                  -> not listed (packed)
//   W8 Shopee  Shop One  S-400  C q1 accepted 03-03 11:00, scanned                     -> listed, ของไม่พอ (C has 0)
//   W9 TikTok  Shop One  T-2    A q1 accepted, trashed                                 -> not listed (trashed)
// Sheet order (5.1: platform as shown, shop, order id): Lazada < Shopee, so L-100, S-200, S-400.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  contentHash,
  NO_WAREHOUSE_FILTERS,
  planWarehousePrint,
  warehouseExclusion,
  warehouseRows,
  warehouseTotals,
  WAREHOUSE_PAGE_HEADERS,
  type PrintActor,
  type PrintPlan,
  type PrintRefusal,
  type WarehouseFilters,
} from '../../../src/domain/reports';
import { bkk, reportOrders, type OrderSpec } from './helpers';

const SPECS: OrderSpec[] = [
  {
    no: 'S-200',
    lines: [{ sku: 'A', qty: 2, accepted: true, acceptedBy: 'somchai' }],
    dispatchRound: 2,
    logistic: 'J&T',
  },
  {
    no: 'L-100',
    platform: 'Lazada',
    shopId: 2,
    lines: [{ sku: 'A', qty: 1, accepted: true, acceptedAt: '2025-03-04 09:00', acceptedBy: 'nok' }],
    logistic: 'Kerry Express',
  },
  { no: 'S-100', lines: [{ sku: 'A', qty: 1, accepted: true }], prints: { warehouse: 1 } },
  { no: 'S-300', lines: [{ sku: 'A', qty: 1 }] },
  {
    no: 'T-1',
    platform: 'TikTok',
    lines: [{ sku: 'A', qty: 1, accepted: true }],
    issued: { at: '2025-03-03 12:00', source: 'print:picking' },
  },
  { no: 'S-050', lines: [{ sku: 'A', qty: 1, accepted: true }], cancelled: '2025-03-03 13:00' },
  { no: 'O-1', platform: 'Other', lines: [{ sku: 'A', qty: 1, accepted: true }], packed: true },
  { no: 'S-400', lines: [{ sku: 'C', qty: 1, accepted: true, acceptedAt: '2025-03-03 11:00' }], scanned: true },
  { no: 'T-2', platform: 'TikTok', lines: [{ sku: 'A', qty: 1, accepted: true }], trashed: { at: '2025-03-03 14:00' } },
];
const data = reportOrders(SPECS, { A: 10, C: 0 });
const F: WarehouseFilters = NO_WAREHOUSE_FILTERS;
const nos = (rows: { order: { orderNo: string } }[]) => rows.map((r) => r.order.orderNo);
const NOW = bkk('2025-03-05 09:30');
const USER: PrintActor = { userId: 7, username: 'somchai', isAdmin: false };
const ADMIN: PrintActor = { userId: 1, username: 'admin', isAdmin: true };
const lineOf = (no: string) => data.byNo(no).lines[0].id;

describe('eligibility and sort', () => {
  it('lists the orders with an accepted line, not issued, not packed, never printed; not cancelled or trashed; sorted platform, shop, order id', () => {
    expect(nos(warehouseRows(data.orders, F))).toEqual(['L-100', 'S-200', 'S-400']);
  });
  it.each([
    ['S-100', 'printed'],
    ['S-300', 'not_accepted'],
    ['T-1', 'issued'],
    ['S-050', 'cancelled'],
    ['O-1', 'packed'],
    ['T-2', 'trashed'],
    ['S-200', null],
  ])('%s is excluded for %s', (no, reason) => {
    expect(warehouseExclusion(data.byNo(no))).toBe(reason);
  });
  it('carries ผู้กดรับ, the scan, the round, the count and `ของไม่พอ` for a committed line that does not fit (docs/domain/allocation.md#committed-lines-first)', () => {
    const rows = warehouseRows(data.orders, F);
    expect(
      rows.map((r) => [
        r.order.orderNo,
        r.acceptedBy,
        r.order.scannedAt !== null,
        r.order.dispatchRound,
        r.printCount,
        r.short,
      ]),
    ).toEqual([
      ['L-100', ['nok'], false, null, 0, false],
      ['S-200', ['somchai'], false, 2, 0, false],
      ['S-400', ['somchai'], true, null, 0, true],
    ]);
    expect(warehouseTotals(rows)).toEqual({ orders: 3, short: 1 });
  });
  it('has the page columns of 5.1', () => {
    expect([...WAREHOUSE_PAGE_HEADERS]).toEqual([
      'แพลตฟอร์ม',
      'ร้าน',
      'เลข Order',
      'ประเภทขนส่ง',
      'ผู้กดรับ',
      'Scan Order',
      'จ่ายงาน(รอบที่)',
      'พิมพ์แล้ว (ครั้ง)',
      'วัน/เดือน/ปี/เวลา ที่พิมพ์',
    ]);
  });
});

describe('filters', () => {
  it.each<[string, Partial<WarehouseFilters>, string[]]>([
    ['platform', { platform: 'Shopee' }, ['S-200', 'S-400']],
    ['shop', { shopIds: new Set([2]) }, ['L-100']],
    ['logistic: case-insensitive substring', { logistic: 'kerry' }, ['L-100']],
    ['accepted date range: whole Bangkok days', { accepted: { from: '2025-03-04', to: '2025-03-04' } }, ['L-100']],
    ['accepted date range: open end', { accepted: { from: null, to: '2025-03-03' } }, ['S-200', 'S-400']],
    ['round (exact)', { round: 2 }, ['S-200']],
    ['print count (exact) shows the printed order', { printCount: 1 }, ['S-100']],
    ['q over order id', { q: 's-4' }, ['S-400']],
    ['q over SKU', { q: 'c' }, ['S-400']],
    ['q over shop name', { q: 'shop two' }, ['L-100']],
    ['q over logistic', { q: 'j&t' }, ['S-200']],
    ['a search ignores the date range', { q: 'S-400', accepted: { from: '2025-03-04', to: '2025-03-04' } }, ['S-400']],
  ])('%s', (_name, f, expected) => {
    expect(nos(warehouseRows(data.orders, { ...F, ...f }))).toEqual(expected);
  });
  it('accepted at exactly Bangkok midnight belongs to the new day (half-open day ranges, docs/domain/sla.md#bangkok-time)', () => {
    const d = reportOrders(
      [{ no: 'M', lines: [{ sku: 'A', qty: 1, accepted: true, acceptedAt: '2025-03-04 00:00' }] }],
      { A: 9 },
    );
    expect(nos(warehouseRows(d.orders, { ...F, accepted: { from: '2025-03-03', to: '2025-03-03' } }))).toEqual([]);
    expect(nos(warehouseRows(d.orders, { ...F, accepted: { from: '2025-03-04', to: '2025-03-04' } }))).toEqual(['M']);
  });
});

describe('print (พิมพ์และล็อกงาน)', () => {
  const ok = (p: PrintPlan | PrintRefusal): PrintPlan => {
    if (!p.ok) throw new Error(`refused: ${p.code} ${p.message}`);
    return p;
  };

  it('prints everything eligible on the page: count +1 with time and user per order, no issue marker, a record', () => {
    const p = ok(planWarehousePrint(data.orders, F, { ids: null, override: false }, USER, NOW));
    expect(p.orderIds).toEqual(['L-100', 'S-200', 'S-400'].map((no) => data.byNo(no).id));
    expect(p.orderCounters).toEqual(
      ['L-100', 'S-200', 'S-400'].map((no) => ({
        orderId: data.byNo(no).id,
        kind: 'warehouse',
        count: 1,
        lastAt: NOW,
        lastBy: 'somchai',
      })),
    );
    expect(p.issues).toEqual([]);
    expect(p.lineCounters).toEqual([]);
    expect([p.copy, p.override, p.skipped, p.lineCount]).toEqual([0, false, [], 3]);
    expect(p.snapshot.orders.map((o) => o.orderNo)).toEqual(['L-100', 'S-200', 'S-400']);
    expect(p.contentHash).toBe(contentHash(p.snapshot));
  });

  it('keeps the record of what went out: lines with qty, stock and status at print time', () => {
    const p = ok(planWarehousePrint(data.orders, F, { ids: [lineOf('S-400')], override: false }, USER, NOW));
    expect(p.snapshot).toEqual({
      v: 1,
      kind: 'warehouse',
      skus: [],
      orders: [
        {
          orderId: data.byNo('S-400').id,
          orderNo: 'S-400',
          platform: 'Shopee',
          shopId: 1,
          shopName: 'Shop One',
          logisticType: null,
          orderTime: bkk('2025-03-03 08:00'),
          dueDay: Math.floor((bkk('2025-03-03 00:00') + 7 * 3_600_000) / 86_400_000),
          dispatchRound: null,
          round: null,
          acceptedBy: ['somchai'],
          scanned: true,
          issued: false,
          short: true,
          lines: [
            {
              lineId: lineOf('S-400'),
              sku: 'C',
              brand: null,
              productName: null,
              qty: 1,
              stock: 0,
              status: 'ACCEPTED',
              computedStatus: 'SHORTAGE',
              accepted: true,
              note: '',
            },
          ],
        },
      ],
    });
  });

  it('skips posted orders outside the eligible set with the reason, and prints the rest (docs/domain/reports.md#common-rules)', () => {
    const ids = [lineOf('S-200'), lineOf('S-300'), lineOf('T-1'), lineOf('S-050'), 999_999];
    const p = ok(planWarehousePrint(data.orders, F, { ids, override: false }, USER, NOW));
    expect(p.orderIds).toEqual([data.byNo('S-200').id]);
    expect(p.skipped.map((s) => [s.id, s.orderNo, s.code, s.reason])).toEqual([
      [999_999, null, 'not_found', 'ไม่พบรายการ'],
      [lineOf('S-300'), 'S-300', 'not_accepted', 'ยังไม่ได้กดรับ'],
      [lineOf('T-1'), 'T-1', 'issued', 'จ่ายงานแล้ว'],
      [lineOf('S-050'), 'S-050', 'cancelled', 'ถูกยกเลิก'],
    ]);
  });

  it('a posted order that the page filters leave out is skipped as not on the page; nothing left -> 409 nothing_to_print', () => {
    const p = planWarehousePrint(
      data.orders,
      { ...F, platform: 'Lazada' },
      { ids: [lineOf('S-200')], override: false },
      USER,
      NOW,
    );
    expect(p).toMatchObject({ ok: false, status: 409, code: 'nothing_to_print', message: 'ไม่มีรายการที่พิมพ์ได้' });
    expect((p as PrintRefusal).details).toEqual([
      {
        orderId: data.byNo('S-200').id,
        orderNo: 'S-200',
        lineId: lineOf('S-200'),
        sku: null,
        code: 'not_on_page',
        reason: 'ไม่อยู่ในรายการตามตัวกรอง',
      },
    ]);
  });

  it('a request including an already printed order fails as a whole: 409 reprint_requires_override, listing it', () => {
    const p = planWarehousePrint(
      data.orders,
      F,
      { ids: [lineOf('S-200'), lineOf('S-100')], override: false },
      USER,
      NOW,
    );
    expect(p).toEqual({
      ok: false,
      status: 409,
      code: 'reprint_requires_override',
      message: 'มีบางออเดอร์เคยพิมพ์ใบงานคลังไปแล้ว: S-100',
      details: [{ orderId: data.byNo('S-100').id, orderNo: 'S-100', lineId: null, sku: null }],
    });
  });

  it('the same with the print-count filter showing printed orders and "print all"', () => {
    const p = planWarehousePrint(data.orders, { ...F, printCount: 1 }, { ids: null, override: false }, USER, NOW);
    expect(p).toMatchObject({ ok: false, code: 'reprint_requires_override' });
  });

  it("an admin's override prints it again as COPY 1 (count 1 -> 2)", () => {
    const p = ok(
      planWarehousePrint(data.orders, F, { ids: [lineOf('S-200'), lineOf('S-100')], override: true }, ADMIN, NOW),
    );
    expect(p.orderIds).toEqual([data.byNo('S-100').id, data.byNo('S-200').id]);
    expect(p.copies).toEqual(
      new Map([
        [data.byNo('S-100').id, 1],
        [data.byNo('S-200').id, 0],
      ]),
    );
    expect([p.copy, p.override]).toEqual([1, true]);
    expect(p.orderCounters.map((c) => c.count)).toEqual([2, 1]);
  });

  it('the override widens "everything on the page" to printed orders', () => {
    const p = ok(planWarehousePrint(data.orders, F, { ids: null, override: true }, ADMIN, NOW));
    expect(p.snapshot.orders.map((o) => o.orderNo)).toEqual(['L-100', 'S-100', 'S-200', 'S-400']);
  });

  it('override from a non-admin is refused: 403, nothing printed', () => {
    expect(planWarehousePrint(data.orders, F, { ids: null, override: true }, USER, NOW)).toMatchObject({
      ok: false,
      status: 403,
      code: 'override_forbidden',
    });
  });

  it('two posted lines of one order print the order once', () => {
    const d = reportOrders(
      [
        {
          no: 'X',
          lines: [
            { sku: 'A', qty: 1, accepted: true },
            { sku: 'B', qty: 1, accepted: true },
          ],
        },
      ],
      { A: 9, B: 9 },
    );
    const p = ok(
      planWarehousePrint(d.orders, F, { ids: d.orders[0].lines.map((l) => l.id), override: false }, USER, NOW),
    );
    expect([p.orderIds.length, p.orderCounters.length, p.lineCount]).toEqual([1, 1, 2]);
  });

  it('the same work printed again hashes the same; a changed quantity does not', () => {
    const a = ok(planWarehousePrint(data.orders, F, { ids: null, override: false }, USER, NOW));
    const b = ok(planWarehousePrint(data.orders, F, { ids: null, override: false }, ADMIN, NOW + 60_000));
    expect(b.contentHash).toBe(a.contentHash);
    const changed = reportOrders(
      SPECS.map((s) => (s.no === 'S-200' ? { ...s, lines: [{ ...s.lines[0], qty: 3 }] } : s)),
      { A: 10, C: 0 },
    );
    const c = ok(planWarehousePrint(changed.orders, F, { ids: null, override: false }, USER, NOW));
    expect(c.contentHash).not.toBe(a.contentHash);
    expect(canonicalJson(c.snapshot)).not.toBe(canonicalJson(a.snapshot));
  });
});

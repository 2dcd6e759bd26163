// The print ledger (issue 14, docs/domain/reports.md#print-ledger): canonical serialisation and
// content hash, copy marks, changed-after-print, idempotency keys, reprints from a record and
// the printed-history views. Expected texts and digests are written out by hand (the digest with
// node:crypto, independently of the code under test).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, referenceDay } from '../../../src/domain/sla';
import {
  canonicalHash,
  canonicalJson,
  changesAfterPrint,
  changesForLine,
  changeText,
  copyLabel,
  decideIdempotency,
  historyDates,
  historyFiltersFor,
  lineHistoryRows,
  NO_PICKING_FILTERS,
  NO_STOCK_REPORT_FILTERS,
  NO_WAREHOUSE_FILTERS,
  orderHistoryRows,
  pickingHistoryRows,
  planPickingPrint,
  planReprintFromRecord,
  planStockReportPrint,
  planWarehousePrint,
  printRequestHash,
  selectSnapshot,
  type HistoryJob,
  type PrintActor,
  type PrintPlan,
  type PrintRefusal,
  type ReportOrder,
} from '../../../src/domain/reports';
import { bkk, reportOrders, type OrderSpec } from './helpers';

const USER: PrintActor = { userId: 7, username: 'nok', isAdmin: false };
const ADMIN: PrintActor = { userId: 1, username: 'admin', isAdmin: true };
const ok = (p: PrintPlan | PrintRefusal): PrintPlan => {
  if (!p.ok) throw new Error(`refused: ${p.code} ${p.message}`);
  return p;
};
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const cal = new BusinessCalendar([]);

describe('canonical serialisation and content hash', () => {
  it('sorts keys by code point at every level, keeps array order, writes -0 as 0 and Thai text as is', () => {
    const value = { b: 1, a: [true, null, 'ก'], B: { z: -0, y: 'x"y' }, ก: 2.5 };
    expect(canonicalJson(value)).toBe('{"B":{"y":"x\\"y","z":0},"a":[true,null,"ก"],"b":1,"ก":2.5}');
    expect(canonicalHash(value)).toBe(sha('{"B":{"y":"x\\"y","z":0},"a":[true,null,"ก"],"b":1,"ก":2.5}'));
  });
  it.each([
    ['undefined', { a: undefined }],
    ['NaN', [Number.NaN]],
    ['Infinity', { a: Infinity }],
    ['a Date', { a: new Date(0) }],
    ['a Map', new Map()],
    ['a function', () => 1],
  ])('refuses %s rather than guessing', (_n, v) => {
    expect(() => canonicalJson(v)).toThrow(TypeError);
  });
  it("integer-like keys are sorted as text too, not in the engine's numeric property order", () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', x: { 2: 1, 10: 2 } })).toBe('{"10":"a","9":"b","x":{"10":2,"2":1}}');
  });
  it('objects already in order and ones out of order deeper down give the same canonical text', () => {
    expect(canonicalJson({ a: 1, b: { c: [{ d: 1, e: 2 }] } })).toBe('{"a":1,"b":{"c":[{"d":1,"e":2}]}}');
    expect(canonicalJson({ a: 1, b: { c: [{ e: 2, d: 1 }] } })).toBe('{"a":1,"b":{"c":[{"d":1,"e":2}]}}');
    expect(canonicalJson({ 1: 'x', 2: 'y', a: null })).toBe('{"1":"x","2":"y","a":null}');
  });
  it('agrees with a plain recursive writer on any JSON value (seeded)', () => {
    // The rule written out the slow, obvious way (test oracle).
    const reference = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      if (Array.isArray(v)) return `[${v.map(reference).join(',')}]`;
      const keys = Object.keys(v).sort((a, b) => {
        const ca = Array.from(a, (c) => c.codePointAt(0)!);
        const cb = Array.from(b, (c) => c.codePointAt(0)!);
        for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i] - cb[i];
        return ca.length - cb.length;
      });
      return `{${keys.map((k) => `${JSON.stringify(k)}:${reference((v as Record<string, unknown>)[k])}`).join(',')}}`;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
  it('the same record built with its keys in any order hashes the same (seeded)', () => {
    const recordArb = fc.dictionary(
      fc.string({ maxLength: 4 }),
      fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(recordArb, fc.integer(), (rec, seed) => {
        const keys = Object.keys(rec);
        const shuffled = [...keys].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
        const rebuilt = Object.fromEntries(shuffled.map((k) => [k, rec[k]]));
        expect(canonicalHash({ x: rebuilt, y: [rec] })).toBe(canonicalHash({ y: [rebuilt], x: rec }));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
  it('copy marks: สำเนา / COPY n for a reprint, nothing for the first print', () => {
    expect([copyLabel(0), copyLabel(1), copyLabel(3)]).toEqual(['', 'สำเนา / COPY 1', 'สำเนา / COPY 3']);
  });
});

// One accepted order per kind of change; the warehouse sheet went out at 2025-03-05 09:00.
const W_SPECS: OrderSpec[] = [
  {
    no: 'K-1',
    lines: [
      { sku: 'A', qty: 2, accepted: true },
      { sku: 'B', qty: 1, accepted: true },
    ],
  },
  { no: 'K-2', lines: [{ sku: 'A', qty: 1, accepted: true }] },
];
const printedAt = bkk('2025-03-05 09:00');
const before = reportOrders(W_SPECS, { A: 10, B: 10 });
const sheet = ok(
  planWarehousePrint(before.orders, NO_WAREHOUSE_FILTERS, { ids: null, override: false }, USER, printedAt),
);
const record = { printJobId: 41, snapshot: sheet.snapshot };
const lookup = (orders: ReportOrder[]) => (id: number) => orders.find((o) => o.id === id);

describe('changed after print (เปลี่ยนหลังพิมพ์)', () => {
  it('nothing changed -> no change', () => {
    expect(changesAfterPrint(record, lookup(before.orders))).toEqual([]);
  });
  it('cancelled, trashed, quantity changed and un-accepted after the sheet went out are each reported', () => {
    const after = reportOrders(
      [
        {
          ...W_SPECS[0],
          cancelled: '2025-03-05 10:00',
          lines: [
            { sku: 'A', qty: 3, accepted: true },
            { sku: 'B', qty: 1 },
          ],
        },
        { ...W_SPECS[1], trashed: { at: '2025-03-05 10:30' } },
      ],
      { A: 10, B: 10 },
    );
    const k1 = after.byNo('K-1');
    const changes = changesAfterPrint(record, lookup(after.orders));
    expect(changes).toEqual([
      { kind: 'warehouse', printJobId: 41, orderId: k1.id, orderNo: 'K-1', lineId: null, change: 'cancelled' },
      {
        kind: 'warehouse',
        printJobId: 41,
        orderId: k1.id,
        orderNo: 'K-1',
        lineId: after.line('K-1', 'A').id,
        change: 'qty_changed',
        from: 2,
        to: 3,
      },
      {
        kind: 'warehouse',
        printJobId: 41,
        orderId: k1.id,
        orderNo: 'K-1',
        lineId: after.line('K-1', 'B').id,
        change: 'unaccepted',
      },
      {
        kind: 'warehouse',
        printJobId: 41,
        orderId: after.byNo('K-2').id,
        orderNo: 'K-2',
        lineId: null,
        change: 'trashed',
      },
    ]);
    expect(changesForLine(changes, k1.id, after.line('K-1', 'B').id).map((c) => c.change)).toEqual([
      'cancelled',
      'unaccepted',
    ]);
    expect(changeText(changes.slice(0, 2))).toBe('เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์, จำนวนเปลี่ยนหลังพิมพ์ (2→3)');
    expect(changeText([])).toBe('');
  });
  it('a purged order or line is reported as removed', () => {
    const onlyK1 = reportOrders([{ ...W_SPECS[0], lines: [W_SPECS[0].lines[0]] }], { A: 10 });
    expect(changesAfterPrint(record, lookup(onlyK1.orders)).map((c) => [c.orderNo, c.change])).toEqual([
      ['K-1', 'line_removed'],
      ['K-2', 'order_removed'],
    ]);
  });
  it('un-accepting is a change for the picking list, not for a stock report (it lists unaccepted lines)', () => {
    const d = reportOrders(
      [
        {
          no: 'Q',
          lowstockRound: 1,
          lines: [
            { sku: 'A', qty: 2 },
            { sku: 'G', qty: 1 },
          ],
        },
      ],
      { A: 5, G: 99 },
    );
    const low = ok(
      planStockReportPrint(
        'lowstock',
        d.orders,
        NO_STOCK_REPORT_FILTERS,
        { ids: null, override: false },
        USER,
        printedAt,
        { reference: referenceDay(printedAt, cal), calendar: cal },
      ),
    );
    expect(changesAfterPrint({ printJobId: 1, snapshot: low.snapshot }, lookup(d.orders))).toEqual([]);
    const p = reportOrders([{ no: 'P', lines: [{ sku: 'A', qty: 1, accepted: true }], prints: { warehouse: 1 } }], {
      A: 5,
    });
    const pick = ok(planPickingPrint(p.orders, NO_PICKING_FILTERS, { ids: null, override: false }, USER, printedAt));
    const undone = reportOrders([{ no: 'P', lines: [{ sku: 'A', qty: 1 }], prints: { warehouse: 1 } }], { A: 5 });
    expect(
      changesAfterPrint({ printJobId: 2, snapshot: pick.snapshot }, lookup(undone.orders)).map((c) => [
        c.kind,
        c.change,
      ]),
    ).toEqual([['picking', 'unaccepted']]);
  });
});

describe('idempotency keys', () => {
  const req = { kind: 'picking' as const, userId: 7, requestHash: 'h1' };
  it('a new key proceeds', () => {
    expect(decideIdempotency(null, req)).toEqual({ action: 'proceed' });
  });
  it('a repeated key changes nothing and warns (docs/domain/reports.md#print-ledger), even when the body differs', () => {
    expect(decideIdempotency({ printJobId: 9, kind: 'picking', printedByUserId: 7, requestHash: 'h1' }, req)).toEqual({
      action: 'replay',
      printJobId: 9,
      warning: 'ตรวจพบการส่งซ้ำ ระบบจึงไม่บวกจำนวนครั้งพิมพ์เพิ่ม',
      sameRequest: true,
    });
    expect(
      decideIdempotency({ printJobId: 9, kind: 'picking', printedByUserId: 7, requestHash: 'other' }, req),
    ).toMatchObject({ action: 'replay', sameRequest: false });
  });
  it("another report's or another user's key is a conflict (409), never someone else's paper", () => {
    expect(
      decideIdempotency({ printJobId: 9, kind: 'warehouse', printedByUserId: 7, requestHash: 'h1' }, req),
    ).toMatchObject({ action: 'conflict', status: 409, code: 'idempotency_key_reused' });
    expect(
      decideIdempotency({ printJobId: 9, kind: 'picking', printedByUserId: 8, requestHash: 'h1' }, req),
    ).toMatchObject({ action: 'conflict' });
  });
  it('the request fingerprint ignores id order and repeats, not what is asked', () => {
    const base = {
      kind: 'picking' as const,
      ids: [3, 1, 2],
      skus: ['B', 'A'],
      filters: { platform: 'Shopee', shop: undefined },
      override: false,
    };
    expect(printRequestHash(base)).toBe(
      printRequestHash({ ...base, ids: [1, 2, 3, 3], skus: ['A', 'B'], filters: { platform: 'Shopee' } }),
    );
    expect(printRequestHash(base)).not.toBe(printRequestHash({ ...base, override: true }));
    expect(printRequestHash(base)).not.toBe(printRequestHash({ ...base, ids: [1, 2] }));
    expect(printRequestHash(base)).not.toBe(printRequestHash({ ...base, kind: 'warehouse' }));
  });
});

describe('reprint from a record (5.4: history reprints follow the admin override rule)', () => {
  // R printed on the low-stock report at 03-05 09:00 (issued print:lowstock by that print).
  const spec: OrderSpec = {
    no: 'R',
    lowstockRound: 2,
    lines: [
      { sku: 'L', qty: 2 },
      { sku: 'G', qty: 1 },
    ],
  };
  const ctx = { reference: referenceDay(printedAt, cal), calendar: cal };
  const first = ok(
    planStockReportPrint(
      'lowstock',
      reportOrders([spec], { L: 5, G: 99 }).orders,
      NO_STOCK_REPORT_FILTERS,
      { ids: null, override: false },
      USER,
      printedAt,
      ctx,
    ),
  );
  const now = reportOrders(
    [{ ...spec, issued: { at: '2025-03-05 09:00', source: 'print:lowstock' }, prints: { lowstock: 1 } }],
    { L: 5, G: 99 },
  );
  const rec = {
    printJobId: 50,
    snapshot: first.snapshot,
    context: { platform: '' as const, shopId: null, logistic: '' },
  };
  const later = bkk('2025-03-06 08:00');

  it('needs the override (409) and the override needs an admin (403)', () => {
    expect(planReprintFromRecord(rec, {}, lookup(now.orders), false, ADMIN, later)).toMatchObject({
      ok: false,
      status: 409,
      code: 'reprint_requires_override',
      message: 'มีบางออเดอร์เคยพิมพ์รายงานสินค้าน้อยไปแล้ว: R',
    });
    expect(planReprintFromRecord(rec, {}, lookup(now.orders), true, USER, later)).toMatchObject({
      ok: false,
      status: 403,
    });
  });
  it('prints the record again as COPY 1: same content hash, count +1, no issue marker, made from job 50', () => {
    const p = ok(planReprintFromRecord(rec, {}, lookup(now.orders), true, ADMIN, later));
    expect(p.contentHash).toBe(first.contentHash);
    expect([p.copy, p.copyOf, p.override, p.issues, p.changes]).toEqual([1, 50, true, [], []]);
    expect(p.orderCounters).toEqual([
      { orderId: now.byNo('R').id, kind: 'lowstock', count: 2, lastAt: later, lastBy: 'admin' },
    ]);
  });
  it('a copy of an order cancelled since says so', () => {
    const cancelled = reportOrders([{ ...spec, cancelled: '2025-03-05 12:00', prints: { lowstock: 1 } }], {
      L: 5,
      G: 99,
    });
    const p = ok(planReprintFromRecord(rec, {}, lookup(cancelled.orders), true, ADMIN, later));
    expect(p.changes.map((c) => c.change)).toEqual(['cancelled']);
    expect(changeText(p.changes)).toBe('เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์');
  });
  it('an order purged since is skipped; nothing left -> 409 nothing_to_print', () => {
    expect(planReprintFromRecord(rec, {}, () => undefined, true, ADMIN, later)).toMatchObject({
      ok: false,
      code: 'nothing_to_print',
    });
  });
  it("a picking record reprints per SKU, its SKU rows exactly as printed, lines +1, SKU history in the job's context", () => {
    const p1 = reportOrders(
      [
        {
          no: 'P',
          lines: [
            { sku: 'A', qty: 2, accepted: true },
            { sku: 'B', qty: 1, accepted: true },
          ],
          prints: { warehouse: 1 },
        },
      ],
      { A: 5, B: 0 },
    );
    const pick = ok(
      planPickingPrint(
        p1.orders,
        { ...NO_PICKING_FILTERS, platform: 'Shopee' },
        { ids: null, override: false },
        USER,
        printedAt,
      ),
    );
    const picked = reportOrders(
      [
        {
          no: 'P',
          lines: [
            { sku: 'A', qty: 2, accepted: true, picking: 1 },
            { sku: 'B', qty: 1, accepted: true, picking: 1 },
          ],
          prints: { warehouse: 1 },
        },
      ],
      { A: 0, B: 0 },
    );
    const r = ok(
      planReprintFromRecord(
        { printJobId: 60, snapshot: pick.snapshot, context: { platform: 'Shopee', shopId: null, logistic: '' } },
        { skus: new Set(['B']) },
        lookup(picked.orders),
        true,
        ADMIN,
        later,
        (k) => (k.sku === 'B' && k.platform === 'Shopee' ? { count: 1, lastAt: printedAt, lastBy: 'nok' } : undefined),
      ),
    );
    expect(r.snapshot.skus).toEqual(pick.snapshot.skus.filter((s) => s.sku === 'B'));
    expect(r.snapshot.orders.map((o) => o.lines.map((l) => [l.sku, l.stock]))).toEqual([[['B', 0]]]);
    expect(r.lineCounters).toEqual([
      { lineId: picked.line('P', 'B').id, orderId: picked.byNo('P').id, count: 2, lastAt: later, lastBy: 'admin' },
    ]);
    expect(r.skuHistory).toEqual([
      { sku: 'B', qty: 1, context: { sku: 'B', platform: 'Shopee', shopId: null, logistic: '' }, contextCount: 2 },
    ]);
    expect(r.copy).toBe(1);
  });
  it('selecting part of a record keeps the record order', () => {
    const snap = { ...sheet.snapshot };
    expect(selectSnapshot(snap, { orderIds: new Set([before.byNo('K-2').id]) }).orders.map((o) => o.orderNo)).toEqual([
      'K-2',
    ]);
    expect(selectSnapshot(snap, {})).toBe(snap);
  });
});

describe('printed-history views (docs/domain/reports.md#print-history)', () => {
  // Two warehouse jobs: K-1 and K-2 on 03-04 23:30 Bangkok (16:30 UTC), K-1 again (COPY 1) on 03-05 00:10.
  const d = reportOrders(W_SPECS, { A: 10, B: 10 });
  const job = (id: number, at: string, plan: PrintPlan): HistoryJob => ({
    printJobId: id,
    kind: plan.kind,
    printedAt: bkk(at),
    printedBy: plan.printedBy,
    copies: plan.copies,
    context: null,
    contextCounts: new Map(plan.skuHistory.map((h) => [h.sku, h.contextCount])),
    snapshot: plan.snapshot,
  });
  const j1 = job(
    1,
    '2025-03-04 23:30',
    ok(
      planWarehousePrint(d.orders, NO_WAREHOUSE_FILTERS, { ids: null, override: false }, USER, bkk('2025-03-04 23:30')),
    ),
  );
  const printedOnce = reportOrders(
    W_SPECS.map((s) => ({ ...s, prints: { warehouse: 1 } })),
    { A: 10, B: 10 },
  );
  const j2 = job(
    2,
    '2025-03-05 00:10',
    ok(
      planWarehousePrint(
        printedOnce.orders,
        NO_WAREHOUSE_FILTERS,
        { ids: [printedOnce.line('K-1', 'A').id], override: true },
        ADMIN,
        bkk('2025-03-05 00:10'),
      ),
    ),
  );
  const jobs = [j1, j2];

  it('offers the Bangkok dates having prints, newest first (a print at 00:10 belongs to that day, docs/domain/sla.md#bangkok-time)', () => {
    expect(historyDates(jobs, 'warehouse')).toEqual(['2025-03-05', '2025-03-04']);
    expect(historyDates(jobs, 'picking')).toEqual([]);
  });
  it('defaults to today: the rows of that day from the records, with the copy mark and the count as printed', () => {
    const rows = orderHistoryRows(jobs, 'warehouse', historyFiltersFor('2025-03-05'));
    expect(rows.map((r) => [r.job.printJobId, r.order.orderNo, r.copy, r.printCount, copyLabel(r.copy)])).toEqual([
      [2, 'K-1', 1, 2, 'สำเนา / COPY 1'],
    ]);
  });
  it('a date range lists newest job first, each job in its sheet order', () => {
    const rows = orderHistoryRows(jobs, 'warehouse', {
      ...historyFiltersFor('2025-03-05'),
      printed: { from: '2025-03-04', to: '2025-03-05' },
    });
    expect(rows.map((r) => [r.job.printJobId, r.order.orderNo])).toEqual([
      [2, 'K-1'],
      [1, 'K-1'],
      [1, 'K-2'],
    ]);
  });
  it('q searches all history by order id, whatever the dates', () => {
    const rows = orderHistoryRows(jobs, 'warehouse', { ...historyFiltersFor('2025-01-01'), q: 'k-2' });
    expect(rows.map((r) => [r.job.printJobId, r.order.orderNo])).toEqual([[1, 'K-2']]);
  });
  it('stock-report history shows the SLA as it stood on the print day and AllQty as printed', () => {
    const spec: OrderSpec = {
      no: 'R',
      lowstockRound: 2,
      lines: [
        { sku: 'L', qty: 2 },
        { sku: 'G', qty: 1 },
      ],
    };
    const at = bkk('2025-03-03 09:00');
    const p = ok(
      planStockReportPrint(
        'lowstock',
        reportOrders([spec], { L: 5, G: 99 }).orders,
        NO_STOCK_REPORT_FILTERS,
        { ids: null, override: false },
        USER,
        at,
        { reference: referenceDay(at, cal), calendar: cal },
      ),
    );
    const rows = lineHistoryRows([job(3, '2025-03-03 09:00', p)], 'lowstock', historyFiltersFor('2025-03-03'), cal);
    expect(rows.map((r) => [r.order.orderNo, r.line.sku, r.allQty, r.sla?.label, r.printCount])).toEqual([
      ['R', 'L', 2, 'วันนี้', 1],
    ]);
  });
  it('picking history aggregates per SKU over the jobs in view; stock from the newest job; per round when a round is chosen', () => {
    const mk = (round: number, stock: number, picked: number) =>
      reportOrders(
        [
          {
            no: `P${round}`,
            dispatchRound: round,
            lines: [{ sku: 'A', qty: 2, accepted: true, picking: picked }],
            prints: { warehouse: 1 },
          },
        ],
        { A: stock },
      ).orders;
    const pa = ok(
      planPickingPrint(mk(1, 5, 0), NO_PICKING_FILTERS, { ids: null, override: false }, USER, bkk('2025-03-05 09:00')),
    );
    const pb = ok(
      planPickingPrint(
        mk(2, 3, 0),
        NO_PICKING_FILTERS,
        { ids: null, override: false },
        USER,
        bkk('2025-03-05 11:00'),
        () => ({ count: 1, lastAt: 0, lastBy: null }),
      ),
    );
    const hjobs = [job(10, '2025-03-05 09:00', pa), job(11, '2025-03-05 11:00', pb)];
    const all = pickingHistoryRows(hjobs, historyFiltersFor('2025-03-05'));
    expect(
      all.map((r) => [r.sku, r.qty, r.stock, r.shortfall, r.left, r.printCount, r.lastPrintedAt, r.rounds]),
    ).toEqual([['A', 4, 3, 1, -1, 2, bkk('2025-03-05 11:00'), { min: 1, max: 2 }]]);
    const round1 = pickingHistoryRows(hjobs, { ...historyFiltersFor('2025-03-05'), round: 1 });
    expect(round1.map((r) => [r.sku, r.qty, r.stock, r.rounds])).toEqual([['A', 2, 5, { min: 1, max: 1 }]]);
  });
});

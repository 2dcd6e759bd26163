// Worked examples (docs/domain/allocation.md#worked-examples,
// docs/domain/allocation.md#a-later-small-line-still-fits,
// docs/domain/allocation.md#committed-lines-first). Expected values are copied from the example
// text; where the text leaves a value implicit (noted per case) it is derived by hand from the
// rules (docs/domain/allocation.md#processing-order to #displayed-status), never from running the
// code.
import { describe, expect, it } from 'vitest';
import {
  compareCodePoints,
  computeAllocation,
  statusLabel,
  type AllocLineColumns,
  type ComputedStatus,
  type DisplayStatus,
  type Platform,
} from '../../../src/domain/allocation';
import { buildExample, OPEN, type LineSpec } from './helpers';

interface Expect {
  name: string;
  before: number | null;
  computed: ComputedStatus | null;
  display?: DisplayStatus | null;
  listed?: boolean;
  committedShort?: boolean;
}

function check(specs: LineSpec[], sku: string, onHand: number, expected: Expect[]) {
  const { lines, orders, idOf } = buildExample(specs, sku);
  const result = computeAllocation({ lines, orders, stock: new Map([[sku, onHand]]) });
  for (const e of expected) {
    const line = result.byLineId(idOf.get(e.name)!)!;
    expect({ name: e.name, before: line.stockBefore, computed: line.computedStatus }).toEqual({
      name: e.name,
      before: e.before,
      computed: e.computed,
    });
    expect(line.displayStatus, `${e.name} display`).toBe(e.display === undefined ? e.computed : e.display);
    expect(line.listed, `${e.name} listed`).toBe(e.listed ?? true);
    expect(line.committedShort, `${e.name} committedShort`).toBe(e.committedShort ?? false);
  }
  return { result, lines, orders, idOf };
}

describe('Example A - priority and threshold (docs/domain/allocation.md#example-a-priority-and-the-threshold)', () => {
  const specs: LineSpec[] = [
    { name: 'L1', platform: 'Lazada', time: '09:00', qty: 2 },
    { name: 'L2', platform: 'Shopee', time: '10:00', qty: 3 },
    { name: 'L3', platform: 'TikTok', time: '08:00', qty: 4 },
    { name: 'L4', platform: 'Shopee', time: '11:00', qty: 2 },
  ];
  it.each([
    { name: 'L2', before: 10, computed: 'READY_ACCEPT' as const },
    { name: 'L4', before: 7, computed: 'READY_ACCEPT' as const },
    { name: 'L3', before: 5, computed: 'LOW_STOCK' as const },
    { name: 'L1', before: 1, computed: 'NOT_ENOUGH' as const },
  ])('$name: R before $before -> $computed', (e) => {
    check(specs, 'A', 10, [e]);
  });
  it('leaves R = 1 for SKU A; AllQty = 2+3+4+2 (derived)', () => {
    const { result } = check(specs, 'A', 10, []);
    expect(result.skus.get('A')).toEqual({ sku: 'A', onHand: 10, allQty: 11, allocated: 9, remaining: 1 });
  });
  it('a Lazada-only view still shows L1 NOT_ENOUGH: filters select output only (docs/domain/allocation.md#allocation-is-global)', () => {
    const { result, lines } = check(specs, 'A', 10, []);
    const lazada = result.lines.filter((_, i) => lines[i].platform === 'Lazada');
    expect(lazada.map((l) => l.computedStatus)).toEqual(['NOT_ENOUGH']);
  });
});

describe('Example B - skip and continue, shortage, cancellation (docs/domain/allocation.md#example-b-skip-and-continue-shortage-cancellation)', () => {
  const specs: LineSpec[] = [
    { name: 'M1', platform: 'Shopee', time: '09:00', qty: 6 },
    { name: 'M2', platform: 'Shopee', time: '10:00', qty: 2 },
    { name: 'M3', platform: 'TikTok', time: '08:00', qty: 3 },
    { name: 'M4', platform: 'Lazada', time: '07:00', qty: 1 },
    { name: 'M5', platform: 'Shopee', time: '08:30', qty: 4, flags: { cancelled: true } },
  ];
  it.each<Expect>([
    { name: 'M1', before: 5, computed: 'NOT_ENOUGH' },
    { name: 'M2', before: 5, computed: 'LOW_STOCK' },
    { name: 'M3', before: 3, computed: 'LOW_STOCK' },
    { name: 'M4', before: 0, computed: 'SHORTAGE' },
    { name: 'M5', before: null, computed: null, display: 'CANCELLED' },
  ])('$name -> $computed / $display', (e) => {
    check(specs, 'B', 5, [e]);
  });
  it('AllQty of B = 6+2+3+1 = 12, R ends at 0', () => {
    const { result } = check(specs, 'B', 5, []);
    expect(result.skus.get('B')).toMatchObject({ allQty: 12, remaining: 0, onHand: 5 });
  });
});

describe('Example C - committed lines consume first (docs/domain/allocation.md#example-c-committed-lines-consume-first)', () => {
  const specs: LineSpec[] = [
    { name: 'N1', platform: 'Lazada', time: '08:00', qty: 3, accepted: true },
    { name: 'N2', platform: 'Shopee', time: '09:30', qty: 2 },
    { name: 'N3', platform: 'TikTok', time: '10:00', qty: 1, flags: { issued: true } },
  ];
  it.each<Expect>([
    { name: 'N3', before: 4, computed: 'LOW_STOCK', display: 'LOW_STOCK' },
    { name: 'N1', before: 3, computed: 'LOW_STOCK', display: 'ACCEPTED' },
    { name: 'N2', before: 0, computed: 'SHORTAGE' },
  ])('$name: R before $before, computed $computed, displayed $display', (e) => {
    check(specs, 'C', 4, [e]);
  });
  it('labels: N3 จ่ายแล้ว, N1 รับแล้ว, N2 ไม่มีสินค้า; N1 and N3 committed', () => {
    const { result, idOf, orders } = check(specs, 'C', 4, []);
    const label = (name: string) => {
      const l = result.byLineId(idOf.get(name)!)!;
      return statusLabel(l, orders.get(l.orderId)!);
    };
    expect([label('N3'), label('N1'), label('N2')]).toEqual(['จ่ายแล้ว', 'รับแล้ว', 'ไม่มีสินค้า']);
    expect(['N1', 'N2', 'N3'].map((n) => result.byLineId(idOf.get(n)!)!.committed)).toEqual([true, false, true]);
    expect(result.skus.get('C')!.remaining).toBe(0);
  });
});

describe('Example D - tie-break and exclusions (docs/domain/allocation.md#example-d-tie-break-and-exclusions)', () => {
  const specs: LineSpec[] = [
    { name: 'P1', platform: 'Shopee', time: '10:00', qty: 2, orderNo: 'SO-2' },
    { name: 'P2', platform: 'Shopee', time: '10:00', qty: 3, orderNo: 'SO-1' },
    { name: 'P3', platform: 'Shopee', time: '09:00', qty: 5, flags: { packed: true } },
    { name: 'P4', platform: 'TikTok', time: '09:00', qty: 1, flags: { trashed: true } },
    { name: 'P5', platform: 'Lazada', time: '09:00', qty: 2, flags: { billEmpty: true } },
    { name: 'P6', platform: 'Other', time: '06:00', qty: 1 },
  ];
  it.each<Expect>([
    { name: 'P2', before: 8, computed: 'READY_ACCEPT' },
    { name: 'P1', before: 5, computed: 'LOW_STOCK' },
    { name: 'P6', before: 3, computed: 'LOW_STOCK' },
    { name: 'P3', before: null, computed: null, display: 'PACKED' },
    { name: 'P4', before: null, computed: null, display: null, listed: false },
    { name: 'P5', before: null, computed: null, display: 'BILL_EMPTY' },
  ])('$name -> $computed / $display', (e) => {
    check(specs, 'D', 8, [e]);
  });
  it('R ends at 2; AllQty counts open lines only: 2+3+1 = 6 (derived)', () => {
    const { result } = check(specs, 'D', 8, []);
    expect(result.skus.get('D')).toMatchObject({ remaining: 2, allQty: 6 });
  });
});

describe('a later small line still fits, under the rewrite rules (docs/domain/allocation.md#a-later-small-line-still-fits)', () => {
  const base: LineSpec[] = [
    { name: 'L1', platform: 'Shopee', time: '09:00', qty: 3, orderNo: '1001' },
    { name: 'L2', platform: 'TikTok', time: '08:00', qty: 4, orderNo: '2001' },
    { name: 'L3', platform: 'Lazada', time: '07:00', qty: 2, orderNo: '3001' },
    { name: 'L4', platform: 'Shopee', time: '10:00', qty: 5, orderNo: '1002' },
  ];
  it('stock 10: L1 READY (7), L4 LOW (2), L2 NOT_ENOUGH (2), L3 LOW (0)', () => {
    check(base, 'A-1', 10, [
      { name: 'L1', before: 10, computed: 'READY_ACCEPT' },
      { name: 'L4', before: 7, computed: 'LOW_STOCK' },
      { name: 'L2', before: 2, computed: 'NOT_ENOUGH' },
      { name: 'L3', before: 2, computed: 'LOW_STOCK' },
    ]);
  });
  it('stock 0: every line SHORTAGE', () => {
    check(base, 'A-1', 0, [
      { name: 'L1', before: 0, computed: 'SHORTAGE' },
      { name: 'L4', before: 0, computed: 'SHORTAGE' },
      { name: 'L2', before: 0, computed: 'SHORTAGE' },
      { name: 'L3', before: 0, computed: 'SHORTAGE' },
    ]);
  });
  // Spec: "L4 is CANCELLED and L2 becomes LOW_STOCK (7-4 = 3)"; L3 derived: 3-2 = 1 <= 3.
  it('cancel marker on 1002: L4 CANCELLED, L2 LOW_STOCK (7-4 = 3), L3 LOW_STOCK (3-2 = 1)', () => {
    const specs = base.map((s) => (s.name === 'L4' ? { ...s, flags: { cancelled: true } } : s));
    check(specs, 'A-1', 10, [
      { name: 'L1', before: 10, computed: 'READY_ACCEPT' },
      { name: 'L4', before: null, computed: null, display: 'CANCELLED' },
      { name: 'L2', before: 7, computed: 'LOW_STOCK' },
      { name: 'L3', before: 3, computed: 'LOW_STOCK' },
    ]);
  });
  // Rewrite (docs/domain/allocation.md#line-classification): a trashed order frees its stock
  // exactly like a cancelled one, and is not listed.
  it('1002 in the trash: same statuses as cancelled, L4 not listed', () => {
    const specs = base.map((s) => (s.name === 'L4' ? { ...s, flags: { trashed: true } } : s));
    check(specs, 'A-1', 10, [
      { name: 'L1', before: 10, computed: 'READY_ACCEPT' },
      { name: 'L4', before: null, computed: null, display: null, listed: false },
      { name: 'L2', before: 7, computed: 'LOW_STOCK' },
      { name: 'L3', before: 3, computed: 'LOW_STOCK' },
    ]);
  });
  // Rewrite (docs/domain/allocation.md#committed-lines-first, derived): an accepted Lazada L3 is
  // committed and served first: 10-2 = 8.
  it('L3 accepted: L3 first (8 left), then L1 (5), L4 (0), L2 SHORTAGE', () => {
    const specs = base.map((s) => (s.name === 'L3' ? { ...s, accepted: true } : s));
    check(specs, 'A-1', 10, [
      { name: 'L3', before: 10, computed: 'READY_ACCEPT', display: 'ACCEPTED' },
      { name: 'L1', before: 8, computed: 'READY_ACCEPT' },
      { name: 'L4', before: 5, computed: 'LOW_STOCK' },
      { name: 'L2', before: 0, computed: 'SHORTAGE' },
    ]);
  });
});

describe('committed lines hold stock first (docs/domain/allocation.md#committed-lines-first)', () => {
  it('stock 5: accepted TikTok q4 08:00 keeps ACCEPTED with 1 left, new Shopee q3 09:00 NOT_ENOUGH', () => {
    const { result } = check(
      [
        { name: 'T', platform: 'TikTok', time: '08:00', qty: 4, accepted: true },
        { name: 'S', platform: 'Shopee', time: '09:00', qty: 3 },
      ],
      'X',
      5,
      [
        { name: 'T', before: 5, computed: 'LOW_STOCK', display: 'ACCEPTED' },
        { name: 'S', before: 1, computed: 'NOT_ENOUGH' },
      ],
    );
    expect(result.skus.get('X')!.remaining).toBe(1);
  });
});

describe('committed lines that do not fit (docs/domain/allocation.md#committed-lines-first, derived from the rule text)', () => {
  it('a committed line larger than the stock is flagged short, takes nothing; a later line still fits', () => {
    check(
      [
        { name: 'C', platform: 'Lazada', time: '08:00', qty: 3, accepted: true },
        { name: 'U', platform: 'Shopee', time: '09:00', qty: 2 },
      ],
      'K',
      2,
      [
        { name: 'C', before: 2, computed: 'NOT_ENOUGH', display: 'ACCEPTED', committedShort: true },
        { name: 'U', before: 2, computed: 'LOW_STOCK' },
      ],
    );
  });
  it('an issued line on an empty SKU is SHORTAGE and short', () => {
    check([{ name: 'I', platform: 'Shopee', time: '08:00', qty: 1, flags: { issued: true } }], 'Z', 0, [
      { name: 'I', before: 0, computed: 'SHORTAGE', committedShort: true },
    ]);
  });
});

describe('ordering details (docs/domain/allocation.md#processing-order)', () => {
  it('lines without an order time come after every timed line of the same group', () => {
    check(
      [
        { name: 'N', platform: 'Shopee', time: null, qty: 3 },
        { name: 'T', platform: 'Shopee', time: '2025-03-09 23:00', qty: 3 },
      ],
      'S',
      4,
      [
        { name: 'T', before: 4, computed: 'LOW_STOCK' },
        { name: 'N', before: 1, computed: 'NOT_ENOUGH' },
      ],
    );
  });
  it('order numbers compare by code point, not locale: "B" (U+0042) before "a" (U+0061)', () => {
    check(
      [
        { name: 'lower', platform: 'Shopee', time: '10:00', qty: 3, orderNo: 'a1' },
        { name: 'upper', platform: 'Shopee', time: '10:00', qty: 3, orderNo: 'B1' },
      ],
      'S',
      4,
      [
        { name: 'upper', before: 4, computed: 'LOW_STOCK' },
        { name: 'lower', before: 1, computed: 'NOT_ENOUGH' },
      ],
    );
  });
  it('U+FF01 sorts before U+1F600 although its UTF-16 unit is larger (code points, not units)', () => {
    check(
      [
        { name: 'emoji', platform: 'TikTok', time: '10:00', qty: 3, orderNo: '\u{1F600}' },
        { name: 'fullwidth', platform: 'TikTok', time: '10:00', qty: 3, orderNo: '\uFF01' },
      ],
      'S',
      4,
      [
        { name: 'fullwidth', before: 4, computed: 'LOW_STOCK' },
        { name: 'emoji', before: 1, computed: 'NOT_ENOUGH' },
      ],
    );
  });
  it('equal order numbers fall back to the line id', () => {
    const { result } = check(
      [
        { name: 'first', platform: 'Shopee', time: '10:00', qty: 3, orderNo: 'SAME' },
        { name: 'second', platform: 'Shopee', time: '10:00', qty: 3, orderNo: 'SAME' },
      ],
      'S',
      4,
      [],
    );
    expect(result.lines.map((l) => l.computedStatus)).toEqual(['LOW_STOCK', 'NOT_ENOUGH']);
  });
  it('compareCodePoints orders astral characters after U+FFxx (UTF-16 units would not)', () => {
    expect(compareCodePoints('\uFF01', '\u{1F600}')).toBeLessThan(0);
    expect('\uFF01' < '\u{1F600}').toBe(false);
    expect(compareCodePoints('A', 'AB')).toBeLessThan(0);
    expect(compareCodePoints('SO-2', 'SO-1')).toBeGreaterThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });
});

describe('input forms and edge cases', () => {
  const specs: LineSpec[] = [
    { name: 'L1', platform: 'Lazada', time: '09:00', qty: 2 },
    { name: 'L2', platform: 'Shopee', time: '10:00', qty: 3, accepted: true },
    { name: 'L3', platform: 'TikTok', time: null, qty: 4, flags: { issued: true } },
    { name: 'L4', platform: 'Shopee', time: '11:00', qty: 2, flags: { trashed: true, issued: true } },
  ];
  it('column input, a flags function and a stock function give the same result as rows + maps', () => {
    const { lines, orders } = buildExample(specs, 'A');
    const fromRows = computeAllocation({ lines, orders, stock: new Map([['A', 6]]) });
    const columns: AllocLineColumns = {
      id: Float64Array.from(lines, (l) => l.id),
      orderId: lines.map((l) => l.orderId),
      orderNo: lines.map((l) => l.orderNo),
      platform: lines.map((l) => l.platform),
      sku: lines.map((l) => l.sku),
      qty: Int32Array.from(lines, (l) => l.qty),
      orderTime: Float64Array.from(lines, (l) => l.orderTime ?? NaN),
      accepted: Uint8Array.from(lines, (l) => (l.accepted ? 1 : 0)),
    };
    const fromColumns = computeAllocation({
      lines: columns,
      orders: (id) => orders.get(id),
      stock: (sku) => (sku === 'A' ? 6 : undefined),
    });
    expect(fromColumns.lines).toEqual(fromRows.lines);
    expect([...fromColumns.skus]).toEqual([...fromRows.skus]);
  });
  it('an order absent from the lookup is open; a SKU absent from stock has 0', () => {
    const { lines } = buildExample([{ name: 'X', platform: 'Shopee', time: '09:00', qty: 1, sku: 'NONE' }], 'NONE');
    const r = computeAllocation({ lines, orders: new Map(), stock: new Map() });
    expect(r.lines[0]).toMatchObject({ listed: true, computedStatus: 'SHORTAGE', stockBefore: 0 });
    expect(r.sku('NONE')).toEqual({ sku: 'NONE', onHand: 0, allQty: 1, allocated: 0, remaining: 0 });
    expect(r.sku('OTHER')).toEqual({ sku: 'OTHER', onHand: 0, allQty: 0, allocated: 0, remaining: 0 });
  });
  it('a trashed line keeps the marker precedence below TRASHED (docs/domain/allocation.md#line-classification) and is not committed', () => {
    const { lines, orders } = buildExample(
      [
        { name: 'acc', platform: 'Shopee', time: '09:00', qty: 1, accepted: true, flags: { trashed: true } },
        { name: 'can', platform: 'Shopee', time: '09:00', qty: 1, flags: { trashed: true, cancelled: true } },
      ],
      'A',
    );
    const r = computeAllocation({ lines, orders, stock: new Map([['A', 9]]) });
    expect(r.lines.map((l) => [l.listed, l.displayStatus, l.computedStatus, l.committed])).toEqual([
      [false, 'ACCEPTED', null, false],
      [false, 'CANCELLED', null, false],
    ]);
  });
  it('an empty input yields empty results', () => {
    const r = computeAllocation({ lines: [], orders: new Map(), stock: new Map() });
    expect(r.lines).toEqual([]);
    expect(r.skus.size).toBe(0);
  });
  it('rejects a platform outside the closed set', () => {
    const { lines } = buildExample([{ name: 'X', platform: 'Shopee', time: '09:00', qty: 1 }], 'A');
    // Deliberately outside the type: the runtime check is what is under test.
    const bad = [{ ...lines[0], platform: 'Shopify' as unknown as Platform }];
    expect(() => computeAllocation({ lines: bad, orders: new Map([[1, OPEN]]), stock: new Map() })).toThrow(RangeError);
  });
});

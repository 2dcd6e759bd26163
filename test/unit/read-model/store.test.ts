// The read model's store applies changes and re-allocates only the SKUs they touch. Worked by hand
// from Example A (docs/domain/allocation.md#example-a-priority-and-the-threshold): SKU A, on-hand
// 10; L1 Lazada 09:00 qty 2, L2 Shopee 10:00 qty 3, L3 TikTok 08:00 qty 4, L4 Shopee 11:00 qty 2.
import { describe, expect, it } from 'vitest';
import { explainShortage } from '../../../src/domain/allocation/shortage';
import type { RawLine, RawOrder } from '../../../src/domain/orders-view/types';
import { queueLines } from '../../../src/domain/read-model';
import { runToEnd, sortInSlices } from '../../../src/domain/read-model/slices';
import { OpenOrderStore, type OrderRows } from '../../../src/domain/read-model/store';
import type { Platform } from '../../../src/domain/allocation';

const bkk = (wall: string) => Date.parse(`${wall.replace(' ', 'T')}:00+07:00`);

function order(id: number, no: string, platform: Platform, time: string): RawOrder {
  return {
    id,
    orderNo: no,
    platform,
    shopId: 1,
    orderTime: bkk(`2025-03-03 ${time}`),
    logisticType: null,
    importDate: '2025-03-03',
    importedAt: bkk('2025-03-03 07:00'),
    importId: null,
    dispatchRound: null,
    lowstockRound: null,
    nostockRound: null,
    notenoughRound: null,
    scannedAt: null,
    scannedBy: null,
    closedAt: null,
  };
}
const line = (id: number, orderId: number, sku: string, qty: number, accepted = false): RawLine => ({
  id,
  orderId,
  sku,
  qty,
  itemName: null,
  accepted,
  acceptedAt: null,
  acceptedBy: null,
  pickingCount: 0,
  pickingLastAt: null,
});
const rows = (orders: RawOrder[], lines: RawLine[]): OrderRows => ({
  orders,
  lines,
  markers: [],
  sales: [],
  prints: [],
});

// Orders 1..4 carry lines L1..L4 (line id = order id).
const ORDERS = [
  order(1, 'A-L1', 'Lazada', '09:00'),
  order(2, 'A-L2', 'Shopee', '10:00'),
  order(3, 'A-L3', 'TikTok', '08:00'),
  order(4, 'A-L4', 'Shopee', '11:00'),
];
const QTY = [2, 3, 4, 2];
const LINES = ORDERS.map((o, i) => line(o.id, o.id, 'A', QTY[i]));

function exampleA(): OpenOrderStore {
  const store = new OpenOrderStore();
  runToEnd(
    store.apply({
      orderIds: [],
      rows: rows(ORDERS, LINES),
      stock: new Map([['A', 10]]),
      shops: [{ id: 1, name: 'Shop', platform: 'Shopee' }],
      holidays: [],
    }),
  );
  return store;
}
const statuses = (store: OpenOrderStore) =>
  Object.fromEntries(
    [1, 2, 3, 4].filter((id) => store.line(id)).map((id) => [`L${id}`, store.line(id)!.alloc.displayStatus]),
  );

describe('OpenOrderStore', () => {
  it('Example A: L2, L4 ready, L3 low, L1 not enough; queue and SKU totals', () => {
    const store = exampleA();
    expect(statuses(store)).toEqual({ L1: 'NOT_ENOUGH', L2: 'READY_ACCEPT', L3: 'LOW_STOCK', L4: 'READY_ACCEPT' });
    expect(store.queue('A').map((l) => l.id)).toEqual([2, 4, 3, 1]);
    expect(store.sku('A')).toEqual({ sku: 'A', onHand: 10, allQty: 11, allocated: 9, remaining: 1 });
    expect(store.line(3)!.alloc.stockBefore).toBe(5);
    expect(store.line(1)!.allQty).toBe(11);
    // The table order: order number, then the lines.
    expect(store.lines.map((l) => l.id)).toEqual([1, 2, 3, 4]);
    expect(store.orders.get(2)!.pile).toBe(1);
    expect(store.orders.get(3)!.pile).toBe(2);
    expect(store.orders.get(1)!.pile).toBe(3);
  });

  it("an order leaving (L2's order cancelled: closed, so gone from the open store) frees its stock for the rest", () => {
    const store = exampleA();
    runToEnd(store.apply({ orderIds: [2], rows: rows([], []) }));
    // L4 10 -> 8 ready; L3 8 -> 4 ready (4 left > 3); L1 4 -> 2 low.
    expect(statuses(store)).toEqual({ L1: 'LOW_STOCK', L3: 'READY_ACCEPT', L4: 'READY_ACCEPT' });
    expect(store.line(2)).toBeUndefined();
    expect(store.lines.map((l) => l.id)).toEqual([1, 3, 4]);
    expect(store.sku('A')).toMatchObject({ allQty: 8, allocated: 8, remaining: 2 });
    expect(store.orders.get(1)!.pile).toBe(2);
  });

  it('an accepted line is served first; then new stock: committed L1 low, L4 low, L3 not enough', () => {
    const store = exampleA();
    // L1's order re-read with its line accepted.
    runToEnd(store.apply({ orderIds: [1], rows: rows([ORDERS[0]], [line(1, 1, 'A', 2, true)]) }));
    // L1 10 -> 8, L2 8 -> 5, L4 5 -> 3 (low), L3 3 < 4.
    expect(statuses(store)).toEqual({ L1: 'ACCEPTED', L2: 'READY_ACCEPT', L3: 'NOT_ENOUGH', L4: 'LOW_STOCK' });
    expect(store.line(1)!.alloc).toMatchObject({
      computedStatus: 'READY_ACCEPT',
      committed: true,
      committedShort: false,
    });
    runToEnd(store.apply({ orderIds: [], rows: rows([], []), stock: new Map([['A', 4]]) }));
    // L1 4 -> 2 (low, committed), L2 2 < 3 not enough, L4 2 -> 0 low, L3 shortage.
    expect(statuses(store)).toEqual({ L1: 'ACCEPTED', L2: 'NOT_ENOUGH', L3: 'SHORTAGE', L4: 'LOW_STOCK' });
    expect(store.line(3)!.stockQty).toBe(4);
    expect(store.queue('A').map((l) => l.id)).toEqual([1, 2, 4, 3]);
    // Why is L3 short: L1 (committed) and L4 take the stock. With x more pieces L2 (ahead of
    // it) fits first: L1 leaves 2 + x, L2 takes 3, L4 takes 2, and L3 needs 4: x - 3 >= 4, x = 7.
    const why = explainShortage(queueLines(store, 'A'), 'A', store.sku('A').onHand, 3)!;
    expect(why.heldBy.map((h) => h.lineId)).toEqual([1, 4]);
    expect(why.missingToFit).toBe(7);
  });

  it('a SKU without stock row has none; a product name reaches every line of the SKU at once', () => {
    const store = exampleA();
    runToEnd(
      store.apply({
        orderIds: [],
        rows: rows([], []),
        stock: new Map([['A', null]]),
        products: new Map([['A', { brand: 'Acme', name: 'Anvil' }]]),
      }),
    );
    expect(statuses(store)).toEqual({ L1: 'SHORTAGE', L2: 'SHORTAGE', L3: 'SHORTAGE', L4: 'SHORTAGE' });
    expect([1, 2, 3, 4].map((id) => [store.line(id)!.brand, store.line(id)!.productName])).toEqual(
      Array(4).fill(['Acme', 'Anvil']),
    );
  });

  it('re-read orders take their old place in the table when their key is unchanged, and move when it changed', () => {
    // 40 orders whose numbers sort apart from their ids (table order is by order number).
    const many = Array.from({ length: 40 }, (_, i) =>
      order(i + 1, `N-${String((i * 17) % 40).padStart(2, '0')}`, 'Shopee', '09:00'),
    );
    const build = (orders: RawOrder[], lines: RawLine[]) => {
      const s = new OpenOrderStore();
      runToEnd(
        s.apply({
          orderIds: [],
          rows: rows(orders, lines),
          stock: new Map([['A', 100]]),
          shops: [{ id: 1, name: 'Shop', platform: 'Shopee' }],
          holidays: [],
        }),
      );
      return s;
    };
    const manyLines = many.map((o) => line(o.id, o.id, 'A', 1));
    const store = build(many, manyLines);
    const table = (s: OpenOrderStore) => s.ordersInTableOrder.map((o) => o.id);
    // Orders 3, 10 and 25 re-read, accepted: same numbers; order 7 re-read under another number.
    const renamed = { ...many[6], orderNo: 'N-99' };
    const reread = [many[2], many[9], many[24], renamed];
    const rereadLines = [
      line(3, 3, 'A', 1, true),
      line(10, 10, 'A', 1, true),
      line(25, 25, 'A', 1, true),
      line(7, 7, 'A', 1),
    ];
    const old3 = store.orders.get(3)!;
    runToEnd(store.apply({ orderIds: [3, 10, 25, 7], rows: rows(reread, rereadLines) }));
    const after = many.map((o) => (o.id === 7 ? renamed : o));
    const afterLines = manyLines.map((l) => rereadLines.find((r) => r.id === l.id) ?? l);
    expect(table(store)).toEqual(table(build(after, afterLines)));
    expect(table(store)[table(store).length - 1]).toBe(7);
    // The table holds the new records, not the old ones.
    const inTable = store.ordersInTableOrder.find((o) => o.id === 3)!;
    expect(inTable).toBe(store.orders.get(3));
    expect(inTable).not.toBe(old3);
    expect(inTable.lines[0].accepted).toBe(true);
    expect(new Set(store.ordersInTableOrder).size).toBe(40);
  });

  it('lines in order id order (walked) and in any order (grouped) give the same records, lines in id order', () => {
    // Orders 1..6, each with lines on SKUs B, A, C whose ids run against the SKU order, so the read
    // order (by order, then SKU) is not id order; order 5 has no line; a line of a missing order 9.
    const orders = [1, 2, 3, 4, 5, 6].map((id) => order(id, `M-${id}`, 'Shopee', `0${id}:00`));
    const lines: RawLine[] = [];
    for (const o of orders) {
      if (o.id === 5) continue;
      for (const [k, sku] of ['C', 'A', 'B'].entries()) lines.push(line(o.id * 10 + k, o.id, sku, 1 + (o.id % 3)));
    }
    const bySku = [...lines].sort((a, b) => a.orderId - b.orderId || a.sku.localeCompare(b.sku));
    const build = (ls: RawLine[]) => {
      const s = new OpenOrderStore();
      runToEnd(
        s.apply({
          orderIds: [],
          rows: rows(orders, ls),
          stock: new Map([
            ['A', 5],
            ['B', 3],
            ['C', 20],
          ]),
          shops: [{ id: 1, name: 'Shop', platform: 'Shopee' }],
          holidays: [],
        }),
      );
      return s;
    };
    const shape = (s: OpenOrderStore) =>
      s.ordersInTableOrder.map((o) => ({
        id: o.id,
        pile: o.pile,
        lines: o.lines.map((l) => [l.id, l.sku, l.alloc.displayStatus, l.alloc.stockBefore]),
        table: s.tableLinesOf(o).map((l) => l.id),
      }));
    const walked = build([...bySku, line(90, 9, 'A', 1)]);
    const grouped = build([...lines].reverse());
    expect(shape(walked)).toEqual(shape(grouped));
    expect(walked.orders.get(2)!.lines.map((l) => l.id)).toEqual([20, 21, 22]);
    expect(walked.tableLinesOf(walked.orders.get(2)!).map((l) => l.sku)).toEqual(['A', 'B', 'C']);
    expect(walked.orders.get(5)!.lines).toEqual([]);
    expect(walked.line(90)).toBeUndefined();
    expect(walked.lineCount).toBe(15);
  });
});

describe("table order of an order's lines", () => {
  it('is SKU, then line id, whether the lines come in that order or not', () => {
    // Order 1: SKUs already in order (A, B, D). Order 2: D, B, A (reversed). Order 3: B, A, B, A
    // (two lines per SKU: ids 30 and 32 on B, 31 and 33 on A). Order 4: one line.
    const orders = [1, 2, 3, 4].map((id) => order(id, `T-${id}`, 'Shopee', `0${id}:00`));
    const lines = [
      line(10, 1, 'A', 1),
      line(11, 1, 'B', 1),
      line(12, 1, 'D', 1),
      line(20, 2, 'D', 1),
      line(21, 2, 'B', 1),
      line(22, 2, 'A', 1),
      line(30, 3, 'B', 1),
      line(31, 3, 'A', 1),
      line(32, 3, 'B', 1),
      line(33, 3, 'A', 1),
      line(40, 4, 'C', 1),
    ];
    const s = new OpenOrderStore();
    runToEnd(
      s.apply({
        orderIds: [],
        rows: rows(orders, lines),
        stock: new Map(),
        shops: [{ id: 1, name: 'Shop', platform: 'Shopee' }],
        holidays: [],
      }),
    );
    const table = (id: number) => s.tableLinesOf(s.orders.get(id)!).map((l) => l.id);
    expect(table(1)).toEqual([10, 11, 12]);
    expect(table(2)).toEqual([22, 21, 20]);
    expect(table(3)).toEqual([31, 33, 30, 32]);
    expect(table(4)).toEqual([40]);
    // The order's own lines stay in id order.
    expect(s.orders.get(3)!.lines.map((l) => l.id)).toEqual([30, 31, 32, 33]);
    expect(s.lines.map((l) => l.id)).toEqual([10, 11, 12, 22, 21, 20, 31, 33, 30, 32, 40]);
  });
});

describe('slices', () => {
  it('sorting in slices gives exactly the order of one stable sort', () => {
    const items = Array.from({ length: 70_000 }, (_, i) => ({ k: (i * 7919) % 1000, i }));
    const expected = items.slice().sort((a, b) => a.k - b.k);
    expect(runToEnd(sortInSlices(items.slice(), (a, b) => a.k - b.k))).toEqual(expected);
  });
});

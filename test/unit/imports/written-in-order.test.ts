// The orders import matches the orders it read back to its drafts by position when every draft
// was inserted (src/services/imports/orders/write.ts, docs/domain/imports.md#performance); any
// difference must send it back to matching by shop and number.
import { describe, expect, it } from 'vitest';
import type { OrderDraft } from '../../../src/services/imports/orders/drafts';
import { type OrdersPlan, writtenInOrder } from '../../../src/services/imports/orders/write';

const draft = (shopKey: string, orderNo: string): OrderDraft => ({
  shopName: shopKey,
  shopKey,
  orderNo,
  invalid: false,
  firstRow: 2,
  lines: new Map(),
  orderTime: null,
  logistics: null,
});

const plan = (fresh: OrderDraft[]) =>
  ({
    fresh,
    shopIds: new Map([
      ['a', 1],
      ['b', 2],
    ]),
  }) as unknown as OrdersPlan;

describe('orders read back in insertion order', () => {
  const fresh = [draft('a', 'N1'), draft('b', 'N1'), draft('a', 'N2')];

  it('pairs each row with its draft when all were inserted in order', () => {
    const rows = [
      { id: 10, shop_id: 1, order_no: 'N1' },
      { id: 11, shop_id: 2, order_no: 'N1' },
      { id: 12, shop_id: 1, order_no: 'N2' },
    ];
    expect(writtenInOrder(rows, plan(fresh))?.map((w) => [w.draft.shopKey, w.draft.orderNo, w.id])).toEqual([
      ['a', 'N1', 10],
      ['b', 'N1', 11],
      ['a', 'N2', 12],
    ]);
  });

  it('gives up (null) when a draft is missing or a row is not its draft', () => {
    expect(writtenInOrder([{ id: 10, shop_id: 1, order_no: 'N1' }], plan(fresh))).toBeNull();
    const swapped = [
      { id: 10, shop_id: 2, order_no: 'N1' },
      { id: 11, shop_id: 1, order_no: 'N1' },
      { id: 12, shop_id: 1, order_no: 'N2' },
    ];
    expect(writtenInOrder(swapped, plan(fresh))).toBeNull();
  });
});

// End to end across features: the canonical sample run (samples/README.md steps 1-11) imported
// through the API, then read back through the orders views and the dashboard. Expected sets are
// worked out by hand from the sample files and the rules of
// docs/domain/allocation.md#line-classification, #piles and #orders-api-views:
//   cancelled: 250115QX1A05, 577000111122223304, 450012345600005 (250199NOTEXIST1 stays pending)
//   packed (SBS "ครบตามจำนวน"): 250115QX1A01, 250115QX1A03, 577000111122223301
//   issued: 250115QX1A01, 250115QX1A02, 450012345600001, 577000111122223301
//   bill-empty: 250115QX1A04, 577000111122223303
//   pending = 15 orders - 3 cancelled - 3 packed = 9 (bill-empty and issued orders are pending)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { importFile } from '../support/imports';
import { fileTarget, type Target } from '../support/targets';

const CANONICAL: [string, string, { platform?: string; shop?: string }][] = [
  ['products', 'products.csv', {}],
  ['stock', 'stock.csv', {}],
  ['orders', 'orders_shopee.csv', { platform: 'Shopee' }],
  ['orders', 'orders_lazada.csv', { platform: 'Lazada', shop: 'Beta Home Lazada' }],
  ['orders', 'orders_tiktok.csv', { platform: 'TikTok' }],
  ['sales', 'sales_status.csv', {}],
  ['cancelled', 'cancelled_orders.csv', {}],
  ['issued', 'issued_orders.csv', {}],
  ['bill-empty', 'bill_empty.csv', {}],
];

describe('samples imported, then seen through orders and dashboard', () => {
  let target: Target;
  let api: ApiClient;
  beforeAll(async () => {
    target = await fileTarget();
    api = new ApiClient(target);
    for (const [kind, file, opts] of CANONICAL) {
      const res = await importFile(api, kind, file, opts);
      expect(res.status, `${file}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      expect(res.body.import.status).toBe('committed');
    }
  });
  afterAll(() => target.close());

  const orderNos = async (query: string) => {
    const res = await api.get(`/api/orders?${query}&limit=500`, 'user');
    expect(res.status).toBe(200);
    return {
      items: res.body.items as any[],
      nos: [...new Set((res.body.items as any[]).map((i) => i.orderNo))].sort(),
    };
  };

  it('cancelled, packed and issued views hold exactly the orders the files marked', async () => {
    const cancelled = await orderNos('view=cancelled');
    expect(cancelled.nos).toEqual(['250115QX1A05', '450012345600005', '577000111122223304']);
    expect(cancelled.items.every((i) => i.status === 'CANCELLED')).toBe(true);
    const packed = await orderNos('view=packed');
    expect(packed.nos).toEqual(['250115QX1A01', '250115QX1A03', '577000111122223301']);
    expect(packed.items.every((i) => i.status === 'PACKED')).toBe(true);
    const issued = await orderNos('view=issued');
    expect(issued.nos).toEqual(['250115QX1A01', '250115QX1A02', '450012345600001', '577000111122223301']);
  });

  it('the default (pending) view lists the 9 pending orders and no packed or cancelled line', async () => {
    const pending = await orderNos('');
    expect(pending.nos.length).toBe(9);
    expect(pending.items.some((i) => i.status === 'PACKED' || i.status === 'CANCELLED')).toBe(false);
    const billEmpty = pending.items.filter((i) => i.status === 'BILL_EMPTY').map((i) => i.orderNo);
    expect([...new Set(billEmpty)].sort()).toEqual(['250115QX1A04', '577000111122223303']);
  });

  it('a line that takes stock never takes more than the SKU has (global allocation over imported stock)', async () => {
    const all = (await api.get('/api/orders?view=all&limit=500', 'user')).body.items as any[];
    const taken = new Map<string, number>();
    for (const line of all) {
      if (line.computedStatus === 'READY_ACCEPT' || line.computedStatus === 'LOW_STOCK') {
        taken.set(line.sku, (taken.get(line.sku) ?? 0) + line.qty);
      }
    }
    for (const [sku, qty] of taken) {
      const stock = all.find((l) => l.sku === sku)!.stockQty;
      expect(qty, sku).toBeLessThanOrEqual(stock);
    }
    expect(all.length).toBeGreaterThan(0);
  });

  it('the dashboard answers for the same data', async () => {
    const res = await api.get('/api/dashboard', 'user');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('ORDER_READY');
  });
});

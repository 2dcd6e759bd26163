// A report is computed in steps that give the event loop turns (docs/domain/read-model.md#the-event-loop),
// and a change applied in one of them would move records under it (a re-allocated line gets its
// status in place). The reports compute while no change is applied (read model `withoutApplies`):
// a change committed meanwhile is applied after the report, which shows the version it began on.
import { afterEach, describe, expect, it } from 'vitest';
import { seed } from '../support/seed';
import { fileTarget } from '../support/targets';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const admin = {
  userId: null,
  username: 'admin',
  role: 'admin' as const,
  ip: null,
  requestId: null,
  method: 'system' as const,
};

describe('reports: computed in slices, held apart from the model changes', () => {
  it('a change committed while a report computes is applied after it, not during', async () => {
    const t = await fileTarget();
    close = t.close;
    await seed(t, {
      stock: { 'RT-A': 0 },
      orders: [{ platform: 'Shopee', shop: 'RT Shop', orderNo: 'RT-1', lines: [{ sku: 'RT-A', qty: 2 }] }],
    });
    const model = t.services.readModel;
    const before = (await model.current()).version;
    const putStock = (qty: number) =>
      t.storage!.transaction(async (_tx, sql) => {
        await sql.execute({ sql: 'UPDATE stock SET qty = ?, updated_at = 2 WHERE sku = ?', args: [qty, 'RT-A'] });
      });
    // Every computation of the reports passes here; the first one commits a write that would take
    // RT-1 off the no-stock report, and another request asks for the latest version meanwhile.
    const original = model.withoutApplies;
    let reader: Promise<{ version: number }> | null = null;
    const versions: number[] = [];
    model.withoutApplies = (seen, fn) =>
      original(seen, async () => {
        if (reader === null) {
          await putStock(10);
          reader = model.current();
          versions.push(model.store.version);
          for (let turn = 0; turn < 4; turn++) {
            await new Promise((r) => setImmediate(r));
            versions.push(model.store.version);
          }
        }
        return fn();
      });
    try {
      const during = await t.services.reports.rows('nostock', {});
      expect(reader).not.toBeNull();
      expect(versions).toEqual(Array(5).fill(before));
      expect(during.items.map((i) => ('orderNo' in i ? i.orderNo : null))).toEqual(['RT-1']);
    } finally {
      model.withoutApplies = original;
    }
    const after = await reader!;
    expect(after.version).toBeGreaterThan(before);
    expect((await t.services.reports.rows('nostock', {})).items).toEqual([]);
  });

  it('a print plans on the model held apart too, inside its write transaction', async () => {
    const t = await fileTarget();
    close = t.close;
    await seed(t, {
      stock: { 'RT-B': 5 },
      orders: [
        { platform: 'Shopee', shop: 'RT Shop', orderNo: 'RT-2', lines: [{ sku: 'RT-B', qty: 1, accepted: true }] },
      ],
    });
    const model = t.services.readModel;
    const original = model.withoutApplies;
    let held = 0;
    model.withoutApplies = (seen, fn) => {
      held++;
      return original(seen, fn);
    };
    try {
      const printed = await t.services.reports.print('warehouse', { idempotencyKey: 'rt-print' }, admin);
      expect(printed.printed).toEqual({ orders: 1, lines: 1 });
      expect(held).toBeGreaterThan(0);
    } finally {
      model.withoutApplies = original;
    }
  });
});

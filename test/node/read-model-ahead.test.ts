// The closed orders a view needs are read beside the model's refresh (read model
// `readClosedAhead`, docs/domain/read-model.md#the-event-loop): the view takes them only for its
// own filter at the model's version, and shows what a view read afterwards shows.
import { afterEach, describe, expect, it } from 'vitest';
import { bangkokDate } from '../../src/domain/time';
import { fileTarget, nodeApp } from '../support/targets';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

describe('read model: closed orders read ahead', () => {
  it('the first dashboard after a write takes the closed orders read beside the refresh, with the same cards as a model read afterwards', async () => {
    const t = await fileTarget();
    close = t.close;
    const model = t.services.readModel;
    await model.current();
    const now = Date.now();
    // 30 orders of today, every third cancelled today (closed): the pending cards count them.
    await t.storage!.transaction(async (_tx, sql) => {
      await sql.execute({
        sql: "INSERT INTO shops (id, platform, name, name_key, created_at, updated_at) VALUES (1, 'Shopee', 'Ahead', 'ahead', 1, 1)",
      });
      for (let i = 1; i <= 30; i++) {
        const cancelled = i % 3 === 0;
        await sql.execute({
          sql: `INSERT INTO orders (id, platform, shop_id, order_no, order_time, import_date, imported_at, closed_at)
                VALUES (?, 'Shopee', 1, ?, ?, ?, ?, ?)`,
          args: [i, `AH${i}`, now - 3_600_000, bangkokDate(now), now, cancelled ? now : null],
        });
        await sql.execute({
          sql: 'INSERT INTO order_lines (id, order_id, sku, qty, created_at) VALUES (?, ?, ?, 1, ?)',
          args: [i, i, `AH-${i % 4}`, now],
        });
        if (cancelled)
          await sql.execute({
            sql: "INSERT INTO order_markers (order_id, kind, created_at) VALUES (?, 'cancelled', ?)",
            args: [i, now],
          });
      }
    });
    const ahead = await t.services.orders.dashboard({});
    expect(model.stats.closedAhead).toBe(1);

    // Another instance on the same file, its model built first: nothing to read beside it.
    const fresh = await nodeApp(t.storage!, {});
    await fresh.services.readModel.current();
    const after = await fresh.services.orders.dashboard({});
    expect(fresh.services.readModel.stats.closedAhead).toBe(0);
    expect(fresh.services.readModel.stats.closedLoads).toBe(1);
    expect(ahead.cards).toEqual(after.cards);
    expect(ahead.scope).toEqual(after.scope);
    expect(Object.values(ahead.cards).some((c) => c.orders === 10)).toBe(true);
  });
});

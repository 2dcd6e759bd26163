import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileStorage } from '../../adapters/libsql-file';
import { applyPendingMigrations } from '../../src/db/migrate';
import {
  closeOrdersOfPackedNos,
  refreshClosedAtByIds,
  refreshClosedAtByOrderNos,
} from '../../src/services/orders/closed-state';
import { tempDir } from '../support/env';

describe('orders.closed_at maintenance', () => {
  it('closes cancelled, trashed and packed orders, keeps bill-empty and issued ones open, and reopens on undo', async () => {
    const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
    await applyPendingMigrations(storage);
    await storage.batch([
      {
        sql: "INSERT INTO shops (id, platform, name, name_key, created_at, updated_at) VALUES (1, 'Shopee', 'A', 'a', 0, 0), (2, 'Lazada', 'B', 'b', 0, 0)",
      },
      {
        sql: `INSERT INTO orders (id, platform, shop_id, order_no, import_date, imported_at) VALUES
          (1, 'Shopee', 1, 'N-1', '2025-01-15', 0), (2, 'Shopee', 1, 'N-2', '2025-01-15', 0), (3, 'Shopee', 1, 'N-3', '2025-01-15', 0),
          (4, 'Shopee', 1, 'N-4', '2025-01-15', 0), (5, 'Lazada', 2, 'N-3', '2025-01-15', 0), (6, 'Shopee', 1, 'N-6', '2025-01-15', 0)`,
      },
      {
        sql: `INSERT INTO order_markers (order_id, kind, created_at) VALUES (1, 'cancelled', 0), (2, 'trashed', 0), (4, 'bill_empty', 0), (6, 'issued', 0)`,
      },
      {
        sql: "INSERT INTO sales_status (order_no, status, packed_at, created_at, updated_at) VALUES ('N-3', 'เปิดใบขายครบตามจำนวนแล้ว', 5, 0, 0)",
      },
    ]);
    await storage.transaction((tx) => refreshClosedAtByIds(tx, [1, 2, 3, 4, 5, 6], 1000));
    const closed = async () =>
      Object.fromEntries(
        (await storage.execute('SELECT id, closed_at FROM orders ORDER BY id')).rows.map((r) => [
          Number(r.id),
          r.closed_at === null ? null : Number(r.closed_at),
        ]),
      );
    // Packed by number: both N-3 orders (two shops) are closed.
    expect(await closed()).toEqual({ 1: 1000, 2: 1000, 3: 1000, 4: null, 5: 1000, 6: null });

    await storage.batch([
      { sql: "DELETE FROM order_markers WHERE order_id = 1 AND kind = 'cancelled'" },
      { sql: "UPDATE sales_status SET packed_at = NULL WHERE order_no = 'N-3'" },
    ]);
    await storage.transaction(async (tx) => {
      await refreshClosedAtByIds(tx, [1], 2000);
      await refreshClosedAtByOrderNos(tx, ['N-3'], 2000);
    });
    expect(await closed()).toEqual({ 1: null, 2: 1000, 3: null, 4: null, 5: null, 6: null });
    const open = await storage.execute(
      'SELECT count(*) AS n FROM orders INDEXED BY orders_open WHERE closed_at IS NULL',
    );
    expect(Number(open.rows[0].n)).toBe(5);
    await storage.close();
  });

  it('closes the open orders of a number that became packed and keeps the closing time of the ones already closed', async () => {
    const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
    await applyPendingMigrations(storage);
    await storage.batch([
      {
        sql: "INSERT INTO shops (id, platform, name, name_key, created_at, updated_at) VALUES (1, 'Shopee', 'A', 'a', 0, 0), (2, 'Lazada', 'B', 'b', 0, 0)",
      },
      // P-1 in two shops, the second already closed (cancelled at 1000); P-2 not packed.
      {
        sql: `INSERT INTO orders (id, platform, shop_id, order_no, import_date, imported_at, closed_at) VALUES
          (1, 'Shopee', 1, 'P-1', '2025-01-15', 0, NULL), (2, 'Lazada', 2, 'P-1', '2025-01-15', 0, 1000),
          (3, 'Shopee', 1, 'P-2', '2025-01-15', 0, NULL)`,
      },
      { sql: "INSERT INTO order_markers (order_id, kind, created_at) VALUES (2, 'cancelled', 0)" },
      {
        sql: "INSERT INTO sales_status (order_no, status, packed_at, created_at, updated_at) VALUES ('P-1', 'เปิดใบขายครบตามจำนวนแล้ว', 3000, 0, 0)",
      },
    ]);
    await storage.transaction((tx) => closeOrdersOfPackedNos(tx, ['P-1'], 3000));
    const rows = await storage.execute('SELECT id, closed_at FROM orders ORDER BY id');
    expect(rows.rows.map((r) => [Number(r.id), r.closed_at === null ? null : Number(r.closed_at)])).toEqual([
      [1, 3000],
      [2, 1000],
      [3, null],
    ]);
    // The general recomputation finds nothing to change.
    await storage.transaction((tx) => refreshClosedAtByOrderNos(tx, ['P-1', 'P-2'], 4000));
    const again = await storage.execute('SELECT id, closed_at FROM orders ORDER BY id');
    expect(again.rows.map((r) => [Number(r.id), r.closed_at === null ? null : Number(r.closed_at)])).toEqual([
      [1, 3000],
      [2, 1000],
      [3, null],
    ]);
    await storage.close();
  });
});

// A full build of the read model reads a line's item name only when it differs from its product's
// name, and takes the product's otherwise (src/services/orders/read-model/rows.ts,
// docs/domain/read-model.md#what-a-change-re-allocates). Every case must show what the line holds:
// item name as stored, product name from the master, the item name where the product has none
// (allocation.md: "a line without one shows its own item name").
import { afterEach, describe, expect, it } from 'vitest';
import { createReadModel } from '../../src/services/orders/read-model';
import { silentLogger } from '../../src/log';
import { fileTarget } from '../support/targets';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const THAI = 'สินค้าทดสอบ รุ่น 539 สีน้ำเงิน';

describe('read model: item names sent only when they differ from the product', () => {
  it('a full build shows each line its stored item name and its product name', async () => {
    const t = await fileTarget();
    close = t.close;
    const now = Date.now();
    await t.storage!.transaction(async (_tx, sql) => {
      await sql.execute({
        sql: "INSERT INTO shops (id, platform, name, name_key, created_at, updated_at) VALUES (1, 'Shopee', 'Names', 'names', 1, 1)",
      });
      const products: [string, string | null][] = [
        ['SAME', THAI],
        ['DIFF', 'Product name'],
        ['NONAME', null],
        ['NULLITEM', 'Has a name'],
        ['CASE', 'abc'],
        ['SPACE', 'Trailing'],
      ];
      for (const [sku, name] of products)
        await sql.execute({
          sql: 'INSERT INTO products (sku, brand, name, created_at, updated_at) VALUES (?, ?, ?, 1, 1)',
          args: [sku, 'B', name],
        });
      // sku, item name: one order per line (a second line of the same SKU in one order is refused).
      const lines: [string, string | null][] = [
        ['SAME', THAI],
        ['DIFF', 'Item name'],
        ['MISSING', 'No product row'],
        ['NONAME', 'Product without a name'],
        ['NULLITEM', null],
        ['CASE', 'ABC'],
        ['SPACE', 'Trailing '],
        ['SAME', 'Another text'],
      ];
      for (let i = 0; i < lines.length; i++) {
        await sql.execute({
          sql: `INSERT INTO orders (id, platform, shop_id, order_no, order_time, import_date, imported_at) VALUES (?, 'Shopee', 1, ?, ?, '2026-12-07', ?)`,
          args: [i + 1, `N${i + 1}`, now, now],
        });
        await sql.execute({
          sql: 'INSERT INTO order_lines (id, order_id, sku, qty, item_name, created_at) VALUES (?, ?, ?, 1, ?, ?)',
          args: [i + 1, i + 1, lines[i][0], lines[i][1], now],
        });
      }
    });
    // A model of its own: its first read is a full build.
    const model = createReadModel({ storage: t.storage!, log: silentLogger });
    const view = await model.current();
    expect(model.stats.fullBuilds).toBe(1);
    const shown = (id: number) => {
      const l = view.line(id)!;
      return [l.sku, l.itemName, l.productName];
    };
    expect(shown(1)).toEqual(['SAME', THAI, THAI]);
    expect(shown(2)).toEqual(['DIFF', 'Item name', 'Product name']);
    expect(shown(3)).toEqual(['MISSING', 'No product row', 'No product row']);
    expect(shown(4)).toEqual(['NONAME', 'Product without a name', 'Product without a name']);
    expect(shown(5)).toEqual(['NULLITEM', null, 'Has a name']);
    // Compared as stored (byte for byte), not as SQLite's NOCASE or a trimmed text would.
    expect(shown(6)).toEqual(['CASE', 'ABC', 'abc']);
    expect(shown(7)).toEqual(['SPACE', 'Trailing ', 'Trailing']);
    expect(shown(8)).toEqual(['SAME', 'Another text', THAI]);

    // The product renamed afterwards: the line keeps its item name (it was a copy, not a link),
    // both in the model brought forward and in a new full build.
    await t.storage!.transaction(async (_tx, sql) => {
      await sql.execute({ sql: "UPDATE products SET name = 'Renamed', updated_at = 2 WHERE sku = 'SAME'" });
    });
    const moved = await model.current();
    expect(model.stats.fullBuilds).toBe(1);
    expect([moved.line(1)!.itemName, moved.line(1)!.productName]).toEqual([THAI, 'Renamed']);
    const again = createReadModel({ storage: t.storage!, log: silentLogger });
    const rebuilt = await again.current();
    expect([rebuilt.line(1)!.itemName, rebuilt.line(1)!.productName]).toEqual([THAI, 'Renamed']);
    expect([rebuilt.line(8)!.itemName, rebuilt.line(8)!.productName]).toEqual(['Another text', 'Renamed']);

    // The product deleted: the line shows its own item name again.
    await t.storage!.transaction(async (_tx, sql) => {
      await sql.execute({ sql: "DELETE FROM products WHERE sku = 'DIFF'" });
    });
    const third = createReadModel({ storage: t.storage!, log: silentLogger });
    const afterDelete = await third.current();
    expect([afterDelete.line(2)!.itemName, afterDelete.line(2)!.productName]).toEqual(['Item name', 'Item name']);
    expect((await model.current()).line(2)!.productName).toBe('Item name');
  });
});

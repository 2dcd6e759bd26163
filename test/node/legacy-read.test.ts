// Reading a legacy file (src/legacy/read.ts): pages of JSON rows across page boundaries,
// in id order, with the values the driver would give; columns missing from older legacy files
// and tables created lazily read as NULL / no rows.
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLegacyData, type LegacyQuery } from '../../src/legacy/read';
import { tempDir } from '../support/env';

describe('readLegacyData', () => {
  it('reads 12,345 lines over several pages, in id order, with an old order_lines lacking the run-time columns', async () => {
    const client = createClient({ url: `file:${join(tempDir(), 'old.db')}` });
    // An older legacy file: no scan, low-stock or bill-empty columns, no print history table.
    await client.execute(
      'CREATE TABLE users (id INTEGER PRIMARY KEY, username VARCHAR(64), password_hash VARCHAR(255), role VARCHAR(16), active BOOLEAN, created_at DATETIME)',
    );
    await client.execute(
      'CREATE TABLE order_lines (id INTEGER PRIMARY KEY, platform VARCHAR(20), shop_id INTEGER, order_id VARCHAR(128), sku VARCHAR(64), qty INTEGER, order_time DATETIME, imported_at DATETIME, import_date DATE, accepted BOOLEAN)',
    );
    await client.execute(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12345)
      INSERT INTO order_lines (id, platform, shop_id, order_id, sku, qty, order_time, imported_at, import_date, accepted)
      SELECT i * 2, 'Shopee', 1, CASE WHEN i % 2 = 0 THEN CAST(i AS TEXT) || '.0' ELSE 'N' || i END, 'SKU-' || (i % 7), i % 5, NULL, '2025-11-17 08:25:00.184380', '2025-11-17', i % 2 FROM n`);
    await client.execute(
      "INSERT INTO users VALUES (1, 'admin', 'pbkdf2:sha256:260000$a$b', 'admin', 1, '2025-11-17 08:02:00.774880')",
    );
    const query: LegacyQuery = async (text) => {
      const rs = await client.execute(text);
      return rs.rows.map((row) => Object.fromEntries(rs.columns.map((c, i) => [c, row[i]])));
    };
    const data = await readLegacyData(query);
    client.close();
    expect(data.tableCounts).toEqual({ order_lines: 12345, users: 1 });
    expect(data.lines).toHaveLength(12345);
    expect(data.lines.map((l) => l.id)).toEqual(Array.from({ length: 12345 }, (_, i) => (i + 1) * 2));
    expect(data.lines[1]).toMatchObject({
      id: 4,
      order_id: '2.0',
      sku: 'SKU-2',
      qty: 2,
      accepted: 0,
      imported_at: '2025-11-17 08:25:00.184380',
      scanned_at: null,
      allocation_status: null,
      printed_lowstock: null,
    });
    expect(data.lines[12344]).toMatchObject({ id: 24690, order_id: 'N12345' });
    expect(data.printHistory).toEqual([]);
    expect(data.users).toEqual([
      {
        id: 1,
        username: 'admin',
        password_hash: 'pbkdf2:sha256:260000$a$b',
        role: 'admin',
        active: 1,
        created_at: '2025-11-17 08:02:00.774880',
      },
    ]);
  });
});

// A small database with rows in EVERY business table, written with direct SQL, for the clear,
// backup and restore tests. Dates sit on both sides of the Bangkok day bounds of the range
// 2025-01-10 .. 2025-01-11, so a UTC-based or off-by-one implementation deletes the wrong rows.
// `today` rows are relative to the Bangkok date of `now`.
import type { Client } from '@libsql/client/web';
import { bangkokDate, bangkokDayRange } from '../../src/domain/time';
import { TABLES_IN_FK_ORDER } from '../../src/db/schema';

type Sql = Pick<Client, 'execute' | 'batch'>;

/** Bangkok wall time -> epoch ms. */
export const bkk = (date: string, hhmm = '00:00') => {
  const [h, m] = hhmm.split(':').map(Number);
  return bangkokDayRange(date)[0] + (h * 60 + m) * 60_000;
};

export const RANGE = { dateFrom: '2025-01-10', dateTo: '2025-01-11' };

/** Business tables the fixture fills, children first: what a test wipes before seeding again. */
export const SEEDED_TABLES = [
  'print_job_skus',
  'print_job_orders',
  'order_print_counters',
  'print_jobs',
  'pending_cancellations',
  'order_markers',
  'order_lines',
  'orders',
  'sales_status',
  'stock',
  'products',
  'import_errors',
  'imports',
  'shops',
  'idempotency_keys',
] as const;

export async function seedFixture(sql: Sql, now: number): Promise<{ today: string; yesterday: string }> {
  const today = bangkokDate(now);
  const yesterday = bangkokDate(bangkokDayRange(today)[0] - 1);
  const todayAt = bangkokDayRange(today)[0] + 60_000;
  const t0 = bkk('2025-01-05');
  const wipe = SEEDED_TABLES.map((t) => ({ sql: `DELETE FROM "${t}"`, args: [] }));
  const imp = (id: number, kind: string, date: string) => ({
    sql: `INSERT INTO imports (id, kind, status, source, import_date, added, started_at) VALUES (?, ?, 'committed', 'file', ?, 3, ?)`,
    args: [id, kind, date, t0],
  });
  const order = (id: number, shop: number, no: string, date: string, closed: boolean) => ({
    sql: `INSERT INTO orders (id, platform, shop_id, order_no, import_date, imported_at, import_id, closed_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
    args: [id, shop === 1 ? 'Shopee' : 'Lazada', shop, no, date, t0, closed ? t0 : null],
  });
  const line = (id: number, orderId: number, sku: string) => ({
    sql: `INSERT INTO order_lines (id, order_id, sku, qty, created_at) VALUES (?, ?, ?, 1, ?)`,
    args: [id, orderId, sku, t0],
  });
  const marker = (id: number, orderId: number, kind: string, at: number) => ({
    sql: `INSERT INTO order_markers (id, order_id, kind, source, created_at, created_by_username) VALUES (?, ?, ?, 'manual', ?, 'admin')`,
    args: [id, orderId, kind, at],
  });
  await sql.batch(
    [
      ...wipe,
      { sql: `DELETE FROM settings WHERE key <> 'session_secret'`, args: [] },
      {
        sql: `INSERT INTO settings (key, value, updated_at) VALUES ('sheet_url.products', 'https://docs.google.com/x', ?)`,
        args: [t0],
      },
      {
        sql: `INSERT INTO shops (id, platform, name, name_key, created_at, updated_at) VALUES (1, 'Shopee', 'A', 'a', ?, ?), (2, 'Lazada', 'B', 'b', ?, ?)`,
        args: [t0, t0, t0, t0],
      },
      imp(1, 'orders', '2025-01-10'),
      imp(2, 'products', '2025-01-10'),
      imp(3, 'stock', '2025-01-10'),
      imp(4, 'sales', '2025-01-11'),
      imp(5, 'cancelled', '2025-01-10'),
      imp(6, 'issued', '2025-01-11'),
      imp(7, 'bill_empty', today),
      imp(8, 'bill_empty', '2025-01-11'),
      {
        sql: `INSERT INTO import_errors (id, import_id, row_no, code, severity, message) VALUES (1, 1, 2, 'x', 'error', 'm'), (2, 2, 2, 'x', 'error', 'm'), (3, 7, 2, 'x', 'warning', 'm')`,
        args: [],
      },
      {
        sql: `INSERT INTO products (id, sku, name, import_id, created_at, updated_at) VALUES (1, 'A', 'Alpha', 2, ?, ?), (2, 'B', 'Beta', NULL, ?, ?)`,
        args: [t0, t0, t0, t0],
      },
      {
        sql: `INSERT INTO stock (sku, qty, updated_at, import_id) VALUES ('A', 5, ?, 3), ('B', 0, ?, NULL)`,
        args: [t0, t0],
      },
      {
        sql: `INSERT INTO sales_status (id, order_no, status, packed_at, created_at, updated_at, import_id) VALUES
          (1, 'O8', 'แพ็คแล้ว', ?, ?, ?, 4), (2, 'ZZ', 'x', NULL, ?, ?, 4), (3, 'YY', 'x', NULL, ?, ?, 4), (4, 'XX', 'x', NULL, ?, ?, 4)`,
        args: [
          t0,
          t0,
          bkk('2025-01-11', '09:00'),
          t0,
          bkk('2025-01-20', '09:00'),
          t0,
          bkk('2025-01-12', '00:00'),
          t0,
          bkk('2025-01-10', '00:00'),
        ],
      },
      order(1, 1, 'O1', '2025-01-10', false),
      order(2, 1, 'O2', '2025-01-15', true),
      order(3, 2, 'O3', '2025-01-15', true),
      order(4, 2, 'O4', '2025-01-15', false),
      order(5, 1, 'O5', today, false),
      order(6, 2, 'O6', '2025-01-01', true),
      order(7, 1, 'O7', '2025-01-15', false),
      order(8, 1, 'O8', '2025-01-15', true),
      // The same number as order 1, in another shop, imported the day after the range.
      order(9, 2, 'O1', '2025-01-12', false),
      line(1, 1, 'A'),
      line(2, 1, 'B'),
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((o) => line(o + 1, o, 'A')),
      marker(1, 2, 'trashed', bkk('2025-01-11', '10:00')),
      marker(2, 3, 'cancelled', bkk('2025-01-10', '08:00')),
      marker(3, 4, 'issued', bkk('2025-01-11', '23:59')),
      marker(4, 5, 'bill_empty', todayAt),
      marker(5, 6, 'cancelled', bkk('2025-01-01', '10:00')),
      marker(6, 6, 'trashed', bkk('2025-01-02', '10:00')),
      marker(7, 7, 'issued', bkk('2025-01-20', '10:00')),
      marker(8, 7, 'bill_empty', bkk(yesterday, '12:00')),
      marker(9, 1, 'issued', bkk('2025-01-09', '23:59')),
      {
        sql: `INSERT INTO pending_cancellations (id, order_no, platform, created_at) VALUES (1, 'P1', '', ?), (2, 'P2', 'Shopee', ?)`,
        args: [bkk('2025-01-10', '00:00'), bkk('2025-01-12', '00:00')],
      },
      {
        sql: `INSERT INTO print_jobs (id, kind, printed_at, printed_by_username, order_count, line_count) VALUES (1, 'picking', ?, 'admin', 1, 2)`,
        args: [t0],
      },
      { sql: `INSERT INTO print_job_skus (print_job_id, sku, qty, context_count) VALUES (1, 'A', 1, 1)`, args: [] },
      {
        sql: `INSERT INTO print_job_orders (id, print_job_id, order_id, order_no, platform, shop_id, lines) VALUES (1, 1, 1, 'O1', 'Shopee', 1, '[]')`,
        args: [],
      },
      // A printed line points at its picking record: clearing print_jobs must not trip this FK.
      { sql: `UPDATE order_lines SET picking_count = 1, picking_last_print_job_id = 1 WHERE order_id = 1`, args: [] },
      {
        sql: `INSERT INTO order_print_counters (order_id, kind, count, last_print_job_id) VALUES (1, 'warehouse', 1, 1), (2, 'lowstock', 1, NULL), (6, 'warehouse', 2, NULL)`,
        args: [],
      },
      { sql: `INSERT INTO idempotency_keys (key, kind, created_at) VALUES ('k1', 'order.accept', ?)`, args: [t0] },
    ],
    'write',
  );
  return { today, yesterday };
}

export const ALL_TABLES = TABLES_IN_FK_ORDER.map(([name]) => name);

export async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const rs = await sql.execute(`SELECT ${ALL_TABLES.map((t) => `(SELECT count(*) FROM "${t}") AS "${t}"`).join(', ')}`);
  return Object.fromEntries(ALL_TABLES.map((t) => [t, Number(rs.rows[0][t])]));
}

/** A digest of every row of a table, in primary-key order, for "identical after a round trip". */
export async function tableDigests(sql: Sql, tables: readonly string[]): Promise<Record<string, string>> {
  const { createHash } = await import('node:crypto');
  const out: Record<string, string> = {};
  for (const t of tables) {
    const where = t === 'settings' ? ` WHERE key <> 'session_secret'` : '';
    const rs = await sql.execute(`SELECT * FROM "${t}"${where} ORDER BY 1, 2`);
    out[t] = createHash('sha256')
      .update(JSON.stringify(rs.rows.map((r) => rs.columns.map((c) => r[c]))))
      .digest('hex')
      .slice(0, 16);
  }
  return out;
}

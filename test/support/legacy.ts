// Helpers for the legacy adoption tests: a fresh copy of the legacy fixture (written by the real
// legacy app, test/fixtures/samples/legacy/README.md) and a full dump of a SQLite file's tables,
// to prove that a file is, or is not, what it was.
import { createClient } from '@libsql/client';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { samplePath } from './samples';
import { tempDir } from './env';

export const LEGACY_FIXTURE = samplePath('legacy/data.db');

/** The fixture's accounts and passwords, as its README ("Users") lists them. */
export const LEGACY_PASSWORDS = { admin: 'admin123', kanya: 'Kanya#2025', thana: 'Thana#2025' } as const;

/** The legacy tables of the fixture with their row counts (the README's "legacy" column). */
export const LEGACY_TABLE_COUNTS = {
  action_dedupe: 8,
  cancelled_orders: 12,
  deleted_orders: 2,
  import_logs: 17,
  issued_orders: 55,
  order_lines: 309,
  products: 60,
  sales: 112,
  shops: 9,
  sku_print_history: 53,
  stocks: 60,
  users: 3,
};

/** A copy of the fixture as `<new temp dir>/data.db`. */
export function legacyCopy(): { dir: string; path: string } {
  const dir = tempDir('wms-legacy-');
  const path = join(dir, 'data.db');
  copyFileSync(LEGACY_FIXTURE, path);
  return { dir, path };
}

export type TableDump = Record<string, { sql: string; rows: unknown[][] }>;

/** Every table (schema + all rows in rowid order) and every view/index definition of a file. */
export async function dumpDatabase(path: string): Promise<{ tables: TableDump; objects: string[] }> {
  const client = createClient({ url: `file:${path}` });
  try {
    const master = await client.execute(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
    );
    const tables: TableDump = {};
    const objects: string[] = [];
    for (const row of master.rows) {
      objects.push(`${row.type} ${row.name}: ${row.sql}`);
      if (row.type !== 'table') continue;
      const rs = await client.execute(`SELECT * FROM "${String(row.name)}" ORDER BY rowid`);
      tables[String(row.name)] = { sql: String(row.sql), rows: rs.rows.map((r) => rs.columns.map((_, i) => r[i])) };
    }
    return { tables, objects };
  } finally {
    client.close();
  }
}

export async function tableCounts(path: string): Promise<Record<string, number>> {
  const { tables } = await dumpDatabase(path);
  return Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, t.rows.length]));
}

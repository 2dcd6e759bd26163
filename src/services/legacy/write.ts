// Writes converted rows inside the caller's transaction, parents first, as multi-row INSERTs:
// the remote adapter pays one round trip per statement, so never one statement per row. At most
// 500 rows per statement and well under SQLite's 32766 bound variables.
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  importErrors,
  imports,
  orderLines,
  orderMarkers,
  orderPrintCounters,
  orders,
  pendingCancellations,
  printJobSkus,
  printJobs,
  products,
  salesStatus,
  settings,
  shops,
  stock,
  users,
} from '../../db/schema';
import type { Db } from '../../storage';
import type { ConvertedRows } from './convert';

const MAX_ROWS = 500;
const MAX_VARIABLES = 30_000;

/** Table name (data-model Part F) and drizzle table of each converted list, in FK order. */
export const CONVERTED_TABLES: readonly [keyof ConvertedRows, string, SQLiteTable][] = [
  ['users', 'users', users],
  ['settings', 'settings', settings],
  ['shops', 'shops', shops],
  ['imports', 'imports', imports],
  ['importErrors', 'import_errors', importErrors],
  ['products', 'products', products],
  ['stock', 'stock', stock],
  ['salesStatus', 'sales_status', salesStatus],
  ['orders', 'orders', orders],
  ['orderLines', 'order_lines', orderLines],
  ['orderMarkers', 'order_markers', orderMarkers],
  ['pendingCancellations', 'pending_cancellations', pendingCancellations],
  ['printJobs', 'print_jobs', printJobs],
  ['printJobSkus', 'print_job_skus', printJobSkus],
  ['orderPrintCounters', 'order_print_counters', orderPrintCounters],
];

export async function insertChunked(tx: Db, table: SQLiteTable, rows: object[]): Promise<void> {
  const columns = Object.keys(getTableColumns(table)).length;
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_VARIABLES / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await tx.insert(table).values(rows.slice(i, i + size) as never);
  }
}

/** Inserts every converted row; returns the row count per new table. */
export async function writeConverted(tx: Db, rows: ConvertedRows): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [key, name, table] of CONVERTED_TABLES) {
    await insertChunked(tx, table, rows[key]);
    counts[name] = rows[key].length;
  }
  return counts;
}

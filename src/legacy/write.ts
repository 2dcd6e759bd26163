// Writes converted rows inside the caller's transaction, parents first, as multi-row INSERTs:
// the remote adapter pays one round trip per statement, so never one statement per row. At most
// 500 rows per statement and well under SQLite's 32766 bound variables. The statements are
// built here and sent through the transaction's raw executor: drizzle's query builder costs
// ~0.1 ms per row, which is 30 s for a year of legacy order lines (~10x this path).
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
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
} from '../db/schema';
import type { SqlExecutor, SqlValue } from '../storage';
import type { ConvertedRows } from './convert';

const MAX_ROWS = 500;
const MAX_VARIABLES = 30_000;

/**
 * Table name (docs/domain/data-model.md#tables) and drizzle table of each converted list, in FK
 * order.
 */
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

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The value as the column stores it (drizzle's own mapping: booleans, JSON, timestamps). */
function driverValue(column: SQLiteColumn, value: unknown): SqlValue {
  if (value === undefined) {
    // A column a row leaves out takes the schema's JS default, else NULL.
    const fallback = column.default;
    if (fallback === undefined || fallback === null || typeof fallback === 'object') return null;
    return column.mapToDriverValue(fallback) as SqlValue;
  }
  return value === null ? null : (column.mapToDriverValue(value) as SqlValue);
}

export async function insertChunked(exec: SqlExecutor, table: SQLiteTable, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const all = Object.entries(getTableColumns(table));
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_VARIABLES / all.length)));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size) as Record<string, unknown>[];
    // Columns no row of the chunk sets are left to the database default.
    const used = all.filter(([key]) => chunk.some((row) => row[key] !== undefined));
    const tuple = `(${used.map(() => '?').join(', ')})`;
    const args: SqlValue[] = [];
    for (const row of chunk) for (const [key, column] of used) args.push(driverValue(column, row[key]));
    await exec.execute({
      sql: `INSERT INTO ${quote(getTableName(table))} (${used.map(([, c]) => quote(c.name)).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      args,
    });
  }
}

/**
 * Inserts every converted row; returns the row count per new table. Each list is emptied once
 * written, so a large conversion is not held in memory beside the statements being built.
 */
export async function writeConverted(sql: SqlExecutor, rows: ConvertedRows): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [key, name, table] of CONVERTED_TABLES) {
    await insertChunked(sql, table, rows[key]);
    counts[name] = rows[key].length;
    rows[key] = [];
  }
  return counts;
}

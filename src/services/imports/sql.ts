// Bulk SQL for imports (docs/domain/imports.md#performance): existence look-ups in batches of <=
// 500 keys per IN and multi-row INSERTs of <= 500 rows per statement, all on the transaction's own
// connection. On the remote adapter every statement is a round trip, so nothing here ever runs one
// statement per row.  Statements go to the transaction's raw executor (`storage.transaction((tx,
// sql) => ...)`): building a 500-row INSERT through drizzle's query builder costs about ten times
// the database work itself.  Rows and keys travel as ONE JSON text per statement, unpacked by
// `json_each`: a statement with thousands of bound values holds a large native program that the
// libSQL driver frees only when V8 collects its wrapper, so a 50,000-line import would otherwise
// grow the process by >100 MB. Rows come back the same way, as ONE JSON text per statement
// (`json_group_array`): the client builds a row object per result row with a property definition
// per column, which cost more than the database work for a 2,000-row look-up.
import { chunks } from '../../lib/chunks';
import type { SqlExecutor, SqlResult, SqlValue } from '../../storage';

export const CHUNK = 500;

/** Column order of the marker rows both the order import (pending cancels) and the marker imports write. */
export const ORDER_MARKER_COLUMNS = [
  'order_id',
  'kind',
  'note',
  'source',
  'import_id',
  'created_at',
  'created_by_user_id',
  'created_by_username',
];

export type Row = Record<string, unknown>;

export interface RawSql {
  execute(sql: string, args?: SqlValue[]): Promise<SqlResult>;
}

/** The transaction's executor, called as `execute(sql, args)`. */
export function rawSql(sql: SqlExecutor): RawSql {
  return { execute: (text, args = []) => sql.execute({ sql: text, args }) };
}

const jsonKeys = (keys: readonly SqlValue[]) =>
  JSON.stringify(keys.map((k) => (typeof k === 'bigint' ? Number(k) : k)));

/** The rows of a `SELECT json_group_array(json_object(...))` statement: its one JSON text, parsed. */
async function jsonRows(db: RawSql, sql: string, args: SqlValue[]): Promise<Row[]> {
  const rs = await db.execute(sql, args);
  const text = rs.rows[0]?.rows;
  return typeof text === 'string' ? (JSON.parse(text) as Row[]) : [];
}

/** `json_object('a', a, 'b', b)` of plain column names. */
const jsonObjectOf = (columns: readonly string[]) => `json_object(${columns.map((c) => `'${c}', ${c}`).join(', ')})`;

/**
 * `SELECT <columns> FROM <table> WHERE <keyColumn> IN (...) [AND <extra>]`, 500 keys at a time,
 * each statement answering with one JSON text. `extra` is a condition with its own arguments,
 * placed after the key list.
 */
export async function selectIn(
  db: RawSql,
  table: string,
  columns: readonly string[],
  keyColumn: string,
  keys: readonly SqlValue[],
  extra?: { sql: string; args: SqlValue[] },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const part of chunks([...new Set(keys)], CHUNK)) {
    const where = `${keyColumn} IN (SELECT value FROM json_each(?))${extra ? ` AND (${extra.sql})` : ''}`;
    const found = await jsonRows(
      db,
      `SELECT json_group_array(${jsonObjectOf(columns)}) AS rows FROM ${table} WHERE ${where}`,
      [jsonKeys(part), ...(extra?.args ?? [])],
    );
    for (const r of found) rows.push(r);
  }
  return rows;
}

/** Every row of `table` with `idColumn` above `after` (one JSON text; for rows this transaction just inserted). */
export function selectAfter(
  db: RawSql,
  table: string,
  columns: readonly string[],
  idColumn: string,
  after: number,
): Promise<Row[]> {
  return jsonRows(db, `SELECT json_group_array(${jsonObjectOf(columns)}) AS rows FROM ${table} WHERE ${idColumn} > ?`, [
    after,
  ]);
}

// `WHERE true` lets an upsert clause follow the SELECT (SQLite's parsing rule). The rows' JSON is
// parameter 1; the constant columns' values follow it.
const insertSql = (table: string, columns: readonly string[], constants: readonly string[], suffix?: string) =>
  `INSERT INTO ${table} (${[...columns, ...constants].join(', ')}) SELECT ${[
    ...columns.map((_, i) => `value ->> ${i}`),
    ...constants.map((_, i) => `?${i + 2}`),
  ].join(', ')} FROM json_each(?1) WHERE true${suffix ? ` ${suffix}` : ''}`;

interface InsertOptions {
  suffix?: string;
  afterBatch?: (written: number) => void | Promise<void>;
  /**
   * Columns with the same value in every row (the import's id and time, the platform), bound once
   * per statement instead of repeated in each row's JSON: every value a row carries is rendered and
   * read back by SQLite's JSON functions, which cost more than writing the row (a 7,000-row sales
   * upsert: 16 ms of CPU from a table, 42 ms from JSON rows of 7 values, 33 ms with the 3 constant
   * ones bound; docs/domain/imports.md#performance).
   */
  constants?: Readonly<Record<string, SqlValue>>;
  /**
   * Rows per statement (default CHUNK). Each statement is prepared anew, with the table's triggers,
   * foreign keys and indexes compiled into it, and holds the loop while it runs: the orders
   * import's inserts take ORDER_ROWS_PER_STATEMENT (docs/domain/imports.md#performance).
   */
  rowsPerStatement?: number;
}

/**
 * Rows per insert statement of the order tables: about 10-20 ms of the database's work at 200,000
 * lines, a quarter of the statements of 500-row ones (the orders import's writes: 15 % less
 * SQLite CPU for 15,000 lines at 50,000).
 */
export const ORDER_ROWS_PER_STATEMENT = 2_000;

/** The INSERT statements of `rows`, 500 rows each, each result handed to `take`. */
async function insertChunks(
  db: RawSql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  opts: InsertOptions,
  take: (rs: SqlResult) => void,
): Promise<void> {
  const constants = Object.keys(opts.constants ?? {});
  const sql = insertSql(table, columns, constants, opts.suffix);
  const values = constants.map((c) => opts.constants![c]);
  let written = 0;
  for (const part of chunks(rows, opts.rowsPerStatement ?? CHUNK)) {
    take(await db.execute(sql, [JSON.stringify(part), ...values]));
    written += part.length;
    await opts.afterBatch?.(written);
  }
}

/**
 * Multi-row INSERT, 500 rows per statement. `suffix` is appended to each statement (ON CONFLICT
 * ..., RETURNING ...); returned rows are concatenated.
 */
export async function insertMany(
  db: RawSql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  opts: InsertOptions = {},
): Promise<Row[]> {
  const out: Row[] = [];
  await insertChunks(db, table, columns, rows, opts, (rs) => {
    for (const r of rs.rows) out.push(r as unknown as Row);
  });
  return out;
}

/** `insertMany` without returned rows: the number of rows inserted (an `ON CONFLICT DO NOTHING` skips some). */
export async function insertCount(
  db: RawSql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  opts: InsertOptions = {},
): Promise<number> {
  let inserted = 0;
  await insertChunks(db, table, columns, rows, opts, (rs) => {
    inserted += rs.rowsAffected;
  });
  return inserted;
}

/** `UPDATE ... SET <set> WHERE <keyColumn> IN (...)`, 500 keys at a time; returns rows affected. */
export async function updateIn(
  db: RawSql,
  table: string,
  set: { sql: string; args: SqlValue[] },
  keyColumn: string,
  keys: readonly SqlValue[],
  extraWhere?: string,
): Promise<number> {
  let affected = 0;
  for (const part of chunks([...new Set(keys)], CHUNK)) {
    const rs = await db.execute(
      `UPDATE ${table} SET ${set.sql} WHERE ${keyColumn} IN (SELECT value FROM json_each(?))${extraWhere ? ` AND (${extraWhere})` : ''}`,
      [...set.args, jsonKeys(part)],
    );
    affected += rs.rowsAffected;
  }
  return affected;
}

/** `DELETE FROM ... WHERE <keyColumn> IN (...) [AND <extra>]`, 500 keys at a time; returns rows deleted. */
export async function deleteIn(
  db: RawSql,
  table: string,
  keyColumn: string,
  keys: readonly SqlValue[],
  extra?: { sql: string; args: SqlValue[] },
): Promise<number> {
  let deleted = 0;
  for (const part of chunks([...new Set(keys)], CHUNK)) {
    const rs = await db.execute(
      `DELETE FROM ${table} WHERE ${keyColumn} IN (SELECT value FROM json_each(?))${extra ? ` AND (${extra.sql})` : ''}`,
      [jsonKeys(part), ...(extra?.args ?? [])],
    );
    deleted += rs.rowsAffected;
  }
  return deleted;
}

export const num = (v: unknown): number => Number(v);
export const str = (v: unknown): string => String(v);
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

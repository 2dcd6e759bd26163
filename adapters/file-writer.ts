// The file adapter's writer connection (adapters/libsql-file.ts): one native libSQL connection,
// used only under the in-process write lock, whose statements are prepared once and kept.
//
// Through @libsql/client every statement was prepared again on each run (about 63 ms of the main
// thread's work in a 200-request burst at 50,000 lines, and the multi-row inserts of a print could
// not be prepared once per shape). This is the client's local connection with the same answers -
// result sets, rows by position and by column name, integers as numbers, LibsqlError /
// LibsqlBatchError with SQLite's codes - and a cache of prepared statements by SQL text.
//
// Why a kept statement is safe (docs/domain/data-safety.md#the-writer-connection):
// - SQLite re-prepares a statement by itself when the schema changed since it was prepared (a
//   migration, a restore, a clear): a kept statement reads the tables as they are now, and its
//   columns are asked after each run (before it, they can still be the old ones), never kept.
// - A statement runs to its end on every use (`run`, or `all` to the last row), so none stays
//   active between uses and holds a transaction open; one that failed is dropped, never reused.
// - The cache belongs to the connection: a new connection (after a driver fault) starts empty,
//   and closing the connection finalizes them all.
import NativeDatabase from 'libsql';
import {
  LibsqlBatchError,
  LibsqlError,
  type InStatement,
  type InValue,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import { SQLITE_PRIMARY_CODES } from './sqlite-codes';

/** What the native driver's statement offers (its types ship without these members). */
interface NativeStatement {
  readonly reader: boolean;
  raw(on?: boolean): NativeStatement;
  safeIntegers(on?: boolean): NativeStatement;
  columns(): { name: string; type: string | null }[];
  all(args: unknown[]): unknown[][];
  run(args: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/**
 * Statements kept per connection: the writers' fixed texts and the chunk shapes of bulk inserts.
 * A statement's native program grows with its text (a multi-row INSERT or a long IN list), and the
 * driver frees it only when it is let go, so the texts kept are bounded in characters too; the
 * least recently used go first.
 */
const KEPT_STATEMENTS = 128;
const KEPT_SQL_CHARS = 256 * 1024;

const BEGIN: Record<TransactionMode, string> = {
  write: 'BEGIN IMMEDIATE',
  read: 'BEGIN TRANSACTION READONLY',
  deferred: 'BEGIN DEFERRED',
};

export class FileWriter {
  readonly #db: InstanceType<typeof NativeDatabase>;
  readonly #statements = new Map<string, NativeStatement>();
  /** Characters of the kept statements' texts. */
  #keptChars = 0;
  #closed = false;

  constructor(path: string, options: { timeout: number }) {
    this.#db = new NativeDatabase(path, { timeout: options.timeout });
  }

  /** How many statements are kept prepared now (tests). */
  get keptStatements(): number {
    return this.#statements.size;
  }

  get inTransaction(): boolean {
    return this.#db.open && this.#db.inTransaction;
  }

  async execute(statement: InStatement): Promise<ResultSet> {
    this.#checkOpen();
    try {
      return this.run(statement);
    } finally {
      this.#rollbackLeftOpen();
    }
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#checkOpen();
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw mapSqliteError(error);
    } finally {
      this.#rollbackLeftOpen();
    }
  }

  /** The statements in one transaction of `mode`, committed when all of them ran, rolled back when one failed. */
  async batch(statements: InStatement[], mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    this.#checkOpen();
    try {
      this.run(BEGIN[mode]);
      const results = this.runAll(statements);
      this.run('COMMIT');
      return results;
    } finally {
      this.#rollbackLeftOpen();
    }
  }

  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    this.#checkOpen();
    this.run(BEGIN[mode]);
    return new FileWriterTransaction(this);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#keptChars = 0;
    this.#db.close();
  }

  /** Runs one statement through its kept prepared statement (prepared and kept on first use). */
  run(statement: InStatement): ResultSet {
    const sql = typeof statement === 'string' ? statement : statement.sql;
    const args = typeof statement === 'string' ? [] : toArgs(statement.args);
    let stmt = this.#statements.get(sql);
    try {
      if (stmt) {
        // Most recently used last: the oldest is the one let go when the cache is full.
        this.#statements.delete(sql);
        this.#keptChars -= sql.length;
      } else {
        stmt = this.#db.prepare(sql) as unknown as NativeStatement;
        stmt.safeIntegers(true);
        if (stmt.reader) stmt.raw(true);
      }
      const result = execute(stmt, args);
      this.#keep(sql, stmt);
      return result;
    } catch (error) {
      // Not kept: a failed statement may have stopped mid-way.
      throw mapSqliteError(error);
    }
  }

  #keep(sql: string, stmt: NativeStatement): void {
    if (sql.length > KEPT_SQL_CHARS) return;
    this.#statements.set(sql, stmt);
    this.#keptChars += sql.length;
    while (this.#statements.size > KEPT_STATEMENTS || this.#keptChars > KEPT_SQL_CHARS) {
      const oldest = this.#statements.keys().next().value!;
      this.#statements.delete(oldest);
      this.#keptChars -= oldest.length;
    }
  }

  /** Statements of a batch, in order; the first failure is a LibsqlBatchError naming its index. */
  runAll(statements: InStatement[]): ResultSet[] {
    const results: ResultSet[] = [];
    for (let i = 0; i < statements.length; i++) {
      try {
        if (!this.#db.inTransaction)
          throw new LibsqlBatchError('The transaction has been rolled back', i, 'TRANSACTION_CLOSED');
        results.push(this.run(statements[i]));
      } catch (error) {
        if (error instanceof LibsqlBatchError) throw error;
        if (error instanceof LibsqlError)
          throw new LibsqlBatchError(
            error.message,
            i,
            error.code,
            error.extendedCode,
            error.rawCode,
            error.cause instanceof Error ? error.cause : undefined,
          );
        throw error;
      }
    }
    return results;
  }

  execMultiple(sql: string): void {
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  #checkOpen(): void {
    if (this.#closed || !this.#db.open) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
  }

  /** Outside a transaction object nothing may stay open (the client's pool did the same on release). */
  #rollbackLeftOpen(): void {
    if (this.#db.open && this.#db.inTransaction) {
      try {
        this.#db.exec('ROLLBACK');
      } catch {
        // The connection answers the next statement with its own error.
      }
    }
  }
}

/** A transaction on the writer connection: open from BEGIN until commit, rollback or close. */
class FileWriterTransaction implements Transaction {
  #writer: FileWriter | null;

  constructor(writer: FileWriter) {
    this.#writer = writer;
  }

  get closed(): boolean {
    return this.#writer === null || !this.#writer.inTransaction;
  }

  async execute(statement: InStatement): Promise<ResultSet> {
    return this.#open().run(statement);
  }

  async batch(statements: InStatement[]): Promise<ResultSet[]> {
    return this.#open().runAll(statements);
  }

  async executeMultiple(sql: string): Promise<void> {
    this.#open().execMultiple(sql);
  }

  async commit(): Promise<void> {
    try {
      this.#open().run('COMMIT');
    } finally {
      this.#writer = null;
    }
  }

  async rollback(): Promise<void> {
    const writer = this.#writer;
    this.#writer = null;
    if (writer?.inTransaction) writer.run('ROLLBACK');
  }

  close(): void {
    const writer = this.#writer;
    this.#writer = null;
    if (writer?.inTransaction) writer.run('ROLLBACK');
  }

  #open(): FileWriter {
    if (this.closed) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    return this.#writer!;
  }
}

function execute(stmt: NativeStatement, args: unknown[]): ResultSet {
  if (stmt.reader) {
    const raw = stmt.all(args);
    // Asked after each run, never kept: when the schema changed since the statement was prepared,
    // SQLite prepares it again as it runs, and only then are its columns those of the rows.
    const meta = stmt.columns();
    const columns = meta.map((c) => c.name);
    const columnTypes = meta.map((c) => c.type ?? '');
    const rows = new Array<Row>(raw.length);
    for (let i = 0; i < raw.length; i++) rows[i] = rowFromSql(raw[i], columns);
    return resultSet(columns, columnTypes, rows, 0, undefined);
  }
  const info = stmt.run(args);
  return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
}

function resultSet(
  columns: string[],
  columnTypes: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON() {
      return {
        columns,
        columnTypes,
        rows: rows.map((row) => Array.from(row as ArrayLike<unknown>)),
        rowsAffected,
        lastInsertRowid: lastInsertRowid === undefined ? null : String(lastInsertRowid),
      };
    },
  };
}

/** A row as the client builds it: values by position (not enumerable) and by column name (the first of a name). */
function rowFromSql(values: unknown[], columns: string[]): Row {
  const row = {};
  Object.defineProperty(row, 'length', { value: values.length });
  for (let i = 0; i < values.length; i++) {
    const value = valueFromSql(values[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i];
    if (!Object.hasOwn(row, column))
      Object.defineProperty(row, column, { value, enumerable: true, configurable: true, writable: true });
  }
  return row as Row;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function valueFromSql(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value < MIN_SAFE || value > MAX_SAFE)
      throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Buffer) return value.buffer;
  return value;
}

const MIN_INTEGER = -9223372036854775808n;
const MAX_INTEGER = 9223372036854775807n;

function toArgs(args: unknown): unknown[] {
  if (args === undefined) return [];
  if (!Array.isArray(args))
    throw new TypeError('The file adapter binds positional arguments only (named ones are not used here)');
  const out = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) out[i] = valueToSql(args[i] as InValue);
  return out;
}

function valueToSql(value: InValue | undefined): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'bigint') {
    if (value < MIN_INTEGER || value > MAX_INTEGER)
      throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/** The driver's error as the client reports it: base code, extended code, raw code, the original as cause. */
function mapSqliteError(error: unknown): unknown {
  if (error instanceof NativeDatabase.SqliteError) {
    const e = error as Error & { code: string; rawCode?: number };
    const base =
      e.rawCode === undefined
        ? 'SQLITE_UNKNOWN'
        : (SQLITE_PRIMARY_CODES[e.rawCode & 0xff] ?? `SQLITE_UNKNOWN_${e.rawCode & 0xff}`);
    return new LibsqlError(e.message, base, e.code, e.rawCode, e);
  }
  return error;
}

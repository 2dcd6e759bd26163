// Chunked `IN (...)` lists for the action statements (SQLite's parameter limit).
import { type SQL, sql } from 'drizzle-orm';
import { chunks } from '../../../lib/chunks';
import type { SqlExecutor, SqlResult, SqlStatement } from '../../../storage';

/** Keys per `IN (...)` list. */
export const KEYS_PER_STATEMENT = 500;

export const list = (values: readonly (number | string)[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Runs `write` once per chunk of `ids`, with the chunk as an SQL list. */
export async function forChunks(ids: readonly number[], write: (inIds: SQL) => Promise<unknown>): Promise<void> {
  for (const part of chunks(ids, KEYS_PER_STATEMENT)) await write(list(part));
}

/**
 * Statements that need no answer from one another, asked together as one batch of the
 * transaction: on a remote database one round trip (the transaction's BEGIN included when they
 * are its first), each run only if the one before it succeeded. The first failure is thrown.
 */
export async function askTogether(exec: SqlExecutor, statements: SqlStatement[]): Promise<SqlResult[]> {
  if (statements.length === 0) return [];
  if (statements.length === 1) return [await exec.execute(statements[0])];
  return exec.batch(statements);
}

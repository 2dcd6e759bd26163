// Chunked `IN (...)` lists for the action statements (SQLite's parameter limit).
import { type SQL, sql } from 'drizzle-orm';

const CHUNK = 500;

export const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};

export const list = (values: readonly (number | string)[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** Runs `write` once per chunk of `ids`, with the chunk as an SQL list. */
export async function forChunks(ids: readonly number[], write: (inIds: SQL) => Promise<unknown>): Promise<void> {
  for (const part of chunks(ids)) await write(list(part));
}

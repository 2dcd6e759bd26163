// The same content imported before (docs/domain/imports.md#idempotency): only a warning.
import type { RawSql } from './sql';
import { dbKind, type ImportKind } from './types';

/** The latest committed or partial import of the same kind and SHA-256, if any. */
export async function alreadyImported(
  db: RawSql,
  kind: ImportKind,
  sha256: string,
): Promise<{ at: number; by: string | null } | null> {
  const rs = await db.execute(
    "SELECT started_at, by_username FROM imports WHERE kind = ? AND sha256 = ? AND status IN ('committed', 'partial') ORDER BY started_at DESC LIMIT 1",
    [dbKind(kind), sha256],
  );
  const row = rs.rows[0];
  return row ? { at: Number(row.started_at), by: row.by_username === null ? null : String(row.by_username) } : null;
}

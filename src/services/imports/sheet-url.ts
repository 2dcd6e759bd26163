// A committed import from a Google Sheet remembers its URL (docs/domain/imports.md#saved-sheet-urls):
// on the shop for an orders import of a known shop, otherwise in the settings of its source.
import { shopNameKey } from '../../domain/imports/shops';
import type { Attempt } from './attempt';
import { settingsKey, sheetSourceOf } from './source';
import type { RawSql } from './sql';

export async function saveSheetUrl(db: RawSql, a: Attempt, now: number): Promise<void> {
  const url = a.input.source.type === 'sheet' ? a.input.source.sheetUrl?.trim() : null;
  if (!url) return;
  if (a.kind === 'orders' && a.shop && a.platform) {
    const rs = await db.execute('UPDATE shops SET sheet_url = ?, updated_at = ? WHERE platform = ? AND name_key = ?', [
      url,
      now,
      a.platform,
      shopNameKey(a.shop),
    ]);
    if (rs.rowsAffected > 0) return;
  }
  await db.execute(
    `INSERT INTO settings (key, value, updated_at, updated_by_user_id, updated_by_username) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by_user_id = excluded.updated_by_user_id, updated_by_username = excluded.updated_by_username`,
    [settingsKey(sheetSourceOf(a.kind, a.platform)), url, now, a.actor.userId, a.actor.username],
  );
}

// Saved Google Sheet URLs (docs/domain/imports.md#saved-sheet-urls): one `settings` key per source,
// `sheet_url.<source>`; orders of one shop use that shop's own `sheet_url`. Written only by an
// explicit save/delete here, or by a successful sheet import.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { settings, shops } from '../../db/schema';
import { badRequest, notFound } from '../../errors';
import { parseSpreadsheetId } from '../../sheets/url';
import { sheetMessage } from '../../sheets/types';
import type { Actor } from '../context';
import type { StoragePort } from '../../storage';
import { writeAudit } from '../audit';
import { SHEET_SOURCES, settingsKey, type SheetSource } from '../imports/source';

export interface SheetUrlView {
  source: SheetSource;
  url: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface SheetUrlsView {
  items: SheetUrlView[];
  /** Shops with their own saved URL (orders of that shop). */
  shops: { id: number; platform: string; name: string; sheetUrl: string }[];
}

function sourceOrThrow(source: string): SheetSource {
  if (!(SHEET_SOURCES as readonly string[]).includes(source)) {
    throw notFound('sheet_source_not_found', `ไม่รู้จักแหล่งข้อมูล '${source}' (ใช้ ${SHEET_SOURCES.join(', ')})`);
  }
  return source as SheetSource;
}

export function createSheetUrlsService(deps: { storage: StoragePort; clock: () => number }) {
  const { storage, clock } = deps;
  const keys = SHEET_SOURCES.map(settingsKey);

  return {
    async list(): Promise<SheetUrlsView> {
      const rows = await storage.db.select().from(settings).where(inArray(settings.key, keys));
      const byKey = new Map(rows.map((r) => [r.key, r]));
      const shopRows = await storage.db
        .select({ id: shops.id, platform: shops.platform, name: shops.name, sheetUrl: shops.sheetUrl })
        .from(shops)
        .where(and(isNotNull(shops.sheetUrl)))
        .orderBy(asc(shops.platform), asc(shops.nameKey));
      return {
        items: SHEET_SOURCES.map((source) => {
          const r = byKey.get(settingsKey(source));
          return {
            source,
            url: r?.value ?? null,
            updatedAt: r ? new Date(r.updatedAt).toISOString() : null,
            updatedBy: r?.updatedByUsername ?? null,
          };
        }),
        shops: shopRows.filter((s) => s.sheetUrl).map((s) => ({ ...s, sheetUrl: s.sheetUrl! })),
      };
    },

    async save(rawSource: string, url: string, actor: Actor): Promise<SheetUrlView> {
      const source = sourceOrThrow(rawSource);
      const trimmed = url.trim();
      if (!parseSpreadsheetId(trimmed))
        throw badRequest('sheet_invalid_url', sheetMessage('sheet_invalid_url'), [{ field: 'url', value: trimmed }]);
      const now = clock();
      return storage.transaction(async (tx) => {
        const [before] = await tx
          .select({ value: settings.value })
          .from(settings)
          .where(eq(settings.key, settingsKey(source)));
        await tx
          .insert(settings)
          .values({
            key: settingsKey(source),
            value: trimmed,
            updatedAt: now,
            updatedByUserId: actor.userId,
            updatedByUsername: actor.username,
          })
          .onConflictDoUpdate({
            target: settings.key,
            set: { value: trimmed, updatedAt: now, updatedByUserId: actor.userId, updatedByUsername: actor.username },
          });
        await writeAudit(
          tx,
          actor,
          {
            action: 'settings.sheet_url_save',
            targetType: 'setting',
            targetId: settingsKey(source),
            targetLabel: source,
            details: { before: before?.value ?? null, after: trimmed },
          },
          now,
        );
        return { source, url: trimmed, updatedAt: new Date(now).toISOString(), updatedBy: actor.username };
      });
    },

    async remove(rawSource: string, actor: Actor): Promise<{ deleted: boolean }> {
      const source = sourceOrThrow(rawSource);
      const now = clock();
      return storage.transaction(async (tx) => {
        const deleted = await tx
          .delete(settings)
          .where(eq(settings.key, settingsKey(source)))
          .returning({ value: settings.value });
        await writeAudit(
          tx,
          actor,
          {
            action: 'settings.sheet_url_delete',
            targetType: 'setting',
            targetId: settingsKey(source),
            targetLabel: source,
            details: { before: deleted[0]?.value ?? null },
          },
          now,
        );
        return { deleted: deleted.length > 0 };
      });
    },
  };
}

// Legacy shops -> real shops (docs/domain/data-model.md#shops: identified by platform + cleaned
// name key) and settings. Config pseudo-shops (docs/domain/data-model.md#legacy-database) are not
// shops: their sheet URLs become `settings` keys `sheet_url.<source>`
// (docs/domain/data-model.md#legacy-migration-map). A pseudo-shop is a row with a `*_SYSTEM`
// platform, or whose name is its platform (an orders URL saved without a shop name), and that no
// order line uses.
import type { settings, shops, Platform } from '../db/schema';
import { normalizePlatform } from '../domain/platform';
import { cleanShopName, shopNameKey } from '../domain/imports/shops';
import type { LegacyShop } from './read';
import type { ConversionReport } from './report';
import { legacyInstant } from './timestamps';
import { legacyUrl } from './values';

export type ShopRow = typeof shops.$inferInsert;
export type SettingRow = typeof settings.$inferInsert;

const SYSTEM_SOURCES: Readonly<Record<string, string>> = {
  STOCK_SYSTEM: 'stock',
  PRODUCTS_SYSTEM: 'products',
  SALES_SYSTEM: 'sales',
  CANCEL_SYSTEM: 'cancelled',
  EMPTY_BILL_SYSTEM: 'bill_empty',
  ISSUED_SYSTEM: 'issued',
};

/**
 * Raw platform -> the closed set (docs/domain/data-model.md#platforms); anything outside it becomes
 * Other and is reported.
 */
export class PlatformMapper {
  readonly #seen = new Map<
    string,
    { table: string; value: string; mappedTo: Platform; rows: number; unknown: boolean }
  >();

  map(raw: unknown, table: string): Platform {
    const value = raw == null ? '' : String(raw);
    const known = normalizePlatform(value);
    const mapped = known ?? 'Other';
    if (value !== mapped) {
      const key = `${table}\u0000${value}`;
      const entry = this.#seen.get(key);
      if (entry) entry.rows++;
      else this.#seen.set(key, { table, value, mappedTo: mapped, rows: 1, unknown: known === null });
    }
    return mapped;
  }

  flushInto(report: ConversionReport): void {
    for (const entry of this.#seen.values()) report.platformMappings.add(entry);
  }
}

export interface ShopBook {
  rows: ShopRow[];
  /** The shop an order of `platform` from legacy shop `legacyShopId` belongs to. */
  shopFor(legacyShopId: number | null, platform: Platform): ShopRow;
  /** New id of a legacy shop (print history filters), or null when it is not a real shop. */
  idOfLegacy(legacyShopId: number | null): number | null;
}

export function mapShops(
  legacy: LegacyShop[],
  usedByLines: ReadonlySet<number>,
  platforms: PlatformMapper,
  now: number,
  report: ConversionReport,
) {
  const settingRows = new Map<string, SettingRow>();
  const rows: ShopRow[] = [];
  const byKey = new Map<string, ShopRow>();
  const byLegacyId = new Map<number, ShopRow>();
  const legacyNames = new Map<number, string>();
  let nextId = Math.max(0, ...legacy.map((s) => s.id)) + 1;

  const keyOf = (platform: string, nameKey: string) => `${platform}\u0000${nameKey}`;

  for (const s of legacy) {
    const rawPlatform = s.platform == null ? '' : String(s.platform).trim();
    const rawName = s.name == null ? '' : String(s.name).trim();
    const url = legacyUrl(s.google_sheet_url);
    const createdAt = legacyInstant(s.created_at, 'bangkok') ?? now;
    if (!usedByLines.has(s.id)) {
      const systemSource = SYSTEM_SOURCES[rawPlatform.toUpperCase()];
      const namedAfterPlatform = rawName !== '' && rawName.toLowerCase() === rawPlatform.toLowerCase();
      if (systemSource || namedAfterPlatform) {
        // An orders URL saved without a shop name: the platform's default (A2), on the closed set.
        const source = systemSource ?? `orders.${platforms.map(s.platform, 'shops')}`;
        const settingKey = source && url ? `sheet_url.${source}` : null;
        if (settingKey) {
          // Two pseudo-shops for one source: the later one was the last saved.
          const previous = settingRows.get(settingKey);
          if (!previous || previous.updatedAt! <= createdAt)
            settingRows.set(settingKey, { key: settingKey, value: url!, updatedAt: createdAt });
        }
        report.pseudoShops.add({ legacyId: s.id, platform: rawPlatform || null, name: rawName || null, settingKey });
        continue;
      }
    }
    const platform = platforms.map(s.platform, 'shops');
    const name = cleanShopName(rawName).value ?? (rawName || `ร้าน #${s.id}`);
    const nameKey = shopNameKey(name);
    legacyNames.set(s.id, name);
    const existing = byKey.get(keyOf(platform, nameKey));
    if (existing) {
      // "A (Shopee)" and "A" were two legacy shops; they are one shop now.
      existing.sheetUrl ??= url;
      existing.createdAt = Math.min(existing.createdAt!, createdAt);
      byLegacyId.set(s.id, existing);
      continue;
    }
    const row: ShopRow = { id: s.id, platform, name, nameKey, sheetUrl: url, createdAt, updatedAt: createdAt };
    rows.push(row);
    byKey.set(keyOf(platform, nameKey), row);
    byLegacyId.set(s.id, row);
  }

  for (const row of rows) {
    const merged = [...byLegacyId.entries()].filter(([, r]) => r === row).map(([id]) => id);
    if (merged.length > 1)
      report.shopMerges.add({ shopId: row.id!, platform: row.platform, name: row.name, legacyIds: merged });
  }

  const book: ShopBook = {
    rows,
    shopFor(legacyShopId, platform) {
      const legacyShop = legacyShopId === null ? undefined : byLegacyId.get(legacyShopId);
      if (legacyShop && legacyShop.platform === platform) return legacyShop;
      // The legacy looked shops up by name only, so a line can sit on a same-named shop of another
      // platform; shops are per platform now (docs/domain/data-model.md#shops).
      const name = legacyShop?.name ?? legacyNames.get(legacyShopId ?? -1) ?? `ร้าน #${legacyShopId ?? '?'}`;
      const nameKey = shopNameKey(name);
      const existing = byKey.get(keyOf(platform, nameKey));
      if (existing) return existing;
      const row: ShopRow = {
        id: nextId++,
        platform,
        name,
        nameKey,
        sheetUrl: null,
        createdAt: legacyShop?.createdAt ?? now,
        updatedAt: legacyShop?.createdAt ?? now,
      };
      rows.push(row);
      byKey.set(keyOf(platform, nameKey), row);
      report.shopsCreated.add({
        shopId: row.id!,
        platform,
        name,
        reason: legacyShop ? 'platform_mismatch' : 'missing_shop',
        legacyShopId: legacyShopId ?? -1,
      });
      return row;
    },
    idOfLegacy(legacyShopId) {
      return legacyShopId === null ? null : (byLegacyId.get(legacyShopId)?.id ?? null);
    },
  };
  return { book, settings: [...settingRows.values()] };
}

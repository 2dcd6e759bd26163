// Shops (docs/domain/data-model.md#shops): identified by (platform, cleaned name key), never by
// name alone.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { shops } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../errors';
import { normalizePlatform, platformLabel, type Platform } from '../../domain/platform';
import { cleanShopName, shopNameKey } from '../../domain/imports/shops';
import { forbiddenCharacterMessage, showForbidden } from '../../domain/safe-text';
import { writeAudit } from '../audit';
import { paged, toPage, type Paged } from '../paging';
import type { Actor } from '../context';
import type { StoragePort, Db } from '../../storage';

export interface ShopView {
  id: number;
  platform: Platform;
  platformLabel: string;
  name: string;
  sheetUrl: string | null;
  orderCount: number;
  createdAt: string;
}

function platformOrThrow(input: string) {
  const platform = normalizePlatform(input);
  if (!platform)
    throw badRequest('invalid_platform', 'แพลตฟอร์มต้องเป็น Shopee, TikTok, Lazada หรือ อื่นๆ', [
      { field: 'platform', value: input },
    ]);
  return platform;
}

function nameOrThrow(input: string) {
  const cleaned = cleanShopName(input);
  if (cleaned.problem?.code === 'invalid_characters') {
    throw badRequest('invalid_characters', forbiddenCharacterMessage(cleaned.problem.char), [
      { field: 'name', value: showForbidden(input.slice(0, 256)) },
    ]);
  }
  if (!cleaned.value || cleaned.problem) throw badRequest('invalid_shop_name', 'กรุณาระบุชื่อร้าน', [{ field: 'name' }]);
  return cleaned.value;
}

export function createShopsService(deps: { storage: StoragePort; clock: () => number }) {
  const { storage, clock } = deps;

  const select = (db: Pick<Db, 'select'>) =>
    db
      .select({
        id: shops.id,
        platform: shops.platform,
        name: shops.name,
        sheetUrl: shops.sheetUrl,
        createdAt: shops.createdAt,
        // Spelled out: drizzle renders interpolated columns unqualified, which a correlated
        // subquery would resolve against the inner table.
        orderCount: sql<number>`(select count(*) from "orders" where "orders"."shop_id" = "shops"."id")`,
      })
      .from(shops);

  const view = (r: {
    id: number;
    platform: Platform;
    name: string;
    sheetUrl: string | null;
    createdAt: number;
    orderCount: number;
  }): ShopView => ({
    id: r.id,
    platform: r.platform,
    platformLabel: platformLabel(r.platform),
    name: r.name,
    sheetUrl: r.sheetUrl,
    orderCount: Number(r.orderCount),
    createdAt: new Date(r.createdAt).toISOString(),
  });

  async function get(db: Pick<Db, 'select'>, id: number): Promise<ShopView> {
    const [row] = await select(db).where(eq(shops.id, id));
    if (!row) throw notFound('shop_not_found', 'ไม่พบร้านค้า');
    return view(row);
  }

  return {
    async list(query: { platform?: string; page?: number; limit?: number }): Promise<Paged<ShopView>> {
      const page = toPage(query.page, query.limit);
      const where = query.platform ? eq(shops.platform, platformOrThrow(query.platform)) : undefined;
      const rows = await select(storage.db)
        .where(where)
        .orderBy(asc(shops.platform), asc(shops.nameKey))
        .limit(page.limit)
        .offset(page.offset);
      const [{ n }] = await storage.db.select({ n: count() }).from(shops).where(where);
      return paged(rows.map(view), n, page);
    },

    get: (id: number) => get(storage.db, id),

    async create(input: { platform: string; name: string; sheetUrl?: string | null }, actor: Actor): Promise<ShopView> {
      const platform = platformOrThrow(input.platform);
      const name = nameOrThrow(input.name);
      const now = clock();
      return storage.transaction(async (tx) => {
        const [existing] = await tx
          .select({ id: shops.id })
          .from(shops)
          .where(and(eq(shops.platform, platform), eq(shops.nameKey, shopNameKey(name))));
        if (existing) throw conflict('shop_exists', 'มีร้านนี้ในแพลตฟอร์มนี้อยู่แล้ว', [{ id: existing.id }]);
        const [shop] = await tx
          .insert(shops)
          .values({
            platform,
            name,
            nameKey: shopNameKey(name),
            sheetUrl: input.sheetUrl ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await writeAudit(
          tx,
          actor,
          { action: 'shop.create', targetType: 'shop', targetId: shop.id, targetLabel: `${platform} / ${name}` },
          now,
        );
        return get(tx, shop.id);
      });
    },

    async update(id: number, input: { name?: string; sheetUrl?: string | null }, actor: Actor): Promise<ShopView> {
      const now = clock();
      return storage.transaction(async (tx) => {
        const before = await get(tx, id);
        const patch: Partial<typeof shops.$inferInsert> = { updatedAt: now };
        if (input.name !== undefined) {
          const name = nameOrThrow(input.name);
          const [clash] = await tx
            .select({ id: shops.id })
            .from(shops)
            .where(
              and(eq(shops.platform, before.platform), eq(shops.nameKey, shopNameKey(name)), sql`${shops.id} <> ${id}`),
            );
          if (clash) throw conflict('shop_exists', 'มีร้านนี้ในแพลตฟอร์มนี้อยู่แล้ว', [{ id: clash.id }]);
          patch.name = name;
          patch.nameKey = shopNameKey(name);
        }
        if (input.sheetUrl !== undefined) patch.sheetUrl = input.sheetUrl;
        await tx.update(shops).set(patch).where(eq(shops.id, id));
        const after = await get(tx, id);
        await writeAudit(
          tx,
          actor,
          {
            action: 'shop.update',
            targetType: 'shop',
            targetId: id,
            targetLabel: `${after.platform} / ${after.name}`,
            details: {
              before: { name: before.name, sheetUrl: before.sheetUrl },
              after: { name: after.name, sheetUrl: after.sheetUrl },
            },
          },
          now,
        );
        return after;
      });
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const now = clock();
      await storage.transaction(async (tx) => {
        const shop = await get(tx, id);
        if (shop.orderCount > 0) {
          throw conflict('shop_has_orders', 'ไม่สามารถลบได้: มีออเดอร์ผูกกับร้านนี้อยู่', [{ orderCount: shop.orderCount }]);
        }
        await tx.delete(shops).where(eq(shops.id, id));
        await writeAudit(
          tx,
          actor,
          { action: 'shop.delete', targetType: 'shop', targetId: id, targetLabel: `${shop.platform} / ${shop.name}` },
          now,
        );
      });
    },
  };
}

// Product master (docs/domain/imports.md#products): one row per SKU.
import { asc, count, eq, or, sql } from 'drizzle-orm';
import { products } from '../../db/schema';
import { conflict, notFound } from '../../errors';
import { writeAudit } from '../audit';
import { likeContains, paged, toPage, type Paged } from '../paging';
import { skuOrThrow } from './sku';
import type { Actor } from '../context';
import type { StoragePort, Db } from '../../storage';

export interface ProductView {
  sku: string;
  brand: string | null;
  name: string | null;
  location: string | null;
  createdAt: string;
  updatedAt: string;
}

const view = (p: typeof products.$inferSelect): ProductView => ({
  sku: p.sku,
  brand: p.brand,
  name: p.name,
  location: p.location,
  createdAt: new Date(p.createdAt).toISOString(),
  updatedAt: new Date(p.updatedAt).toISOString(),
});

const blankToNull = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

export function createProductsService(deps: { storage: StoragePort; clock: () => number }) {
  const { storage, clock } = deps;

  async function load(db: Pick<Db, 'select'>, sku: string) {
    const [row] = await db.select().from(products).where(eq(products.sku, sku));
    if (!row) throw notFound('product_not_found', 'ไม่พบสินค้า');
    return row;
  }

  return {
    async list(query: { q?: string; page?: number; limit?: number }): Promise<Paged<ProductView>> {
      const page = toPage(query.page, query.limit);
      const q = query.q?.trim();
      const where = q
        ? or(
            sql`${products.sku} LIKE ${likeContains(q)} ESCAPE '\\'`,
            sql`${products.brand} LIKE ${likeContains(q)} ESCAPE '\\'`,
            sql`${products.name} LIKE ${likeContains(q)} ESCAPE '\\'`,
          )
        : undefined;
      const rows = await storage.db
        .select()
        .from(products)
        .where(where)
        .orderBy(asc(products.sku))
        .limit(page.limit)
        .offset(page.offset);
      const [{ n }] = await storage.db.select({ n: count() }).from(products).where(where);
      return paged(rows.map(view), n, page);
    },

    async get(rawSku: string): Promise<ProductView> {
      return view(await load(storage.db, skuOrThrow(rawSku)));
    },

    async create(
      input: { sku: string; brand?: string | null; name?: string | null; location?: string | null },
      actor: Actor,
    ) {
      const sku = skuOrThrow(input.sku);
      const now = clock();
      return storage.transaction(async (tx) => {
        const [existing] = await tx.select({ id: products.id }).from(products).where(eq(products.sku, sku));
        if (existing) throw conflict('sku_exists', 'มีรหัสสินค้านี้อยู่แล้ว', [{ sku }]);
        const [row] = await tx
          .insert(products)
          .values({
            sku,
            brand: blankToNull(input.brand),
            name: blankToNull(input.name),
            location: blankToNull(input.location),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await writeAudit(
          tx,
          actor,
          { action: 'product.create', targetType: 'product', targetId: sku, targetLabel: sku },
          now,
        );
        return view(row);
      });
    },

    async update(
      rawSku: string,
      input: { brand?: string | null; name?: string | null; location?: string | null },
      actor: Actor,
    ) {
      const sku = skuOrThrow(rawSku);
      const now = clock();
      return storage.transaction(async (tx) => {
        const before = await load(tx, sku);
        const patch: Partial<typeof products.$inferInsert> = { updatedAt: now };
        if (input.brand !== undefined) patch.brand = blankToNull(input.brand);
        if (input.name !== undefined) patch.name = blankToNull(input.name);
        if (input.location !== undefined) patch.location = blankToNull(input.location);
        const [row] = await tx.update(products).set(patch).where(eq(products.sku, sku)).returning();
        await writeAudit(
          tx,
          actor,
          {
            action: 'product.update',
            targetType: 'product',
            targetId: sku,
            targetLabel: sku,
            details: {
              before: { brand: before.brand, name: before.name, location: before.location },
              after: { brand: row.brand, name: row.name, location: row.location },
            },
          },
          now,
        );
        return view(row);
      });
    },

    async remove(rawSku: string, actor: Actor): Promise<void> {
      const sku = skuOrThrow(rawSku);
      const now = clock();
      await storage.transaction(async (tx) => {
        await load(tx, sku);
        await tx.delete(products).where(eq(products.sku, sku));
        await writeAudit(
          tx,
          actor,
          { action: 'product.delete', targetType: 'product', targetId: sku, targetLabel: sku },
          now,
        );
      });
    },
  };
}

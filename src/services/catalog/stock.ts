// On-hand stock (docs/domain/imports.md#stock): one quantity per SKU, never negative.
import { asc, count, eq, or, sql } from 'drizzle-orm';
import { products, stock } from '../../db/schema';
import { writeAudit } from '../audit';
import { likeContains, paged, toPage, type Paged } from '../paging';
import { skuOrThrow } from './sku';
import type { Actor } from '../context';
import type { StoragePort } from '../../storage';

export interface StockView {
  sku: string;
  qty: number;
  brand: string | null;
  productName: string | null;
  updatedAt: string;
}

export function createStockService(deps: { storage: StoragePort; clock: () => number }) {
  const { storage, clock } = deps;
  const columns = {
    sku: stock.sku,
    qty: stock.qty,
    updatedAt: stock.updatedAt,
    brand: products.brand,
    productName: products.name,
  };
  const view = (r: {
    sku: string;
    qty: number;
    updatedAt: number;
    brand: string | null;
    productName: string | null;
  }): StockView => ({
    ...r,
    updatedAt: new Date(r.updatedAt).toISOString(),
  });

  return {
    async list(query: { q?: string; page?: number; limit?: number }): Promise<Paged<StockView>> {
      const page = toPage(query.page, query.limit);
      const q = query.q?.trim();
      const where = q
        ? or(
            sql`${stock.sku} LIKE ${likeContains(q)} ESCAPE '\\'`,
            sql`${products.brand} LIKE ${likeContains(q)} ESCAPE '\\'`,
            sql`${products.name} LIKE ${likeContains(q)} ESCAPE '\\'`,
          )
        : undefined;
      const rows = await storage.db
        .select(columns)
        .from(stock)
        .leftJoin(products, eq(products.sku, stock.sku))
        .where(where)
        .orderBy(asc(stock.sku))
        .limit(page.limit)
        .offset(page.offset);
      const [{ n }] = await storage.db
        .select({ n: count() })
        .from(stock)
        .leftJoin(products, eq(products.sku, stock.sku))
        .where(where);
      return paged(rows.map(view), n, page);
    },

    async set(rawSku: string, qty: number, actor: Actor): Promise<StockView> {
      const sku = skuOrThrow(rawSku);
      const now = clock();
      return storage.transaction(async (tx) => {
        const [before] = await tx.select({ qty: stock.qty }).from(stock).where(eq(stock.sku, sku));
        await tx
          .insert(stock)
          .values({ sku, qty, updatedAt: now })
          .onConflictDoUpdate({ target: stock.sku, set: { qty, updatedAt: now, importId: null } });
        await writeAudit(
          tx,
          actor,
          {
            action: 'stock.set',
            targetType: 'stock',
            targetId: sku,
            targetLabel: sku,
            details: { before: before?.qty ?? null, after: qty },
          },
          now,
        );
        const [row] = await tx
          .select(columns)
          .from(stock)
          .leftJoin(products, eq(products.sku, stock.sku))
          .where(eq(stock.sku, sku));
        return view(row);
      });
    },
  };
}

// Planning the orders import against the database (docs/domain/imports.md#orders): the shops it
// would create, which orders are new and which are same-day or cross-day duplicates, and the
// SKUs the product master lacks. Nothing is written here; `write` (write.ts) does it.
import type { Platform } from '../../../domain/platform';
import { num, type RawSql, selectIn, str } from '../sql';
import { columnName, type ParseContext, type Plan } from '../types';
import { groupKey, type OrderDraft, type ParsedOrders } from './drafts';
import { writeOrders } from './write';

/** The shops the valid orders name (name key -> name) and the ids of those that exist. */
async function lookUpShops(db: RawSql, platform: Platform, valid: OrderDraft[]) {
  const shopNames = new Map<string, string>();
  for (const o of valid) if (o.shopKey !== null && !shopNames.has(o.shopKey)) shopNames.set(o.shopKey, o.shopName!);
  const shopIds = new Map<string, number>();
  const shopRows = await selectIn(db, 'shops', ['id', 'name_key'], 'name_key', [...shopNames.keys()], {
    sql: 'platform = ?',
    args: [platform],
  });
  for (const r of shopRows) shopIds.set(str(r.name_key), num(r.id));
  return { shopNames, shopIds };
}

/** Group key -> import date of the orders of known shops with the file's numbers. */
async function existingOrders(db: RawSql, valid: OrderDraft[], shopIds: Map<string, number>) {
  const byShop = new Map<number, OrderDraft[]>();
  for (const o of valid) {
    const id = shopIds.get(o.shopKey!);
    if (id === undefined) continue;
    let list = byShop.get(id);
    if (!list) byShop.set(id, (list = []));
    list.push(o);
  }
  const existing = new Map<string, string>();
  // One look-up per shop, on the index (shop_id, order_no).
  for (const [shopId, list] of byShop) {
    const rows = await selectIn(
      db,
      'orders',
      ['order_no', 'import_date'],
      'order_no',
      list.map((o) => o.orderNo),
      { sql: 'shop_id = ?', args: [shopId] },
    );
    const shopKey = list[0].shopKey;
    for (const r of rows) existing.set(groupKey(shopKey, str(r.order_no)), str(r.import_date));
  }
  return existing;
}

/** The SKUs of `orders` that the product master has. */
async function knownSkus(db: RawSql, orders: OrderDraft[]): Promise<Set<string>> {
  const skus = new Set<string>();
  for (const o of orders) for (const { sku } of o.lines.values()) skus.add(sku);
  return new Set((await selectIn(db, 'products', ['sku'], 'sku', [...skus])).map((r) => str(r.sku)));
}

/** One warning per distinct SKU of the orders to be written that the product master lacks. */
function warnUnknownSkus(ctx: ParseContext, fresh: OrderDraft[], known: Set<string>): void {
  const skuFirstRow = new Map<string, number>();
  for (const o of fresh)
    for (const { sku, firstRow } of o.lines.values())
      if ((skuFirstRow.get(sku) ?? Infinity) > firstRow) skuFirstRow.set(sku, firstRow);
  for (const [sku, row] of skuFirstRow)
    if (!known.has(sku)) ctx.issues.warn(row, 'sku_not_in_products', { sku }, columnName(ctx, 'sku'), sku);
}

export async function planOrders(
  db: RawSql,
  parsed: ParsedOrders,
  ctx: ParseContext & { today: string },
): Promise<Plan> {
  const { platform } = parsed;
  const valid = [...parsed.orders.values()].filter((o) => !o.invalid);
  const rejected = [...parsed.orders.values()].filter((o) => o.invalid);
  // The products of every valid order are asked beside the shops (not after the duplicates are
  // known, for the new orders only): on a remote database that is one round trip fewer.
  const [{ shopNames, shopIds }, known] = await Promise.all([lookUpShops(db, platform, valid), knownSkus(db, valid)]);
  const existing = await existingOrders(db, valid, shopIds);

  const fresh: OrderDraft[] = [];
  const sameDay: string[] = [];
  const crossDay: string[] = [];
  for (const o of valid) {
    const date = existing.get(groupKey(o.shopKey, o.orderNo));
    if (date === undefined) fresh.push(o);
    else if (date === ctx.today) sameDay.push(o.orderNo);
    else crossDay.push(o.orderNo);
  }
  warnUnknownSkus(ctx, fresh, known);

  return {
    counts: {
      added: fresh.length,
      linesAdded: fresh.reduce((n, o) => n + o.lines.size, 0),
      duplicates: sameDay.length + crossDay.length,
      duplicatesSameDay: sameDay.length,
      duplicatesCrossDay: crossDay.length,
      rejected: rejected.length + parsed.idlessRejected,
    },
    validUnits: valid.length,
    rejectedKeys: [...new Set(rejected.map((o) => o.orderNo))],
    keys: { added: fresh.map((o) => o.orderNo), duplicatesSameDay: sameDay, duplicatesCrossDay: crossDay },
    shopsCreated: [...shopNames].filter(([k]) => !shopIds.has(k)).map(([, name]) => `${platform} / ${name}`),
    write: (db, w) => writeOrders(db, w, { ctx, platform, shopNames, shopIds, fresh, sameDay, crossDay }),
  };
}

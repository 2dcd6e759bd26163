// Orders import (imports 3): rows grouped by (shop, order id) into orders, by SKU into lines;
// an order with any invalid row is rejected whole; insert-only, a known (shop, order id) is a
// duplicate (same-day or cross-day); shops are created by (platform, name key) in the same
// transaction; pending cancellations are applied to the new orders.
import { cellToText } from '../../domain/imports/cell';
import {
  dateColumnOrder,
  parseDateCell,
  isDateInvalid,
  type DateOrder,
  type DateValue,
} from '../../domain/imports/dates';
import { normalizeIdentifier } from '../../domain/imports/identifiers';
import { parseOrderQty } from '../../domain/imports/quantity';
import { shopNameKey } from '../../domain/imports/shops';
import { cellAt, type Cell, type TableRow } from '../../domain/imports/table';
import { checkPlatformSignature, platformLabel, type Platform } from '../../domain/platform';
import { refreshClosedAtByIds } from '../orders/closed-state';
import { identifierError, rowInRange, shopField, textField } from './fields';
import { chunks, deleteIn, insertMany, ORDER_MARKER_COLUMNS, num, selectIn, str, strOrNull, type RawSql } from './sql';
import { columnName, ROWS_PER_STEP, type KindHandler, type ParseContext, type Plan } from './types';

interface LineDraft {
  sku: string;
  qty: number;
  itemName: string | null;
}

interface OrderDraft {
  shopName: string | null;
  shopKey: string | null;
  orderNo: string;
  invalid: boolean;
  firstRow: number;
  lines: Map<string, LineDraft>;
  /** First row of each SKU, for the product-master warning. */
  skuRows: Map<string, number>;
  orderTime: number | null;
  logistics: string | null;
}

export interface ParsedOrders {
  platform: Platform;
  orders: Map<string, OrderDraft>;
  /** Rows rejected on their own: no order id. */
  idlessRejected: number;
}

const groupKey = (shopKey: string | null, orderNo: string) => `${shopKey ?? ''}\u0000${orderNo}`;

export const ordersHandler: KindHandler<ParsedOrders> = {
  *parse(ctx) {
    const { table, columnMap, issues } = ctx;
    const platform = ctx.platform!;
    const col = (f: Parameters<typeof columnName>[1]) => columnName(ctx, f);

    const signature = checkPlatformSignature(platform, table.header);
    if (signature.mismatch) {
      issues.warn(null, 'platform_mismatch', {
        detected: platformLabel(signature.detected!),
        chosen: platformLabel(platform),
      });
    }

    // The column decides the date order (parseDateColumn's rule); each cell is then read with its
    // row, in the steps below, rather than the whole column at once.
    let dateOrder: DateOrder = 'day-first';
    if (columnMap.orderTime !== undefined) {
      dateOrder = dateColumnOrder(table.rows.map((r) => cellAt(r, columnMap.orderTime)));
      if (dateOrder === 'month-first')
        issues.warn(null, 'date_month_first', { column: col('orderTime') ?? '' }, col('orderTime'));
    }

    const formShop = ctx.shop;
    const orders = new Map<string, OrderDraft>();
    let idlessRejected = 0;
    const hasQtyColumn = columnMap.qty !== undefined;

    const readRow = (row: TableRow): void => {
      const rowNo = row.rowNo;
      let ok = rowInRange(issues, row);
      const text = (field: 'itemName' | 'logistics') => {
        const r = textField(issues, rowNo, col(field), cellAt(row, columnMap[field]));
        if (!r.ok) ok = false;
        return r.value;
      };

      const orderCell = cellAt(row, columnMap.orderNo);
      const order = normalizeIdentifier(orderCell, 'order_id');
      if (!order.ok) {
        ok = false;
        identifierError(issues, rowNo, order, 'missing_order_id', col('orderNo'), orderCell, 128);
      } else if (order.warning) {
        issues.warn(rowNo, order.warning, { from: cellToText(orderCell) ?? '', to: order.value }, col('orderNo'));
      }

      const skuCell = cellAt(row, columnMap.sku);
      const sku = normalizeIdentifier(skuCell, 'sku');
      if (!sku.ok) {
        ok = false;
        identifierError(issues, rowNo, sku, 'missing_sku', col('sku'), skuCell, 64);
      } else if (sku.warning) {
        issues.warn(rowNo, sku.warning, { from: cellToText(skuCell) ?? '', to: sku.value }, col('sku'));
      }

      let shopName: string | null = null;
      let shopOk = true;
      if (columnMap.shop !== undefined) {
        const cleaned = shopField(issues, rowNo, col('shop'), cellAt(row, columnMap.shop));
        shopOk = cleaned.ok;
        shopName = cleaned.value;
      }
      shopName ??= shopOk ? formShop : null;
      if (!shopOk) ok = false;
      else if (shopName === null) {
        ok = false;
        issues.error(rowNo, 'missing_shop', col('shop'), cellToText(cellAt(row, columnMap.shop)));
      }

      const qtyCell = cellAt(row, columnMap.qty);
      const qty = parseOrderQty(qtyCell);
      if (!qty.ok) {
        ok = false;
        issues.error(rowNo, 'qty_invalid', col('qty'), cellToText(qtyCell));
      }

      const time: DateValue =
        columnMap.orderTime === undefined ? null : parseDateCell(cellAt(row, columnMap.orderTime), dateOrder);
      if (time !== null && isDateInvalid(time)) {
        ok = false;
        issues.error(rowNo, 'date_invalid', col('orderTime'), cellToText(cellAt(row, columnMap.orderTime) as Cell));
      }

      const itemName = text('itemName');
      const logistics = text('logistics');

      if (!order.ok) {
        idlessRejected++;
        return;
      }
      const shopKey = shopName === null ? null : shopNameKey(shopName);
      const key = groupKey(shopKey, order.value);
      let draft = orders.get(key);
      if (!draft) {
        draft = {
          shopName,
          shopKey,
          orderNo: order.value,
          invalid: false,
          firstRow: rowNo,
          lines: new Map(),
          skuRows: new Map(),
          orderTime: null,
          logistics: null,
        };
        orders.set(key, draft);
      }
      if (!ok || !sku.ok || !qty.ok) {
        draft.invalid = true;
        return;
      }
      // Order-level values: the first non-blank among the order's rows (data-model Part F).
      if (draft.orderTime === null && typeof time === 'number') draft.orderTime = time;
      if (draft.logistics === null && logistics !== null) draft.logistics = logistics;
      const line = draft.lines.get(sku.value);
      if (line) {
        line.qty += qty.value;
        if (line.itemName === null) line.itemName = itemName;
        if (hasQtyColumn) issues.warn(rowNo, 'line_merged', {}, col('sku'), sku.value);
      } else {
        draft.lines.set(sku.value, { sku: sku.value, qty: qty.value, itemName });
        draft.skuRows.set(sku.value, rowNo);
      }
    };
    for (let i = 0; i < table.rows.length; i++) {
      if ((i + 1) % ROWS_PER_STEP === 0) yield ROWS_PER_STEP;
      readRow(table.rows[i]);
    }

    return { platform, orders, idlessRejected };
  },

  async plan(db, parsed, ctx): Promise<Plan> {
    const { platform } = parsed;
    const valid = [...parsed.orders.values()].filter((o) => !o.invalid);
    const rejected = [...parsed.orders.values()].filter((o) => o.invalid);

    // Shops by (platform, name key).
    const shopNames = new Map<string, string>();
    for (const o of valid) if (o.shopKey !== null && !shopNames.has(o.shopKey)) shopNames.set(o.shopKey, o.shopName!);
    const shopIds = new Map<string, number>();
    const shopRows = await selectIn(db, 'SELECT id, name_key FROM shops', 'name_key', [...shopNames.keys()], {
      sql: 'platform = ?',
      args: [platform],
    });
    for (const r of shopRows) shopIds.set(str(r.name_key), num(r.id));

    // Existing orders of those shops with the file's numbers (index on shop_id, order_no).
    const byShop = new Map<number, OrderDraft[]>();
    for (const o of valid) {
      const id = shopIds.get(o.shopKey!);
      if (id === undefined) continue;
      let list = byShop.get(id);
      if (!list) byShop.set(id, (list = []));
      list.push(o);
    }
    const existing = new Map<string, string>(); // groupKey -> import_date
    for (const [shopId, list] of byShop) {
      const rows = await selectIn(
        db,
        'SELECT order_no, import_date FROM orders',
        'order_no',
        list.map((o) => o.orderNo),
        { sql: 'shop_id = ?', args: [shopId] },
      );
      const shopKey = list[0].shopKey;
      for (const r of rows) existing.set(groupKey(shopKey, str(r.order_no)), str(r.import_date));
    }

    const fresh: OrderDraft[] = [];
    const sameDay: string[] = [];
    const crossDay: string[] = [];
    for (const o of valid) {
      const date = existing.get(groupKey(o.shopKey, o.orderNo));
      if (date === undefined) fresh.push(o);
      else if (date === ctx.today) sameDay.push(o.orderNo);
      else crossDay.push(o.orderNo);
    }

    // One warning per distinct SKU of the orders to be written that the product master lacks.
    const skuFirstRow = new Map<string, number>();
    for (const o of fresh)
      for (const [sku, row] of o.skuRows) if ((skuFirstRow.get(sku) ?? Infinity) > row) skuFirstRow.set(sku, row);
    const known = new Set(
      (await selectIn(db, 'SELECT sku FROM products', 'sku', [...skuFirstRow.keys()])).map((r) => str(r.sku)),
    );
    for (const [sku, row] of skuFirstRow)
      if (!known.has(sku)) ctx.issues.warn(row, 'sku_not_in_products', { sku }, columnName(ctx, 'sku'), sku);

    const linesAdded = fresh.reduce((n, o) => n + o.lines.size, 0);
    const rejectedKeys = [...new Set(rejected.map((o) => o.orderNo))];

    return {
      counts: {
        added: fresh.length,
        linesAdded,
        duplicates: sameDay.length + crossDay.length,
        duplicatesSameDay: sameDay.length,
        duplicatesCrossDay: crossDay.length,
        rejected: rejected.length + parsed.idlessRejected,
      },
      validUnits: valid.length,
      rejectedKeys,
      keys: { added: fresh.map((o) => o.orderNo), duplicatesSameDay: sameDay, duplicatesCrossDay: crossDay },
      shopsCreated: [...shopNames].filter(([k]) => !shopIds.has(k)).map(([, name]) => `${platform} / ${name}`),

      async write(db, w) {
        // Shops first: orders reference them.
        const toCreate = [...shopNames].filter(([k]) => !shopIds.has(k));
        const created = await insertMany(
          db,
          'shops',
          ['platform', 'name', 'name_key', 'created_at', 'updated_at'],
          toCreate.map(([key, name]) => [platform, name, key, w.now, w.now]),
          { suffix: 'ON CONFLICT (platform, name_key) DO NOTHING RETURNING id, name_key' },
        );
        for (const r of created) shopIds.set(str(r.name_key), num(r.id));
        if (created.length < toCreate.length) {
          // Created meanwhile by another writer: look them up.
          const missing = toCreate.filter(([k]) => !shopIds.has(k)).map(([k]) => k);
          for (const r of await selectIn(db, 'SELECT id, name_key FROM shops', 'name_key', missing, {
            sql: 'platform = ?',
            args: [platform],
          })) {
            shopIds.set(str(r.name_key), num(r.id));
          }
        }
        const shopsCreated = created.map((r) => `${platform} / ${shopNames.get(str(r.name_key))}`);

        // Orders; the unique key (shop, number, platform) makes a concurrent duplicate a no-op.
        const inserted = await insertMany(
          db,
          'orders',
          ['platform', 'shop_id', 'order_no', 'order_time', 'logistic_type', 'import_date', 'imported_at', 'import_id'],
          fresh.map((o) => [
            platform,
            shopIds.get(o.shopKey!)!,
            o.orderNo,
            o.orderTime,
            o.logistics,
            w.today,
            w.now,
            w.importId,
          ]),
          {
            suffix: 'ON CONFLICT DO NOTHING RETURNING id, shop_id, order_no',
            afterBatch: (n) => w.afterBatch('orders', n),
          },
        );
        const idOf = new Map<string, number>();
        for (const r of inserted) idOf.set(`${num(r.shop_id)}\u0000${str(r.order_no)}`, num(r.id));
        const written = fresh.filter((o) => idOf.has(`${shopIds.get(o.shopKey!)}\u0000${o.orderNo}`));

        const lines: (string | number | null)[][] = [];
        for (const o of written) {
          const orderId = idOf.get(`${shopIds.get(o.shopKey!)}\u0000${o.orderNo}`)!;
          for (const l of o.lines.values()) lines.push([orderId, l.sku, l.qty, l.itemName, w.now]);
        }
        await insertMany(db, 'order_lines', ['order_id', 'sku', 'qty', 'item_name', 'created_at'], lines, {
          afterBatch: (n) => w.afterBatch('order_lines', n),
        });

        const numbers = [...new Set(written.map((o) => o.orderNo))];
        const closing = new Set<number>();

        // Pending cancellations for this platform or for any (imports 3, 7). Each is used once:
        // by this import, the first that matches it, for every order of that number in it.
        const pending = await selectIn(
          db,
          'SELECT order_no, platform, note, created_by_user_id, created_by_username FROM pending_cancellations',
          'order_no',
          numbers,
          { sql: "platform IN ('', ?)", args: [platform] },
        );
        const used: { orderNo: string; platform: string; orders: { id: number; shop: string }[] }[] = [];
        if (pending.length > 0) {
          const byNo = new Map<string, (typeof pending)[number]>();
          // A platform-specific pending row wins over an any-platform one.
          for (const p of pending)
            if (!byNo.has(str(p.order_no)) || str(p.platform) !== '') byNo.set(str(p.order_no), p);
          const markers: (string | number | null)[][] = [];
          const usedByNo = new Map<string, (typeof used)[number]>();
          for (const o of written) {
            const p = byNo.get(o.orderNo);
            if (!p) continue;
            const id = idOf.get(`${shopIds.get(o.shopKey!)}\u0000${o.orderNo}`)!;
            markers.push([
              id,
              'cancelled',
              strOrNull(p.note),
              'pending',
              w.importId,
              w.now,
              p.created_by_user_id === null ? null : num(p.created_by_user_id),
              strOrNull(p.created_by_username),
            ]);
            closing.add(id);
            let entry = usedByNo.get(o.orderNo);
            if (!entry)
              usedByNo.set(o.orderNo, (entry = { orderNo: o.orderNo, platform: str(p.platform), orders: [] }));
            entry.orders.push({ id, shop: o.shopName! });
          }
          await insertMany(db, 'order_markers', ORDER_MARKER_COLUMNS, markers, {
            suffix: 'ON CONFLICT (order_id, kind) DO NOTHING',
          });
          // Every pending row this import matched is spent, the any-platform one included.
          used.push(...usedByNo.values());
          await deleteIn(db, 'pending_cancellations', 'order_no', [...usedByNo.keys()], {
            sql: "platform IN ('', ?)",
            args: [platform],
          });
        }
        await warnSpentCancellations(
          db,
          ctx,
          written.filter((o) => !used.some((u) => u.orderNo === o.orderNo)),
          platform,
          w.importId,
        );

        // A number SBS already reported packed closes the new order at once.
        const packed = new Set(
          (
            await selectIn(db, 'SELECT order_no FROM sales_status', 'order_no', numbers, {
              sql: 'packed_at IS NOT NULL',
              args: [],
            })
          ).map((r) => str(r.order_no)),
        );
        if (packed.size > 0) {
          for (const o of written)
            if (packed.has(o.orderNo)) closing.add(idOf.get(`${shopIds.get(o.shopKey!)}\u0000${o.orderNo}`)!);
        }
        if (closing.size > 0) await refreshClosedAtByIds(w.tx, [...closing], w.now);

        const lost = fresh.length - written.length;
        return {
          audit: used.length > 0 ? { pendingCancellationsUsed: used } : undefined,
          shopsCreated,
          counts:
            lost > 0
              ? {
                  added: written.length,
                  linesAdded: lines.length,
                  duplicatesSameDay: sameDay.length + lost,
                  duplicates: sameDay.length + crossDay.length + lost,
                }
              : undefined,
        };
      },
    };
  },
};

/**
 * A new order whose number already took a pending cancellation in an earlier import (same
 * platform) stays open: the cancellation was used there. Reported as a data-quality warning
 * naming the shop(s) whose order took it, so someone checks whether this one should go too.
 */
async function warnSpentCancellations(
  db: RawSql,
  ctx: ParseContext,
  orders: OrderDraft[],
  platform: Platform,
  importId: number,
) {
  if (orders.length === 0) return;
  const rows: Record<string, unknown>[] = [];
  // CROSS JOIN keeps the numbers as the outer loop (SQLite never reorders it), each looked up
  // through orders_order_no; left to itself the planner may scan every order per number.
  for (const part of chunks([...new Set(orders.map((o) => o.orderNo))])) {
    const rs = await db.execute(
      `SELECT o.order_no, s.name AS shop FROM json_each(?) AS j
         CROSS JOIN orders o ON o.order_no = j.value
         JOIN order_markers m ON m.order_id = o.id AND m.kind = 'cancelled' AND m.source = 'pending'
         JOIN shops s ON s.id = o.shop_id
       WHERE o.platform = ? AND o.import_id IS NOT ?`,
      [JSON.stringify(part), platform, importId],
    );
    rows.push(...(rs.rows as unknown as Record<string, unknown>[]));
  }
  const shopsByNo = new Map<string, string[]>();
  for (const r of rows) {
    const list = shopsByNo.get(str(r.order_no)) ?? [];
    if (!list.includes(str(r.shop))) list.push(str(r.shop));
    shopsByNo.set(str(r.order_no), list);
  }
  for (const o of orders) {
    const shops = shopsByNo.get(o.orderNo);
    if (shops)
      ctx.issues.warn(
        o.firstRow,
        'pending_cancellation_already_used',
        { orderNo: o.orderNo, shop: shops.join(', ') },
        columnName(ctx, 'orderNo'),
        o.orderNo,
      );
  }
}

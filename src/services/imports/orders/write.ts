// Writing the planned orders import: shops first (orders reference them), then the orders and
// their lines, the pending cancellations they meet, and the closing state of the new orders.
import type { Platform } from '../../../domain/platform';
import { refreshClosedAtByIds } from '../../orders/closed-state';
import {
  insertCount,
  insertMany,
  num,
  ORDER_ROWS_PER_STATEMENT,
  type RawSql,
  type Row,
  selectAfter,
  selectIn,
  str,
} from '../sql';
import type { ParseContext, WriteContext, WriteOutcome } from '../types';
import type { OrderDraft, WrittenOrder } from './drafts';
import {
  applyPendingCancellations,
  hasPendingCancellations,
  hasSpentCancellations,
  warnSpentCancellations,
} from './pending';

export interface OrdersPlan {
  ctx: ParseContext;
  platform: Platform;
  /** Name key -> name of every shop the valid orders name. */
  shopNames: Map<string, string>;
  /** Name key -> id of the shops that exist (filled in as they are created). */
  shopIds: Map<string, number>;
  fresh: OrderDraft[];
  sameDay: string[];
  crossDay: string[];
}

/** Creates the shops the plan lacks; returns them as `platform / name`. */
async function createShops(db: RawSql, w: WriteContext, p: OrdersPlan): Promise<string[]> {
  const toCreate = [...p.shopNames].filter(([k]) => !p.shopIds.has(k));
  const created = await insertMany(
    db,
    'shops',
    ['platform', 'name', 'name_key', 'created_at', 'updated_at'],
    toCreate.map(([key, name]) => [p.platform, name, key, w.now, w.now]),
    { suffix: 'ON CONFLICT (platform, name_key) DO NOTHING RETURNING id, name_key' },
  );
  for (const r of created) p.shopIds.set(str(r.name_key), num(r.id));
  if (created.length < toCreate.length) {
    // Created meanwhile by another writer: look them up.
    const missing = toCreate.filter(([k]) => !p.shopIds.has(k)).map(([k]) => k);
    for (const r of await selectIn(db, 'shops', ['id', 'name_key'], 'name_key', missing, {
      sql: 'platform = ?',
      args: [p.platform],
    })) {
      p.shopIds.set(str(r.name_key), num(r.id));
    }
  }
  return created.map((r) => `${p.platform} / ${p.shopNames.get(str(r.name_key))}`);
}

/**
 * Inserts the new orders; the unique key (shop, number, platform) makes a concurrent duplicate a
 * no-op. Their ids are then read back in one statement: under the write lock nothing else inserts
 * orders, and SQLite gives a new row the rowid one above the largest, so the orders above the
 * largest id before the insert (`before`: largestOrderId) are exactly this insert's. (Reading them back as one JSON text
 * costs a tenth of `RETURNING`, whose rows the client turns into objects one by one.)
 */
async function insertOrders(db: RawSql, w: WriteContext, p: OrdersPlan, before: number): Promise<WrittenOrder[]> {
  const inserted = await insertCount(
    db,
    'orders',
    ['shop_id', 'order_no', 'order_time', 'logistic_type'],
    p.fresh.map((o) => [p.shopIds.get(o.shopKey!)!, o.orderNo, o.orderTime, o.logistics]),
    {
      constants: { platform: p.platform, import_date: w.today, imported_at: w.now, import_id: w.importId },
      suffix: 'ON CONFLICT DO NOTHING',
      rowsPerStatement: ORDER_ROWS_PER_STATEMENT,
      afterBatch: (n) => w.afterBatch('orders', n),
    },
  );
  const rows = inserted === 0 ? [] : await selectAfter(db, 'orders', ['id', 'shop_id', 'order_no'], 'id', before);
  // A rowid below the largest (SQLite does that only once rowids reach 2^63) would be missed here.
  if (rows.length !== inserted) throw new Error(`Orders import: ${inserted} orders inserted, ${rows.length} read back`);
  const inOrder = writtenInOrder(rows, p);
  if (inOrder) return inOrder;
  const idOf = new Map<string, number>();
  for (const r of rows) idOf.set(`${num(r.shop_id)}\u0000${str(r.order_no)}`, num(r.id));
  const written: WrittenOrder[] = [];
  for (const draft of p.fresh) {
    const id = idOf.get(`${p.shopIds.get(draft.shopKey!)}\u0000${draft.orderNo}`);
    if (id !== undefined) written.push({ draft, id });
  }
  return written;
}

/** The largest order id so far (0 with none): read before the insert, under the write lock. */
async function largestOrderId(db: RawSql): Promise<number> {
  return num((await db.execute('SELECT coalesce(max(id), 0) AS id FROM orders')).rows[0].id);
}

/**
 * When every draft was inserted, the rows read back (in id order) are the drafts in the order
 * they were sent: each is checked by its shop and number, without a key string and a map entry
 * per order (about 10 ms of a 12,000-order import). Null when any differs (a concurrent insert
 * skipped one): the caller then matches them by key.
 */
export function writtenInOrder(rows: Row[], p: OrdersPlan): WrittenOrder[] | null {
  if (rows.length !== p.fresh.length) return null;
  const written: WrittenOrder[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const draft = p.fresh[i];
    const r = rows[i];
    if (num(r.shop_id) !== p.shopIds.get(draft.shopKey!) || str(r.order_no) !== draft.orderNo) return null;
    written[i] = { draft, id: num(r.id) };
  }
  return written;
}

async function insertLines(db: RawSql, w: WriteContext, written: WrittenOrder[]): Promise<number> {
  const lines: (string | number | null)[][] = [];
  for (const { draft, id } of written) for (const l of draft.lines.values()) lines.push([id, l.sku, l.qty, l.itemName]);
  await insertMany(db, 'order_lines', ['order_id', 'sku', 'qty', 'item_name'], lines, {
    constants: { created_at: w.now },
    rowsPerStatement: ORDER_ROWS_PER_STATEMENT,
    afterBatch: (n) => w.afterBatch('order_lines', n),
  });
  return lines.length;
}

/** The new orders whose number SBS already reported packed: they close at once. */
async function packedOrders(db: RawSql, written: WrittenOrder[], numbers: string[]): Promise<number[]> {
  const packed = new Set(
    (
      await selectIn(db, 'sales_status', ['order_no'], 'order_no', numbers, {
        sql: 'packed_at IS NOT NULL',
        args: [],
      })
    ).map((r) => str(r.order_no)),
  );
  return written.filter((o) => packed.has(o.draft.orderNo)).map((o) => o.id);
}

export async function writeOrders(db: RawSql, w: WriteContext, p: OrdersPlan): Promise<WriteOutcome> {
  // Statements that need no other's answer are asked together: on a remote database each step
  // awaited alone is a round trip under the write lock (docs/domain/read-model.md#the-event-loop).
  // The shops insert does not touch orders, so the largest order id is the same read beside it.
  const [shopsCreated, before] = await Promise.all([createShops(db, w, p), largestOrderId(db)]);
  const written = await insertOrders(db, w, p, before);
  const numbers = [...new Set(written.map((o) => o.draft.orderNo))];
  // None of these reads looks at what the lines insert or the pending step writes: pending
  // cancellations are read before any is spent, the spent check leaves this import's orders out,
  // and SBS's packed numbers are not written here.
  const [linesAdded, anyPending, anySpent, packed] = await Promise.all([
    insertLines(db, w, written),
    hasPendingCancellations(db, p.platform),
    written.length > 0 ? hasSpentCancellations(db, p.platform, w.importId) : false,
    packedOrders(db, written, numbers),
  ]);

  const { used, cancelled } = await applyPendingCancellations(db, w, p.platform, written, numbers, anyPending);
  await warnSpentCancellations(
    db,
    p.ctx,
    written.map((o) => o.draft).filter((o) => !used.some((u) => u.orderNo === o.orderNo)),
    p.platform,
    w.importId,
    anySpent,
  );
  const closing = new Set([...cancelled, ...packed]);
  if (closing.size > 0) await refreshClosedAtByIds(w.tx, [...closing], w.now);

  // Orders a concurrent writer inserted first count as same-day duplicates.
  const lost = p.fresh.length - written.length;
  return {
    audit: used.length > 0 ? { pendingCancellationsUsed: used } : undefined,
    shopsCreated,
    counts:
      lost > 0
        ? {
            added: written.length,
            linesAdded,
            duplicatesSameDay: p.sameDay.length + lost,
            duplicates: p.sameDay.length + p.crossDay.length + lost,
          }
        : undefined,
  };
}

// Sales status import (docs/domain/imports.md#sales-status): upsert of PO number and SBS status
// per order number. Only non-blank values overwrite; `packed_at` records when the packed predicate
// first held and is cleared when it stops, and the orders of every number whose packed state
// changed get their `closed_at` recomputed in the same transaction.
import { isPackedStatus } from '../../domain/allocation/sales';
import { cellToText } from '../../domain/imports/cell';
import { memoByText } from '../../lib/memo';
import { normalizeIdentifier } from '../../domain/imports/identifiers';
import { cellAt } from '../../domain/imports/table';
import { closeOrdersOfPackedNos, refreshClosedAtByOrderNos } from '../orders/closed-state';
import { identifierError, rememberedFreeText, rowInRange, textField } from './fields';
import { chunks } from '../../lib/chunks';
import { CHUNK, insertMany, num, type RawSql, selectIn, str, strOrNull } from './sql';
import { columnName, type KindHandler, type ParseContext, type Plan, ROWS_PER_STEP, type WriteContext } from './types';

interface SalesDraft {
  orderNo: string;
  poNo: string | null;
  status: string | null;
  firstRow: number;
}

export interface ParsedSales {
  records: Map<string, SalesDraft>;
  rejectedIds: Set<string>;
  rowsWithoutId: number;
}

interface StatusRow {
  poNo: string | null;
  status: string | null;
  packedAt: number | null;
}

/** A number's row as it will be written. */
interface Change {
  orderNo: string;
  poNo: string | null;
  status: string | null;
  /** Whether packed now; the time is decided when writing. */
  packed: boolean;
  wasPacked: boolean;
  packedAt: number | null;
}

/** The sales status held now for the file's numbers. */
async function currentStatus(db: RawSql, numbers: string[]): Promise<Map<string, StatusRow>> {
  const existing = new Map<string, StatusRow>();
  for (const r of await selectIn(
    db,
    'sales_status',
    ['order_no', 'po_no', 'status', 'packed_at'],
    'order_no',
    numbers,
  )) {
    existing.set(str(r.order_no), {
      poNo: strOrNull(r.po_no),
      status: strOrNull(r.status),
      packedAt: r.packed_at === null ? null : num(r.packed_at),
    });
  }
  return existing;
}

/**
 * How many shops have an order of each number (SBS knows no shop: several is a warning), 0 for a
 * number no order has. The matching orders come back as two flat JSON arrays per 500 numbers
 * (number, shop), not an object per order, and a number gets a set only when a second shop turns
 * up (docs/domain/imports.md#performance).
 */
async function shopCountsOfNumbers(db: RawSql, numbers: string[]): Promise<(orderNo: string) => number> {
  const firstShop = new Map<string, number>();
  const severalShops = new Map<string, Set<number>>();
  for (const part of chunks(numbers, CHUNK)) {
    const rs = await db.execute(
      'SELECT json_group_array(order_no) AS nos, json_group_array(shop_id) AS shops FROM orders WHERE order_no IN (SELECT value FROM json_each(?))',
      [JSON.stringify(part)],
    );
    const nos = JSON.parse(str(rs.rows[0]?.nos ?? '[]')) as unknown[];
    const shops = JSON.parse(str(rs.rows[0]?.shops ?? '[]')) as unknown[];
    for (let i = 0; i < nos.length; i++) {
      const no = str(nos[i]);
      const shop = num(shops[i]);
      const first = firstShop.get(no);
      if (first === undefined) firstShop.set(no, shop);
      else if (first !== shop) {
        let set = severalShops.get(no);
        if (!set) severalShops.set(no, (set = new Set([first])));
        set.add(shop);
      }
    }
  }
  return (orderNo) => (firstShop.has(orderNo) ? (severalShops.get(orderNo)?.size ?? 1) : 0);
}

/** Each record as added, updated or unchanged; numbers no order has are also `unmatched`. */
function sortRecords(
  parsed: ParsedSales,
  existing: Map<string, StatusRow>,
  shopCount: (orderNo: string) => number,
  ctx: ParseContext,
) {
  const added: Change[] = [];
  const updated: Change[] = [];
  const unchanged: string[] = [];
  const unmatched: string[] = [];
  // A file holds a handful of status texts over thousands of numbers: each is judged once.
  const packedText = memoByText(isPackedStatus);
  const packedOf = (status: string | null) => status !== null && packedText(status);
  for (const rec of parsed.records.values()) {
    const shops = shopCount(rec.orderNo);
    if (shops === 0) unmatched.push(rec.orderNo);
    else if (shops > 1) {
      ctx.issues.warn(
        rec.firstRow,
        'order_no_in_several_shops',
        { orderNo: rec.orderNo, shops },
        columnName(ctx, 'orderNo'),
        rec.orderNo,
      );
    }
    const before = existing.get(rec.orderNo);
    if (!before) {
      const packed = packedOf(rec.status);
      added.push({
        orderNo: rec.orderNo,
        poNo: rec.poNo,
        status: rec.status,
        packed,
        wasPacked: false,
        packedAt: null,
      });
      continue;
    }
    const poNo = rec.poNo ?? before.poNo;
    const status = rec.status ?? before.status;
    if (poNo === before.poNo && status === before.status) {
      unchanged.push(rec.orderNo);
      continue;
    }
    updated.push({
      orderNo: rec.orderNo,
      poNo,
      status,
      packed: packedOf(status),
      wasPacked: before.packedAt !== null,
      packedAt: before.packedAt,
    });
  }
  return { added, updated, unchanged, unmatched };
}

/** Upserts the changes; the orders of every number whose packed state flipped get closed_at again. */
async function writeSales(db: RawSql, w: WriteContext, changes: Change[], unmatched: string[]): Promise<void> {
  await insertMany(
    db,
    'sales_status',
    ['order_no', 'po_no', 'status', 'packed_at'],
    changes.map((c) => [c.orderNo, c.poNo, c.status, c.packed ? (c.packedAt ?? w.now) : null]),
    {
      constants: { created_at: w.now, updated_at: w.now, import_id: w.importId },
      suffix:
        'ON CONFLICT (order_no) DO UPDATE SET po_no = excluded.po_no, status = excluded.status, packed_at = excluded.packed_at, updated_at = excluded.updated_at, import_id = excluded.import_id',
      afterBatch: (n) => w.afterBatch('sales_status', n),
    },
  );
  const orphan = new Set(unmatched);
  const nowPacked: string[] = [];
  const noLongerPacked: string[] = [];
  for (const c of changes) {
    if (c.packed === c.wasPacked || orphan.has(c.orderNo)) continue;
    (c.packed ? nowPacked : noLongerPacked).push(c.orderNo);
  }
  if (nowPacked.length > 0) await closeOrdersOfPackedNos(w.tx, nowPacked, w.now);
  if (noLongerPacked.length > 0) await refreshClosedAtByOrderNos(w.tx, noLongerPacked, w.now);
}

export const salesHandler: KindHandler<ParsedSales> = {
  *parse(ctx) {
    const { table, columnMap, issues } = ctx;
    const col = (f: 'orderNo' | 'poNo' | 'status') => columnName(ctx, f);
    const records = new Map<string, SalesDraft>();
    const rejectedIds = new Set<string>();
    let rowsWithoutId = 0;
    let n = 0;
    // A status text repeats on most rows: its cleaning rule is remembered.
    const cleanStatus = rememberedFreeText();
    for (const row of table.rows) {
      if (++n % ROWS_PER_STEP === 0) yield ROWS_PER_STEP;
      const idCell = cellAt(row, columnMap.orderNo);
      const id = normalizeIdentifier(idCell, 'order_id');
      if (!id.ok) identifierError(issues, row.rowNo, id, 'missing_order_id', col('orderNo'), idCell, 128);
      else if (id.warning)
        issues.warn(row.rowNo, id.warning, { from: cellToText(idCell) ?? '', to: id.value }, col('orderNo'));

      let rowOk = rowInRange(issues, row) && id.ok;
      let poNo: string | null = null;
      if (columnMap.poNo !== undefined) {
        const poCell = cellAt(row, columnMap.poNo);
        const po = normalizeIdentifier(poCell, 'po');
        if (po.ok) {
          poNo = po.value;
          if (po.warning)
            issues.warn(row.rowNo, po.warning, { from: cellToText(poCell) ?? '', to: po.value }, col('poNo'));
        } else if (po.code !== 'missing') {
          rowOk = false;
          identifierError(issues, row.rowNo, po, 'missing_order_id', col('poNo'), poCell, 128);
        }
      }
      const status = textField(issues, row.rowNo, col('status'), cellAt(row, columnMap.status), cleanStatus);
      if (!status.ok) rowOk = false;

      if (!id.ok) {
        rowsWithoutId++;
        continue;
      }
      if (!rowOk) {
        rejectedIds.add(id.value);
        continue;
      }
      const seen = records.get(id.value);
      if (seen) {
        issues.warn(row.rowNo, 'duplicate_in_file', {}, col('orderNo'), id.value);
        if (poNo !== null) seen.poNo = poNo;
        if (status.value !== null) seen.status = status.value;
      } else {
        records.set(id.value, { orderNo: id.value, poNo, status: status.value, firstRow: row.rowNo });
      }
    }
    for (const id of rejectedIds) records.delete(id);
    return { records, rejectedIds, rowsWithoutId };
  },

  async plan(db, parsed, ctx): Promise<Plan> {
    const numbers = [...parsed.records.keys()];
    const existing = await currentStatus(db, numbers);
    const shopCount = await shopCountsOfNumbers(db, numbers);
    const { added, updated, unchanged, unmatched } = sortRecords(parsed, existing, shopCount, ctx);
    return {
      counts: {
        added: added.length,
        updated: updated.length,
        unchanged: unchanged.length,
        unmatched: unmatched.length,
        rejected: parsed.rowsWithoutId + parsed.rejectedIds.size,
      },
      validUnits: parsed.records.size,
      rejectedKeys: [...parsed.rejectedIds],
      keys: { added: added.map((c) => c.orderNo), updated: updated.map((c) => c.orderNo), unmatched },
      write: (db, w) => writeSales(db, w, [...added, ...updated], unmatched),
    };
  },
};

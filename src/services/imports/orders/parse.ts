// Reading the orders file (docs/domain/imports.md#orders): each row's cells through their rules,
// then the rows grouped into orders by (shop, order id) and into lines by SKU.
import { cellToText, type Cell } from '../../../domain/imports/cell';
import {
  type DateColumnReader,
  type DateValue,
  isDateInvalid,
  readDateColumn,
  readDateColumnDayFirst,
} from '../../../domain/imports/dates';
import type { Field } from '../../../domain/imports/headers';
import { type IdentifierResult, normalizeIdentifier } from '../../../domain/imports/identifiers';
import { parseOrderQty } from '../../../domain/imports/quantity';
import { shopNameKey } from '../../../domain/imports/shops';
import { cellAt, type TableRow } from '../../../domain/imports/table';
import { checkPlatformSignature, platformLabel } from '../../../domain/platform';
import type { Steps } from '../../../lib/steps';
import type { CleanText } from '../../../domain/imports/text';
import { memoByText } from '../../../lib/memo';
import { identifierError, rememberedFreeText, rememberedShopName, rowInRange, shopField, textField } from '../fields';
import { columnName, type ParseContext, ROWS_PER_STEP, type RowConsumer } from '../types';
import { groupKey, type OrderDraft, type ParsedOrders } from './drafts';

/** What reading a row needs besides the row: the context, column names, the date column. */
interface Reader {
  ctx: ParseContext;
  col: (field: Field) => string | null;
  /** The order-time column, its order decided (null without the column). */
  dates: DateColumnReader | null;
  /** The pure cell rules, remembered per text: a file repeats its shops, carriers and SKUs. */
  cleanShop: (raw: string | null) => CleanText;
  cleanFreeText: (raw: string | null) => CleanText;
  skuOf: (text: string) => IdentifierResult;
  shopKeyOf: (name: string) => string;
}

/** One row's values; `ok` is false when any cell was refused (its row error is recorded). */
interface RowRead {
  rowNo: number;
  ok: boolean;
  /** null: no usable order id (the row is rejected on its own). */
  orderNo: string | null;
  sku: string | null;
  qty: number | null;
  shopName: string | null;
  time: DateValue | null;
  itemName: string | null;
  logistics: string | null;
}

/** An identifier cell (order id or SKU): its normalisation warning, or its row error. */
function readIdentifier(
  r: Reader,
  row: TableRow,
  field: 'orderNo' | 'sku',
  missingCode: 'missing_order_id' | 'missing_sku',
  max: number,
) {
  const { issues, columnMap } = r.ctx;
  const cell = cellAt(row, columnMap[field]);
  const id =
    field === 'sku' && typeof cell === 'string'
      ? r.skuOf(cell)
      : normalizeIdentifier(cell, field === 'orderNo' ? 'order_id' : 'sku');
  if (!id.ok) identifierError(issues, row.rowNo, id, missingCode, r.col(field), cell, max);
  else if (id.warning) issues.warn(row.rowNo, id.warning, { from: cellToText(cell) ?? '', to: id.value }, r.col(field));
  return id;
}

/** The row's shop column, else the shop chosen on the form; a row error when neither gives one. */
function readShop(r: Reader, row: TableRow): { ok: boolean; name: string | null } {
  const { issues, columnMap } = r.ctx;
  let name: string | null = null;
  let ok = true;
  if (columnMap.shop !== undefined) {
    const cleaned = shopField(issues, row.rowNo, r.col('shop'), cellAt(row, columnMap.shop), r.cleanShop);
    ok = cleaned.ok;
    name = cleaned.value;
  }
  name ??= ok ? r.ctx.shop : null;
  if (!ok) return { ok, name };
  if (name === null) {
    issues.error(row.rowNo, 'missing_shop', r.col('shop'), cellToText(cellAt(row, columnMap.shop)));
    return { ok: false, name };
  }
  return { ok, name };
}

/** Every cell of a row, in the order its issues are reported. */
function readRow(r: Reader, row: TableRow): RowRead {
  const { issues, columnMap } = r.ctx;
  const rowNo = row.rowNo;
  const inRange = rowInRange(issues, row);
  const order = readIdentifier(r, row, 'orderNo', 'missing_order_id', 128);
  const sku = readIdentifier(r, row, 'sku', 'missing_sku', 64);
  const shop = readShop(r, row);
  const qtyCell = cellAt(row, columnMap.qty);
  const qty = parseOrderQty(qtyCell);
  if (!qty.ok) issues.error(rowNo, 'qty_invalid', r.col('qty'), cellToText(qtyCell));
  // Each cell is read with its row (in the steps), not the whole column at once.
  const time: DateValue = r.dates === null ? null : r.dates.value(cellAt(row, columnMap.orderTime));
  const timeOk = time === null || !isDateInvalid(time);
  if (!timeOk)
    issues.error(rowNo, 'date_invalid', r.col('orderTime'), cellToText(cellAt(row, columnMap.orderTime) as Cell));
  const itemName = textField(issues, rowNo, r.col('itemName'), cellAt(row, columnMap.itemName), r.cleanFreeText);
  const logistics = textField(issues, rowNo, r.col('logistics'), cellAt(row, columnMap.logistics), r.cleanFreeText);
  return {
    rowNo,
    ok: inRange && order.ok && sku.ok && shop.ok && qty.ok && timeOk && itemName.ok && logistics.ok,
    orderNo: order.ok ? order.value : null,
    sku: sku.ok ? sku.value : null,
    qty: qty.ok ? qty.value : null,
    shopName: shop.name,
    time,
    itemName: itemName.value,
    logistics: logistics.value,
  };
}

/** Adds a row with an order id to its order's draft (an invalid row makes the whole order invalid). */
function addToOrder(r: Reader, orders: Map<string, OrderDraft>, row: RowRead & { orderNo: string }): void {
  const shopKey = row.shopName === null ? null : r.shopKeyOf(row.shopName);
  const key = groupKey(shopKey, row.orderNo);
  let draft = orders.get(key);
  if (!draft) {
    draft = {
      shopName: row.shopName,
      shopKey,
      orderNo: row.orderNo,
      invalid: false,
      firstRow: row.rowNo,
      lines: new Map(),
      orderTime: null,
      logistics: null,
    };
    orders.set(key, draft);
  }
  if (!row.ok) {
    draft.invalid = true;
    return;
  }
  const sku = row.sku!;
  const qty = row.qty!;
  // Order-level values: the first non-blank among the order's rows (docs/domain/imports.md#grouping-and-merging).
  if (draft.orderTime === null && typeof row.time === 'number') draft.orderTime = row.time;
  if (draft.logistics === null && row.logistics !== null) draft.logistics = row.logistics;
  const line = draft.lines.get(sku);
  if (line) {
    line.qty += qty;
    if (line.itemName === null) line.itemName = row.itemName;
    if (r.ctx.columnMap.qty !== undefined) r.ctx.issues.warn(row.rowNo, 'line_merged', {}, r.col('sku'), sku);
  } else {
    draft.lines.set(sku, { sku, qty, itemName: row.itemName, firstRow: row.rowNo });
  }
}

/** The file's platform signature against the platform chosen: a file-level warning when they differ. */
function warnPlatform(ctx: ParseContext): void {
  const platform = ctx.platform!;
  const signature = checkPlatformSignature(platform, ctx.table.header);
  if (signature.mismatch) {
    ctx.issues.warn(null, 'platform_mismatch', {
      detected: platformLabel(signature.detected!),
      chosen: platformLabel(platform),
    });
  }
}

/** Reads rows one by one into orders (the rows in file order); `result` once they all were. */
function ordersReader(ctx: ParseContext, dates: DateColumnReader | null) {
  const reader: Reader = {
    ctx,
    col: (f: Field) => columnName(ctx, f),
    dates,
    cleanShop: rememberedShopName(),
    cleanFreeText: rememberedFreeText(),
    skuOf: memoByText((text) => normalizeIdentifier(text, 'sku')),
    shopKeyOf: memoByText(shopNameKey),
  };
  const orders = new Map<string, OrderDraft>();
  let idlessRejected = 0;
  return {
    row(tableRow: TableRow): void {
      const row = readRow(reader, tableRow);
      if (row.orderNo === null) idlessRejected++;
      // Narrowed, not copied: a copy per row was garbage for the collector at 100,000 rows.
      else addToOrder(reader, orders, row as RowRead & { orderNo: string });
    },
    result: (): ParsedOrders => ({ platform: ctx.platform!, orders, idlessRejected }),
  };
}

/** The table's rows, the date column's order decided from all of them first. */
export function* parseOrders(ctx: ParseContext): Steps<ParsedOrders> {
  const { table, columnMap, issues } = ctx;
  warnPlatform(ctx);
  let dates: DateColumnReader | null = null;
  if (columnMap.orderTime !== undefined) {
    dates = readDateColumn(table.rows.map((r) => cellAt(r, columnMap.orderTime)));
    const column = columnName(ctx, 'orderTime');
    if (dates.order === 'month-first') issues.warn(null, 'date_month_first', { column: column ?? '' }, column);
  }
  const reader = ordersReader(ctx, dates);
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    if ((i + 1) % ROWS_PER_STEP === 0) yield ROWS_PER_STEP;
    reader.row(rows[i]);
  }
  return reader.result();
}

/**
 * The rows checked as they are read (docs/domain/imports.md#performance): the order times read
 * day-first while the column's order is not known. When the column turns out month-first
 * (`finish` gives null), the file is read again the table way, its order decided first.
 */
export function streamOrders(ctx: ParseContext): RowConsumer<ParsedOrders> {
  warnPlatform(ctx);
  const dates = ctx.columnMap.orderTime === undefined ? null : readDateColumnDayFirst();
  const reader = ordersReader(ctx, dates);
  return {
    row: reader.row,
    finish: () => (dates?.order === 'month-first' ? null : reader.result()),
  };
}

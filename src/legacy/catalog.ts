// Legacy products, stocks and sales (SBS status) -> products, stock, sales_status. Their keys
// (SKU, order number) go through the identifier normaliser; rows that then share a key are
// merged as the legacy importers would have kept them, and every merge is reported.
import type { products, salesStatus, stock } from '../db/schema';
import { isPackedStatus } from '../domain/allocation/sales';
import type { LegacyProduct, LegacySale, LegacyStock } from './read';
import type { ConversionReport } from './report';
import { legacyInstant } from './timestamps';
import { legacyIdentifier, legacyInt, legacyText } from './values';

export type ProductRow = typeof products.$inferInsert;
export type StockRow = typeof stock.$inferInsert;
export type SalesRow = typeof salesStatus.$inferInsert;

function groupByKey<T extends { id: number }>(
  rows: T[],
  table: 'products' | 'stocks' | 'sales',
  column: string,
  raw: (row: T) => unknown,
  kind: 'sku' | 'order_id',
  report: ConversionReport,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const id = legacyIdentifier(raw(row), kind);
    if (!id.ok) {
      report.droppedRows.add({ table, legacyId: row.id, value: raw(row) == null ? null : String(raw(row)) });
      continue;
    }
    if (id.inexact) report.inexactIdentifiers.add({ table, column, value: id.value });
    const group = groups.get(id.value);
    if (group) group.push(row);
    else groups.set(id.value, [row]);
  }
  for (const [key, group] of groups) {
    if (group.length > 1) {
      report.rowMerges.add({
        table,
        key,
        legacyIds: group.map((r) => r.id),
        legacyValues: group.map((r) => String(raw(r))),
      });
    }
  }
  return groups;
}

/** Products: the product import upserted, so the latest row wins field by field (blank never erases). */
export function mapProducts(legacy: LegacyProduct[], now: number, report: ConversionReport): ProductRow[] {
  const out: ProductRow[] = [];
  for (const [sku, group] of groupByKey(legacy, 'products', 'sku', (r) => r.sku, 'sku', report)) {
    let brand: string | null = null;
    let name: string | null = null;
    let createdAt = Infinity;
    let updatedAt = -Infinity;
    for (const p of group) {
      brand = legacyText(p.brand) ?? brand;
      name = legacyText(p.model) ?? name;
      const at = legacyInstant(p.created_at, 'bangkok') ?? now;
      createdAt = Math.min(createdAt, at);
      updatedAt = Math.max(updatedAt, at);
    }
    out.push({ sku, brand, name, createdAt, updatedAt });
  }
  return out;
}

/**
 * Stock: one row per SKU, never negative (docs/domain/data-model.md#legacy-migration-map). Rows of
 * one SKU after normalising (`123` and `123.0`) are summed, as the full sync sums a SKU's rows; a
 * negative total is clamped to 0.
 */
export function mapStock(legacy: LegacyStock[], now: number, report: ConversionReport): StockRow[] {
  const out: StockRow[] = [];
  for (const [sku, group] of groupByKey(legacy, 'stocks', 'sku', (r) => r.sku, 'sku', report)) {
    let qty = 0;
    let updatedAt = -Infinity;
    for (const s of group) {
      qty += legacyInt(s.qty) ?? 0;
      updatedAt = Math.max(updatedAt, legacyInstant(s.updated_at, 'bangkok') ?? now);
    }
    if (qty < 0) {
      report.stockClamps.add({ sku, legacyQty: qty });
      qty = 0;
    }
    out.push({ sku, qty, updatedAt });
  }
  return out;
}

/**
 * SBS status by order number. The sales import upserted and a blank cell never erased a value,
 * so merged rows take the latest non-blank PO and status. `packed_at` (first time the packed
 * predicate held) is unknown to the legacy: it takes the SBS row's `created_at`, the earliest
 * time the status can have been seen. The adoption time would put every historical packed order
 * in today's "packed" card.
 */
export function mapSales(legacy: LegacySale[], now: number, report: ConversionReport): SalesRow[] {
  const out: SalesRow[] = [];
  for (const [orderNo, group] of groupByKey(legacy, 'sales', 'order_id', (r) => r.order_id, 'order_id', report)) {
    let poNo: string | null = null;
    let status: string | null = null;
    let createdAt = Infinity;
    for (const s of group) {
      const po = legacyIdentifier(s.po_no, 'po');
      if (po.ok) poNo = po.value;
      status = legacyText(s.status) ?? status;
      createdAt = Math.min(createdAt, legacyInstant(s.created_at, 'bangkok') ?? now);
    }
    out.push({
      orderNo,
      poNo,
      status,
      packedAt: isPackedStatus(status) ? createdAt : null,
      createdAt,
      updatedAt: createdAt,
    });
  }
  return out;
}

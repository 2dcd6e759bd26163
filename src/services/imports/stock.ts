// Stock import (docs/domain/imports.md#stock): SabuySoft totals per SKU (rows of one SKU summed).
// Full sync sets every SKU absent from the file to 0, guarded against files that are not a
// complete export; partial mode touches only the SKUs in the file. A SKU with an invalid row is
// left as it is.
import { cellToText } from '../../domain/imports/cell';
import { normalizeIdentifier } from '../../domain/imports/identifiers';
import { parseStockQty } from '../../domain/imports/quantity';
import { cellAt } from '../../domain/imports/table';
import { identifierError, rowInRange } from './fields';
import { insertMany, num, type RawSql, selectIn, str, updateIn } from './sql';
import { columnName, ROWS_PER_STEP, type KindHandler, type Plan } from './types';

export interface ParsedStock {
  totals: Map<string, number>;
  /** SKUs with at least one invalid row: rejected whole, never written or zeroed. */
  rejectedSkus: Set<string>;
  rowsWithoutSku: number;
}

/**
 * The zeroing guard (docs/domain/imports.md#wrong-file-and-the-zeroing-guard): confirmation when
 * nothing is valid, or when >= 5 and > 50 % of the stocked SKUs would drop to 0.
 */
export function zeroingNeedsConfirmation(validSkus: number, zeroed: number, skusWithStock: number): boolean {
  return validSkus === 0 || (zeroed >= 5 && zeroed * 2 > skusWithStock);
}

/** A full sync zeroes every SKU with stock that the file does not list (a rejected SKU is left alone). */
async function zeroedByFullSync(db: RawSql, parsed: ParsedStock): Promise<{ zeroed: string[]; skusWithStock: number }> {
  // One JSON text rather than a client row object per SKU (src/services/imports/sql.ts).
  const rs = await db.execute('SELECT json_group_array(sku) AS skus FROM stock WHERE qty > 0');
  const stocked = (JSON.parse(String(rs.rows[0]?.skus ?? '[]')) as unknown[]).map((sku) => String(sku));
  return {
    zeroed: stocked.filter((sku) => !parsed.totals.has(sku) && !parsed.rejectedSkus.has(sku)),
    skusWithStock: stocked.length,
  };
}

export const stockHandler: KindHandler<ParsedStock> = {
  *parse(ctx) {
    const { table, columnMap, issues } = ctx;
    const totals = new Map<string, number>();
    const rejectedSkus = new Set<string>();
    let rowsWithoutSku = 0;
    let n = 0;
    for (const row of table.rows) {
      if (++n % ROWS_PER_STEP === 0) yield ROWS_PER_STEP;
      const inRange = rowInRange(issues, row);
      const skuCell = cellAt(row, columnMap.sku);
      const sku = normalizeIdentifier(skuCell, 'sku');
      const qtyCell = cellAt(row, columnMap.qty);
      const qty = parseStockQty(qtyCell);
      if (!sku.ok) identifierError(issues, row.rowNo, sku, 'missing_sku', columnName(ctx, 'sku'), skuCell, 64);
      else if (sku.warning)
        issues.warn(row.rowNo, sku.warning, { from: cellToText(skuCell) ?? '', to: sku.value }, columnName(ctx, 'sku'));
      if (!qty.ok) issues.error(row.rowNo, 'qty_invalid', columnName(ctx, 'qty'), cellToText(qtyCell));
      else if (qty.warning) issues.warn(row.rowNo, qty.warning, {}, columnName(ctx, 'qty'));
      if (!sku.ok) {
        rowsWithoutSku++;
        continue;
      }
      if (!qty.ok || !inRange) {
        rejectedSkus.add(sku.value);
        continue;
      }
      const before = totals.get(sku.value);
      if (before === undefined) totals.set(sku.value, qty.value);
      else {
        totals.set(sku.value, before + qty.value);
        issues.warn(row.rowNo, 'stock_sku_summed', { sku: sku.value }, columnName(ctx, 'sku'), sku.value);
      }
    }
    for (const sku of rejectedSkus) totals.delete(sku);
    return { totals, rejectedSkus, rowsWithoutSku };
  },

  async plan(db, parsed, ctx): Promise<Plan> {
    const full = ctx.options.mode === 'full';
    const existing = new Map<string, number>();
    for (const r of await selectIn(db, 'stock', ['sku', 'qty'], 'sku', [...parsed.totals.keys()]))
      existing.set(str(r.sku), num(r.qty));

    const added: string[] = [];
    const updated: string[] = [];
    let unchanged = 0;
    for (const [sku, qty] of parsed.totals) {
      const before = existing.get(sku);
      if (before === undefined) added.push(sku);
      else if (before !== qty) updated.push(sku);
      else unchanged++;
    }

    const { zeroed, skusWithStock } = full ? await zeroedByFullSync(db, parsed) : { zeroed: [], skusWithStock: 0 };
    const guard = full
      ? {
          required: zeroingNeedsConfirmation(parsed.totals.size, zeroed.length, skusWithStock),
          zeroed: zeroed.length,
          skusWithStock,
        }
      : undefined;

    return {
      counts: {
        added: added.length,
        updated: updated.length,
        unchanged,
        zeroed: zeroed.length,
        rejected: parsed.rowsWithoutSku + parsed.rejectedSkus.size,
      },
      validUnits: parsed.totals.size,
      rejectedKeys: [...parsed.rejectedSkus],
      keys: { added, updated, zeroed },
      zeroGuard: guard,
      async write(db, w) {
        await insertMany(
          db,
          'stock',
          ['sku', 'qty'],
          [...added, ...updated].map((sku) => [sku, parsed.totals.get(sku)!]),
          {
            constants: { updated_at: w.now, import_id: w.importId },
            suffix:
              'ON CONFLICT (sku) DO UPDATE SET qty = excluded.qty, updated_at = excluded.updated_at, import_id = excluded.import_id',
            afterBatch: (n) => w.afterBatch('stock', n),
          },
        );
        await updateIn(
          db,
          'stock',
          { sql: 'qty = 0, updated_at = ?, import_id = ?', args: [w.now, w.importId] },
          'sku',
          zeroed,
          'qty > 0',
        );
      },
    };
  },
};

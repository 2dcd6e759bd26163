// Products import (docs/domain/imports.md#products): upsert per SKU; a blank cell or an absent
// column never overwrites a stored value; repeats merge (later non-blank wins). Counts are per
// SKU.
import { cellToText } from '../../domain/imports/cell';
import { normalizeIdentifier } from '../../domain/imports/identifiers';
import { cellAt } from '../../domain/imports/table';
import { identifierError, rememberedFreeText, rowInRange, textField } from './fields';
import { insertMany, selectIn, str, strOrNull } from './sql';
import { columnName, ROWS_PER_STEP, type KindHandler, type Plan } from './types';

interface ProductDraft {
  sku: string;
  brand: string | null;
  model: string | null;
}

export interface ParsedProducts {
  products: Map<string, ProductDraft>;
  rejectedRows: number;
}

export const productsHandler: KindHandler<ParsedProducts> = {
  *parse(ctx) {
    const { table, columnMap, issues } = ctx;
    const col = (f: 'sku' | 'brand' | 'model') => columnName(ctx, f);
    const products = new Map<string, ProductDraft>();
    let rejectedRows = 0;
    let n = 0;
    // Brands repeat on most rows: their cleaning rule is remembered. A product master has one row
    // per SKU, so its names hardly repeat: remembering each (a map entry per row) cost more than
    // cleaning it, in a fresh process 9 % of the first products import's main thread
    // (docs/domain/imports.md#performance).
    const cleanBrand = rememberedFreeText();
    for (const row of table.rows) {
      if (++n % ROWS_PER_STEP === 0) yield ROWS_PER_STEP;
      let ok = rowInRange(issues, row);
      const skuCell = cellAt(row, columnMap.sku);
      const sku = normalizeIdentifier(skuCell, 'sku');
      const text = (field: 'brand' | 'model') => {
        const clean = field === 'brand' ? cleanBrand : undefined;
        const r = textField(issues, row.rowNo, col(field), cellAt(row, columnMap[field]), clean);
        if (!r.ok) ok = false;
        return r.value;
      };
      const brand = text('brand');
      const model = text('model');
      if (!sku.ok) identifierError(issues, row.rowNo, sku, 'missing_sku', col('sku'), skuCell, 64);
      // A row with an error contributes nothing; other rows of its SKU still count.
      if (!sku.ok || !ok) {
        rejectedRows++;
        continue;
      }
      if (sku.warning)
        issues.warn(row.rowNo, sku.warning, { from: cellToText(skuCell) ?? '', to: sku.value }, col('sku'));
      const seen = products.get(sku.value);
      if (seen) {
        issues.warn(row.rowNo, 'duplicate_in_file', {}, col('sku'), sku.value);
        if (brand !== null) seen.brand = brand;
        if (model !== null) seen.model = model;
      } else {
        products.set(sku.value, { sku: sku.value, brand, model });
      }
    }
    return { products, rejectedRows };
  },

  async plan(db, parsed): Promise<Plan> {
    const skus = [...parsed.products.keys()];
    const existing = new Map<string, { brand: string | null; name: string | null }>();
    for (const r of await selectIn(db, 'products', ['sku', 'brand', 'name'], 'sku', skus)) {
      existing.set(str(r.sku), { brand: strOrNull(r.brand), name: strOrNull(r.name) });
    }
    const added: ProductDraft[] = [];
    const updated: ProductDraft[] = [];
    const unchanged: string[] = [];
    for (const p of parsed.products.values()) {
      const before = existing.get(p.sku);
      if (!before) added.push(p);
      else if ((p.brand !== null && p.brand !== before.brand) || (p.model !== null && p.model !== before.name))
        updated.push(p);
      else unchanged.push(p.sku);
    }
    return {
      counts: {
        added: added.length,
        updated: updated.length,
        unchanged: unchanged.length,
        rejected: parsed.rejectedRows,
      },
      validUnits: parsed.products.size,
      rejectedKeys: [],
      keys: { added: added.map((p) => p.sku), updated: updated.map((p) => p.sku) },
      async write(db, w) {
        await insertMany(
          db,
          'products',
          ['sku', 'brand', 'name'],
          [...added, ...updated].map((p) => [p.sku, p.brand, p.model]),
          {
            constants: { import_id: w.importId, created_at: w.now, updated_at: w.now },
            // Blank never overwrites: NULL in the incoming row keeps the stored value.
            suffix:
              'ON CONFLICT (sku) DO UPDATE SET brand = coalesce(excluded.brand, products.brand), name = coalesce(excluded.name, products.name), import_id = excluded.import_id, updated_at = excluded.updated_at',
            afterBatch: (n) => w.afterBatch('products', n),
          },
        );
      },
    };
  },
};

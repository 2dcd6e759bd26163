// Helpers for import tests over HTTP: upload a file (multipart), snapshot the business tables.
import type { ApiClient, As } from './api-client';
import type { Target } from './targets';
import { sample } from './samples';

export interface UploadOptions {
  platform?: string;
  shop?: string;
  columns?: Record<string, string>;
  query?: Record<string, string>;
  as?: As;
  bytes?: Uint8Array;
}

export function importFile(api: ApiClient, kind: string, fileName: string, opts: UploadOptions = {}) {
  const form = new FormData();
  const bytes = opts.bytes ?? sample(fileName);
  form.append('file', new Blob([bytes as BlobPart]), fileName);
  if (opts.platform) form.append('platform', opts.platform);
  if (opts.shop) form.append('shop', opts.shop);
  if (opts.columns) form.append('columns', JSON.stringify(opts.columns));
  const qs = opts.query ? `?${new URLSearchParams(opts.query)}` : '';
  return api.raw('POST', `/api/imports/${kind}${qs}`, form, opts.as ?? 'staff');
}

/** Every row of the tables an import may change (not the log, the audit or sessions). */
export const DATA_TABLES: Record<string, string> = {
  shops: 'SELECT platform, name, name_key, sheet_url FROM shops ORDER BY id',
  products: 'SELECT sku, brand, name, updated_at FROM products ORDER BY sku',
  stock: 'SELECT sku, qty, updated_at FROM stock ORDER BY sku',
  sales_status: 'SELECT order_no, po_no, status, packed_at, updated_at FROM sales_status ORDER BY order_no',
  orders:
    'SELECT id, platform, shop_id, order_no, order_time, logistic_type, import_date, closed_at FROM orders ORDER BY id',
  order_lines: 'SELECT id, order_id, sku, qty, item_name, picking_count FROM order_lines ORDER BY id',
  order_markers: 'SELECT order_id, kind, note, source, created_at FROM order_markers ORDER BY order_id, kind',
  pending_cancellations: 'SELECT order_no, platform, note FROM pending_cancellations ORDER BY order_no, platform',
  settings: "SELECT key, value FROM settings WHERE key LIKE 'sheet_url.%' ORDER BY key",
};

export async function snapshot(target: Target): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(DATA_TABLES)) {
    const rs = await target.sql.execute(sql);
    out[table] = rs.rows.map((r) => ({ ...r }));
  }
  return out;
}

/** Row counts of every table, for "nothing but the log row was written". */
export async function tableCounts(target: Target): Promise<Record<string, number>> {
  const tables = await target.sql.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name",
  );
  const out: Record<string, number> = {};
  for (const r of tables.rows) {
    const name = String(r.name);
    const rs = await target.sql.execute(`SELECT count(*) AS n FROM "${name}"`);
    out[name] = Number(rs.rows[0].n);
  }
  return out;
}

export const codes = (list: { row: number | null; code: string }[]) => list.map((e) => [e.row, e.code]);

// Reads a legacy database's rows (docs/domain/data-model.md#legacy-database) through any raw query
// function: the adoption transaction (tables already renamed `legacy_<name>`) or a separate client
// on a legacy file (`npm run legacy:import`). Columns the legacy added at run time may be missing
// in older files, and some tables were created lazily: whatever is absent reads as NULL / no rows.

export type LegacyQuery = (sql: string) => Promise<Record<string, unknown>[]>;

export type Raw = unknown;

export interface LegacyUser {
  id: number;
  username: Raw;
  password_hash: Raw;
  role: Raw;
  active: Raw;
  created_at: Raw;
}

export interface LegacyShop {
  id: number;
  platform: Raw;
  name: Raw;
  created_at: Raw;
  google_sheet_url: Raw;
}

export interface LegacyProduct {
  id: number;
  sku: Raw;
  brand: Raw;
  model: Raw;
  created_at: Raw;
}

export interface LegacyStock {
  id: number;
  sku: Raw;
  qty: Raw;
  updated_at: Raw;
}

export interface LegacySale {
  id: number;
  order_id: Raw;
  po_no: Raw;
  status: Raw;
  created_at: Raw;
}

export const LINE_COLUMNS = [
  'id',
  'platform',
  'shop_id',
  'order_id',
  'sku',
  'qty',
  'item_name',
  'order_time',
  'logistic_type',
  'imported_at',
  'import_date',
  'accepted',
  'accepted_at',
  'accepted_by_user_id',
  'accepted_by_username',
  'dispatch_round',
  'printed_warehouse',
  'printed_warehouse_at',
  'printed_warehouse_by',
  'printed_picking',
  'printed_picking_at',
  'printed_picking_by',
  'printed_lowstock',
  'printed_lowstock_at',
  'printed_lowstock_by',
  'lowstock_round',
  'printed_nostock',
  'printed_nostock_at',
  'printed_nostock_by',
  'nostock_round',
  'printed_notenough',
  'printed_notenough_at',
  'printed_notenough_by',
  'notenough_round',
  'scanned_at',
  'scanned_by',
  'allocation_status',
] as const;

export type LegacyLine = { id: number } & Record<Exclude<(typeof LINE_COLUMNS)[number], 'id'>, Raw>;

export interface LegacyCancelled {
  id: number;
  order_id: Raw;
  imported_at: Raw;
  imported_by_user_id: Raw;
  note: Raw;
}

export interface LegacyIssued {
  id: number;
  order_id: Raw;
  issued_at: Raw;
  issued_by_user_id: Raw;
  source: Raw;
  note: Raw;
}

export interface LegacyDeleted {
  id: number;
  order_id: Raw;
  deleted_at: Raw;
  deleted_by_user_id: Raw;
  note: Raw;
}

export interface LegacyPrintHistory {
  id: number;
  sku: Raw;
  platform: Raw;
  shop_id: Raw;
  logistic: Raw;
  print_count: Raw;
  printed_at: Raw;
  printed_by: Raw;
}

export interface LegacyImportLog {
  id: number;
  import_date: Raw;
  platform: Raw;
  shop_name: Raw;
  filename: Raw;
  added_count: Raw;
  duplicates_count: Raw;
  duplicates_same_day: Raw;
  failed_count: Raw;
  error_details: Raw;
  batch_data: Raw;
  created_at: Raw;
}

export interface LegacyData {
  /** Row count of every table of the legacy file, by its legacy name. */
  tableCounts: Record<string, number>;
  users: LegacyUser[];
  shops: LegacyShop[];
  products: LegacyProduct[];
  stocks: LegacyStock[];
  sales: LegacySale[];
  lines: LegacyLine[];
  cancelled: LegacyCancelled[];
  issued: LegacyIssued[];
  deleted: LegacyDeleted[];
  printHistory: LegacyPrintHistory[];
  importLogs: LegacyImportLog[];
}

const PAGE_ROWS = 5000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Names of the tables of the legacy file (without the prefix), internal SQLite tables excluded. */
export async function legacyTableNames(query: LegacyQuery, prefix = ''): Promise<string[]> {
  const rows = await query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
  );
  return rows
    .map((r) => String(r.name))
    .filter((n) => n.startsWith(prefix))
    .map((n) => n.slice(prefix.length));
}

export async function readLegacyData(query: LegacyQuery, prefix = ''): Promise<LegacyData> {
  const names = await legacyTableNames(query, prefix);
  const present = new Set(names);
  const tableCounts: Record<string, number> = {};
  for (const name of names) {
    const [row] = await query(`SELECT count(*) AS n FROM ${quote(prefix + name)}`);
    tableCounts[name] = Number(row?.n ?? 0);
  }

  // Read in pages by id, each page as ONE JSON value built by SQLite: the client materialises a
  // 37-column row object in ~50 us, which is 10 s for a year of order lines (~200,000); one JSON
  // text per 5,000 rows is parsed in a fraction of that. Paging also bounds the transient memory.
  async function read<T extends { id: number }>(table: string, columns: readonly string[]): Promise<T[]> {
    if (!present.has(table)) return [];
    const info = await query(`PRAGMA table_info(${quote(prefix + table)})`);
    const existing = new Set(info.map((c) => String(c.name)));
    const select = columns.map((c) => (existing.has(c) ? quote(c) : `NULL AS ${quote(c)}`)).join(', ');
    // JSON cannot hold a BLOB; no legacy column is one, but a stray value must not stop a read.
    const values = columns
      .map((c) => `CASE WHEN typeof(${quote(c)}) = 'blob' THEN hex(${quote(c)}) ELSE ${quote(c)} END`)
      .join(', ');
    const out: T[] = [];
    let where = '';
    for (;;) {
      const [page] = await query(
        `SELECT json_group_array(json_array(${values})) AS "rows", count(*) AS "n", max("id") AS "last" ` +
          `FROM (SELECT ${select} FROM ${quote(prefix + table)} ${where} ORDER BY "id" LIMIT ${PAGE_ROWS})`,
      );
      const rows = JSON.parse(String(page?.rows ?? '[]')) as unknown[][];
      for (const values of rows) out.push(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as T);
      if (rows.length < PAGE_ROWS) return out;
      where = `WHERE "id" > ${Number(page.last)}`;
    }
  }

  return {
    tableCounts,
    users: await read('users', ['id', 'username', 'password_hash', 'role', 'active', 'created_at']),
    shops: await read('shops', ['id', 'platform', 'name', 'created_at', 'google_sheet_url']),
    products: await read('products', ['id', 'sku', 'brand', 'model', 'created_at']),
    stocks: await read('stocks', ['id', 'sku', 'qty', 'updated_at']),
    sales: await read('sales', ['id', 'order_id', 'po_no', 'status', 'created_at']),
    lines: await read('order_lines', LINE_COLUMNS),
    cancelled: await read('cancelled_orders', ['id', 'order_id', 'imported_at', 'imported_by_user_id', 'note']),
    issued: await read('issued_orders', ['id', 'order_id', 'issued_at', 'issued_by_user_id', 'source', 'note']),
    deleted: await read('deleted_orders', ['id', 'order_id', 'deleted_at', 'deleted_by_user_id', 'note']),
    printHistory: await read('sku_print_history', [
      'id',
      'sku',
      'platform',
      'shop_id',
      'logistic',
      'print_count',
      'printed_at',
      'printed_by',
    ]),
    importLogs: await read('import_logs', [
      'id',
      'import_date',
      'platform',
      'shop_name',
      'filename',
      'added_count',
      'duplicates_count',
      'duplicates_same_day',
      'failed_count',
      'error_details',
      'batch_data',
      'created_at',
    ]),
  };
}

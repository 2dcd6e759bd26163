// Reading the rows the read model is made of, through the storage port's raw executor (inside a
// read transaction, or the write transaction of an action). Set-wise: one statement per table
// and range of orders, never one per row, and every result comes back as ONE JSON text built by
// SQLite (json_group_array): materialising a driver row object per row costs ~10 us, parsing
// JSON a fraction of that. Chunks keep each response small for remote servers.
import type { Platform } from '../../../domain/allocation';
import type { ProductInfo, RawMarker, RawPrint, RawSales } from '../../../domain/orders-view/build';
import type { RawLine, RawOrder } from '../../../domain/orders-view/types';
import type { OrderRows, ShopInfo } from '../../../domain/read-model/store';
import type { SqlExecutor } from '../../../storage';

export type Args = (string | number)[];
type Rows = ArrayLike<ArrayLike<unknown>>;
/** Runs one read statement and returns its rows as arrays. */
export type Exec = (sql: string, args: Args) => Promise<Rows>;

export const execOf = (executor: Pick<SqlExecutor, 'execute'>): Exec => async (sql, args) =>
  (await executor.execute({ sql, args })).rows as unknown as Rows;

/**
 * In place of a line's item name when it equals its product's name (same text, neither null): the
 * name is then taken from the products read in the same transaction (see readPiece).
 */
const SAME_AS_PRODUCT = 0;

const ORDER_COLUMNS = ['o.id', 'o.order_no', 'o.platform', 'o.shop_id', 'o.order_time', 'o.logistic_type', 'o.import_date',
  'o.imported_at', 'o.import_id', 'o.dispatch_round', 'o.lowstock_round', 'o.nostock_round', 'o.notenough_round',
  'o.scanned_at', 'o.scanned_by_username', 'o.closed_at'];
const LINE_COLUMNS = ['l.id', 'l.order_id', 'l.sku', 'l.qty', 'l.item_name', 'l.accepted', 'l.accepted_at',
  'l.accepted_by_username', 'l.picking_count', 'l.picking_last_at'];
// A line's item name is nearly always its product's name (imports take it from the same sheet): sent
// only when it differs, it is neither carried as text (Thai: the driver decodes each UTF-8 copy into a
// JS string on this thread), parsed, nor interned again, for every line of a full build.
const LINE_COLUMNS_NAMED_BY_PRODUCT = LINE_COLUMNS.map((c) =>
  c === 'l.item_name' ? `CASE WHEN l.item_name = (SELECT pr.name FROM products pr WHERE pr.sku = l.sku) THEN ${SAME_AS_PRODUCT} ELSE l.item_name END` : c,
);
const MARKER_COLUMNS = ['m.order_id', 'm.kind', 'm.note', 'm.source', 'm.created_at', 'm.created_by_username'];
const SALES_COLUMNS = ['s.order_no', 's.status', 's.po_no', 's.packed_at'];
const PRINT_COLUMNS = ['p.order_id', 'p.kind', 'p.count', 'p.last_printed_at', 'p.last_printed_by_username'];

const CHUNK_ROWS = 20_000;
// A range of 2,500 orders reads in a few milliseconds: the local driver holds the event loop for each statement.
const ORDERS_PER_RANGE = 2_500;
const ID_WINDOW = 10_000;
const IDS_PER_READ = 2_000;

/** Up to `limit` rows of `from` matching `where` with `key` above `after`, ascending, as arrays. */
async function readChunk(exec: Exec, columns: string[], from: string, where: string, args: Args, key: string, after: number, limit: number): Promise<unknown[][]> {
  const inner = columns.map((c, i) => `${c} AS c${i}`).join(', ');
  const outer = columns.map((_, i) => `c${i}`).join(', ');
  const rows = await exec(
    `SELECT json_group_array(json_array(${outer})), count(*) FROM
      (SELECT ${inner} FROM ${from} WHERE (${where}) AND ${key} > ${after} ORDER BY ${key} LIMIT ${limit})`,
    args,
  );
  return Number(rows[0][1]) === 0 ? [] : (JSON.parse(String(rows[0][0])) as unknown[][]);
}

/** Rows of `from` matching `where`, read in chunks keyed by `key` (the first column), as arrays. */
async function readRows(exec: Exec, columns: string[], from: string, where: string, args: Args, key: string): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (let after = -1; ; ) {
    const rows = await readChunk(exec, [key, ...columns], from, where, args, key, after, CHUNK_ROWS);
    for (const r of rows) out.push(r.slice(1));
    if (rows.length < CHUNK_ROWS) return out;
    after = Number(rows[rows.length - 1][0]);
  }
}

/** One statement whose rows come back as one JSON text. */
async function readJson(exec: Exec, columns: string[], fromWhere: string, args: Args): Promise<unknown[][]> {
  const rows = await exec(`SELECT json_group_array(json_array(${columns.join(', ')})) ${fromWhere}`, args);
  return rows.length === 0 || rows[0][0] === null ? [] : (JSON.parse(String(rows[0][0])) as unknown[][]);
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

// Rows of a piece come as one flat JSON array per table (a row's columns one after the other,
// see readPiece): `f` is that array and `at` the row's first column.
function toOrder(f: unknown[], at: number): RawOrder {
  return {
    id: num(f[at]),
    orderNo: String(f[at + 1]),
    platform: String(f[at + 2]) as Platform,
    shopId: num(f[at + 3]),
    orderTime: numOrNull(f[at + 4]),
    logisticType: strOrNull(f[at + 5]),
    importDate: String(f[at + 6]),
    importedAt: num(f[at + 7]),
    importId: numOrNull(f[at + 8]),
    dispatchRound: numOrNull(f[at + 9]),
    lowstockRound: numOrNull(f[at + 10]),
    nostockRound: numOrNull(f[at + 11]),
    notenoughRound: numOrNull(f[at + 12]),
    scannedAt: numOrNull(f[at + 13]),
    scannedBy: strOrNull(f[at + 14]),
    closedAt: numOrNull(f[at + 15]),
  };
}

/** Products by SKU as read in the transaction the lines are read in. */
export type ProductNames = ReadonlyMap<string, { name: string | null } | null>;

function itemNameOf(v: unknown, sku: string, products: ProductNames | null): string | null {
  if (v !== SAME_AS_PRODUCT) return strOrNull(v);
  const name = products?.get(sku)?.name;
  // SQLite compared the line with this very row: a miss means the map is not of that transaction.
  if (name === undefined || name === null) throw new Error(`Read model: line of ${sku} names its product, which was not read`);
  return name;
}

function toLine(f: unknown[], at: number, products: ProductNames | null): RawLine {
  const sku = String(f[at + 2]);
  return {
    id: num(f[at]),
    orderId: num(f[at + 1]),
    sku,
    qty: num(f[at + 3]),
    itemName: itemNameOf(f[at + 4], sku, products),
    accepted: Number(f[at + 5]) === 1,
    acceptedAt: numOrNull(f[at + 6]),
    acceptedBy: strOrNull(f[at + 7]),
    pickingCount: num(f[at + 8] ?? 0),
    pickingLastAt: numOrNull(f[at + 9]),
  };
}

const toMarker = (f: unknown[], at: number): RawMarker => ({
  orderId: num(f[at]),
  kind: String(f[at + 1]),
  note: strOrNull(f[at + 2]),
  source: strOrNull(f[at + 3]),
  at: num(f[at + 4]),
  by: strOrNull(f[at + 5]),
});
const toSales = (f: unknown[], at: number): RawSales => ({ orderNo: String(f[at]), status: strOrNull(f[at + 1]), poNo: strOrNull(f[at + 2]), packedAt: numOrNull(f[at + 3]) });
const toPrint = (f: unknown[], at: number): RawPrint => ({ orderId: num(f[at]), kind: String(f[at + 1]), count: num(f[at + 2]), lastAt: numOrNull(f[at + 3]), lastBy: strOrNull(f[at + 4]) });

/** The rows of one flat array of `width` columns a row, each made by `make`. */
function rowsOf<T>(text: string, width: number, make: (f: unknown[], at: number) => T): T[] {
  const f = JSON.parse(text) as unknown[];
  const n = f.length / width;
  const out = new Array<T>(n);
  for (let k = 0; k < n; k++) out[k] = make(f, k * width);
  return out;
}

/** The texts of one piece of orderRowChunks as read (parsed when the piece is taken). */
interface PieceText {
  count: number;
  lastId: number;
  orders: string;
  lines: string;
  markers: string;
  sales: string;
  prints: string;
}

const jsonText = (v: unknown): string => (v === null || v === undefined ? '[]' : String(v));

/**
 * The next range of up to ORDERS_PER_RANGE orders matching `where` after id `after`, with their
 * rows, as texts: one statement (the same text for every range, so a driver can keep it
 * prepared), each of its parts seeking its index by order id within the range.
 */
async function readPiece(exec: Exec, where: string, args: Args, after: number, namedByProduct: boolean): Promise<PieceText | null> {
  // No ORDER BY: each part walks the orders of the range by id and joins by index, so orders come
  // by id and lines by order, then SKU (the unique index), which the read model walks with a
  // cursor; an order inside an aggregate made SQLite sort every piece (about 20 ms of its 110 at
  // 50,000 lines). Rows in another order are still right: the model groups them.
  const parts: [string[], string][] = [
    [ORDER_COLUMNS, 'orders o'],
    [namedByProduct ? LINE_COLUMNS_NAMED_BY_PRODUCT : LINE_COLUMNS, 'orders o JOIN order_lines l ON l.order_id = o.id'],
    [MARKER_COLUMNS, 'orders o JOIN order_markers m ON m.order_id = o.id'],
    [SALES_COLUMNS, 'orders o JOIN sales_status s ON s.order_no = o.order_no'],
    [PRINT_COLUMNS, 'orders o JOIN order_print_counters p ON p.order_id = o.id'],
  ];
  const rows = await exec(
    `WITH ids AS (SELECT o.id FROM orders o WHERE (${where}) AND o.id > ? ORDER BY o.id LIMIT ${ORDERS_PER_RANGE}),
       r AS (SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM ids)
     SELECT r.n, r.hi, ${parts
       .map(([columns, from]) => `(SELECT '[' || group_concat(${flatRow(columns)}, ',') || ']' FROM ${from} WHERE (${where}) AND o.id BETWEEN r.lo AND r.hi)`)
       .join(', ')}
     FROM r`,
    [...args, after, ...parts.flatMap(() => args)],
  );
  const count = Number(rows[0][0]);
  if (count === 0) return null;
  return {
    count,
    lastId: Number(rows[0][1]),
    orders: jsonText(rows[0][2]),
    lines: jsonText(rows[0][3]),
    markers: jsonText(rows[0][4]),
    sales: jsonText(rows[0][5]),
    prints: jsonText(rows[0][6]),
  };
}

/**
 * A row's columns as JSON values joined by commas, without the brackets of its array: a piece's
 * rows are one flat array per table. An array per row was two objects per row on this thread (the
 * parsed array and its elements' store) that were garbage as soon as the row's record was made
 * (docs/domain/read-model.md#what-a-change-re-allocates). The first and last columns of these
 * lists are numbers, texts or nulls, never arrays (their JSON starts with `"`, `-`, a digit or `n`
 * and ends with `"`, a digit or `l`), so trimming brackets takes exactly the row array's own.
 */
const flatRow = (columns: readonly string[]): string => `rtrim(ltrim(json_array(${columns.join(', ')}), '['), ']')`;

/** A condition on `orders o` and its arguments. */
interface Source {
  where: string;
  args: Args;
}

/**
 * The pieces of the orders of each source in turn, a range at a time. The next piece is asked for
 * before this one is handed over: where statements run off this thread (the file adapter's bulk
 * reads) it is read while the caller applies this one, and it is held as text until taken.
 */
async function* pieces(exec: Exec, sources: readonly Source[], productsRead: ProductNames | Promise<ProductNames> | null = null): AsyncGenerator<OrderRows> {
  const after = (source: number, id: number): Promise<PieceText | null> =>
    source < sources.length ? readPiece(exec, sources[source].where, sources[source].args, id, productsRead !== null) : Promise.resolve(null);
  let source = 0;
  let next = after(0, -1);
  // The first piece is read while the products still are (same transaction): only making the
  // lines' records needs them.
  next.catch(() => {});
  const products = await productsRead;
  for (;;) {
    const piece = await next;
    if (piece === null && source + 1 >= sources.length) return;
    if (piece === null) {
      next = after(++source, -1);
      continue;
    }
    // A short piece is the last of its source.
    next = piece.count < ORDERS_PER_RANGE ? after(++source, -1) : after(source, piece.lastId);
    // Not taken when the caller stops early: its failure is nobody's.
    next.catch(() => {});
    yield {
      orders: rowsOf(piece.orders, ORDER_COLUMNS.length, toOrder),
      lines: rowsOf(piece.lines, LINE_COLUMNS.length, (f, at) => toLine(f, at, products)),
      markers: rowsOf(piece.markers, MARKER_COLUMNS.length, toMarker),
      sales: rowsOf(piece.sales, SALES_COLUMNS.length, toSales),
      prints: rowsOf(piece.prints, PRINT_COLUMNS.length, toPrint),
    };
  }
}

/**
 * Orders matching `where` (on `orders o`) with their lines, markers, sales records and print
 * counters, one range of order ids at a time: each piece holds everything of its orders, and only
 * one piece is held at once by a caller that applies them as they come (the read model).
 * Lines and the rest are joined from the orders side, so each statement seeks its index by order
 * id instead of sorting. `products`, when given, must be every product as read through the same
 * `exec` (one transaction): a line's item name equal to its product's then comes from it. Given
 * as a read under way, the first piece is asked for beside it.
 */
export function orderRowChunks(exec: Exec, where: string, args: Args, products: ProductNames | Promise<ProductNames> | null = null): AsyncGenerator<OrderRows> {
  return pieces(exec, [{ where, args }], products);
}

/**
 * The given orders (those of them meeting `where`, when given), a range's worth of ids per
 * statement: the statements' only condition is that short list, instead of a condition (on the
 * change feed, on markers) that every statement of every range would evaluate again whole.
 */
export function orderRowsByIds(exec: Exec, ids: readonly number[], where = '1'): AsyncGenerator<OrderRows> {
  const sorted = [...ids].sort((a, b) => a - b);
  const sources: Source[] = [];
  for (let from = 0; from < sorted.length; from += IDS_PER_READ)
    sources.push({ where: `(${where}) AND o.id IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(sorted.slice(from, from + IDS_PER_READ))] });
  return pieces(exec, sources);
}

/**
 * Ids of the orders meeting `where`, read through windows of ids: a condition few orders meet
 * (the closed ones of a view) would otherwise make one statement scan most of the table.
 */
export async function matchingOrderIds(exec: Exec, where: string, args: Args): Promise<number[]> {
  const last = Number((await exec('SELECT coalesce(max(id), 0) FROM orders', []))[0][0]);
  // Asked for at once: where statements run off this thread, they follow one another without
  // waiting for this thread to ask for the next.
  const windows: Promise<Rows>[] = [];
  for (let after = 0; after < last; after += ID_WINDOW)
    windows.push(exec(`SELECT json_group_array(o.id) FROM orders o WHERE (${where}) AND o.id > ${after} AND o.id <= ${after + ID_WINDOW}`, args));
  for (const w of windows) w.catch(() => {});
  const ids: number[] = [];
  for (const w of windows) for (const id of JSON.parse(String((await w)[0][0] ?? '[]')) as number[]) ids.push(id);
  return ids;
}

/** Every piece of orderRowChunks in one (tests). */
export async function readOrderRows(exec: Exec, where: string, args: Args): Promise<OrderRows> {
  const out = { orders: [] as RawOrder[], lines: [] as RawLine[], markers: [] as RawMarker[], sales: [] as RawSales[], prints: [] as RawPrint[] };
  for await (const chunk of orderRowChunks(exec, where, args)) {
    for (const o of chunk.orders) out.orders.push(o);
    for (const l of chunk.lines) out.lines.push(l);
    for (const m of chunk.markers) out.markers.push(m);
    for (const s of chunk.sales) out.sales.push(s);
    for (const p of chunk.prints) out.prints.push(p);
  }
  return out;
}

export async function readVersion(exec: Exec): Promise<number> {
  const rows = await exec('SELECT version FROM data_version WHERE id = 1', []);
  return rows.length > 0 ? Number(rows[0][0]) : 0;
}

/** Stock (quantity) of the SKUs matching `where` on `stock st`. */
export async function readStock(exec: Exec, where: string, args: Args): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await readRows(exec, ['st.sku', 'st.qty'], 'stock st', where, args, 'st.rowid')) out.set(String(r[0]), num(r[1]));
  return out;
}

/** Products (brand, name) of the SKUs matching `where` on `products p`. */
export async function readProducts(exec: Exec, where: string, args: Args): Promise<Map<string, ProductInfo>> {
  const out = new Map<string, ProductInfo>();
  for (const r of await readRows(exec, ['p.sku', 'p.brand', 'p.name'], 'products p', where, args, 'p.id')) out.set(String(r[0]), { brand: strOrNull(r[1]), name: strOrNull(r[2]) });
  return out;
}

export async function readShops(exec: Exec): Promise<ShopInfo[]> {
  return (await readJson(exec, ['id', 'name', 'platform'], 'FROM shops', [])).map((r) => ({ id: num(r[0]), name: String(r[1]), platform: String(r[2]) as Platform }));
}

/** The holiday list as stored (settings `holidays`), tolerant of a damaged value. */
export function parseHolidays(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const list = JSON.parse(value);
    return Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) : [];
  } catch {
    return [];
  }
}

export async function readHolidays(exec: Exec): Promise<string[]> {
  const rows = await exec("SELECT value FROM settings WHERE key = 'holidays'", []);
  return rows.length > 0 ? parseHolidays(rows[0][0]) : [];
}

/** Ids of the orders and the SKUs the change feed recorded after `version`. */
export async function readFeed(exec: Exec, version: number): Promise<{ orderIds: number[]; skus: string[] }> {
  // Asked together: one round trip on a remote database.
  const [ids, skus] = await Promise.all([
    exec('SELECT json_group_array(order_id) FROM model_changed_orders WHERE seq > ?', [version]),
    exec('SELECT json_group_array(sku) FROM model_changed_skus WHERE seq > ?', [version]),
  ]);
  return { orderIds: JSON.parse(String(ids[0][0] ?? '[]')) as number[], skus: JSON.parse(String(skus[0][0] ?? '[]')) as string[] };
}

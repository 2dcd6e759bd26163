// The one global allocation and the records every order page reads, cached per data version.
//
// Open orders (closed_at IS NULL, read through the partial index `orders_open`) with their lines,
// markers and sales records, plus stock, products, shops and holidays are read by set-wise
// queries (one per table, split only into large chunks; never one per row) inside one read
// transaction, allocated once and kept until `storage.dataVersion()` moves (every write bumps
// it, in any process). Closed orders (cancelled, trashed, packed)
// take no part in allocation; a view that shows some of them reads just those, also cached per
// version. Reading 50,000 lines costs far more than allocating them, hence the cache.
import { BusinessCalendar } from '../domain/sla';
import { buildRecords, type ProductInfo, type RawLine, type RawMarker, type RawOrder, type RawSales } from '../domain/orders-view/build';
import { linesInDefaultOrder } from '../domain/orders-view/select';
import type { AllocationResult, Platform } from '../domain/allocation';
import type { LineRecord, OrderRecord } from '../domain/orders-view/types';
import type { Logger } from '../log';
import type { SqlExecutor, StoragePort } from '../storage';

export interface ShopInfo {
  id: number;
  name: string;
  platform: Platform;
}

export interface Snapshot {
  version: number;
  /** Open orders by id. */
  orders: Map<number, OrderRecord>;
  /** Open lines in the default table order (3.6). */
  lines: LineRecord[];
  allocation: AllocationResult;
  stock: Map<string, number>;
  products: Map<string, ProductInfo>;
  shops: Map<number, ShopInfo>;
  holidays: string[];
  calendar: BusinessCalendar;
}

export interface ClosedSet {
  orders: Map<number, OrderRecord>;
  /** In the default table order. */
  lines: LineRecord[];
}

/** Which closed orders a view needs: a SQL condition on `orders` aliased `o`, and a cache key. */
export interface ClosedFilter {
  key: string;
  where: string;
  args: (string | number)[];
}

type Rows = ArrayLike<ArrayLike<unknown>>;
type Args = (string | number)[];

/** Runs one read statement and returns its rows as arrays (a read transaction's executor or a write transaction). */
type Exec = (sql: string, args: Args) => Promise<Rows>;

const ORDER_COLUMNS = ['o.id', 'o.order_no', 'o.platform', 'o.shop_id', 'o.order_time', 'o.logistic_type', 'o.import_date',
  'o.imported_at', 'o.import_id', 'o.dispatch_round', 'o.lowstock_round', 'o.nostock_round', 'o.notenough_round',
  'o.scanned_at', 'o.scanned_by_username', 'o.closed_at'];
const LINE_COLUMNS = ['l.id', 'l.order_id', 'l.sku', 'l.qty', 'l.item_name', 'l.accepted', 'l.accepted_at',
  'l.accepted_by_username', 'l.picking_count', 'l.picking_last_at'];
const MARKER_COLUMNS = ['m.order_id', 'm.kind', 'm.note', 'm.source', 'm.created_at', 'm.created_by_username'];
const SALES_COLUMNS = ['s.order_no', 's.status', 's.po_no', 's.packed_at'];

const OPEN = 'o.closed_at IS NULL';
const CHUNK_ROWS = 20_000;

/**
 * Reads rows as ONE JSON text per chunk, built by SQLite (json_group_array): materialising a
 * driver row object per row costs ~10 us, parsing JSON a fraction of that. Chunks of
 * CHUNK_ROWS keep each response small for remote servers; the cursor is the table's rowid.
 */
async function readRows(exec: Exec, columns: string[], from: string, where: string, args: Args, key: string): Promise<unknown[][]> {
  const inner = columns.map((c, i) => `${c} AS c${i}`).join(', ');
  const outer = columns.map((_, i) => `c${i}`).join(', ');
  const out: unknown[][] = [];
  let cursor = -1;
  for (;;) {
    const rows = await exec(
      `SELECT json_group_array(json_array(${outer})), max(k), count(*) FROM
        (SELECT ${inner}, ${key} AS k FROM ${from} WHERE (${where}) AND ${key} > ${cursor} ORDER BY ${key} LIMIT ${CHUNK_ROWS})`,
      args,
    );
    const [json, max, count] = [rows[0][0], rows[0][1], Number(rows[0][2])];
    if (count > 0) for (const r of JSON.parse(String(json)) as unknown[][]) out.push(r);
    if (count < CHUNK_ROWS) return out;
    cursor = Number(max);
  }
}

interface OrderRows {
  orders: unknown[][];
  lines: unknown[][];
  markers: unknown[][];
  sales: unknown[][];
}

/** One statement whose rows come back as one JSON text (see readRows). */
async function readJson(exec: Exec, columns: string[], fromWhere: string, args: Args): Promise<unknown[][]> {
  const rows = await exec(`SELECT json_group_array(json_array(${columns.join(', ')})) ${fromWhere}`, args);
  return rows.length === 0 || rows[0][0] === null ? [] : (JSON.parse(String(rows[0][0])) as unknown[][]);
}

const ORDERS_PER_RANGE = 10_000;

/**
 * Orders, lines, markers and sales records of the orders matching `where` (on `orders o`). Lines,
 * markers and sales are read per range of order ids, joined from the orders side, so each
 * statement seeks its index by order id instead of sorting.
 */
async function readOrderRows(exec: Exec, where: string, args: Args): Promise<OrderRows> {
  const orders = await readRows(exec, ORDER_COLUMNS, 'orders o', where, args, 'o.id');
  const out: OrderRows = { orders, lines: [], markers: [], sales: [] };
  for (let i = 0; i < orders.length; i += ORDERS_PER_RANGE) {
    const lo = Number(orders[i][0]);
    const hi = Number(orders[Math.min(orders.length, i + ORDERS_PER_RANGE) - 1][0]);
    const range = `(${where}) AND o.id BETWEEN ${lo} AND ${hi}`;
    for (const r of await readJson(exec, LINE_COLUMNS, `FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE ${range}`, args)) out.lines.push(r);
    for (const r of await readJson(exec, MARKER_COLUMNS, `FROM orders o JOIN order_markers m ON m.order_id = o.id WHERE ${range}`, args)) out.markers.push(r);
    for (const r of await readJson(exec, SALES_COLUMNS, `FROM orders o JOIN sales_status s ON s.order_no = o.order_no WHERE ${range}`, args)) out.sales.push(r);
  }
  return out;
}


interface SnapshotRows extends OrderRows {
  version: number;
  stock: unknown[][];
  products: unknown[][];
  shops: unknown[][];
  holidays: unknown[][];
}

/** `version` is the data version as the same transaction sees it (`storage.dataVersion(sql)`). */
async function readSnapshotRows(exec: Exec, version: number): Promise<SnapshotRows> {
  const open = await readOrderRows(exec, OPEN, []);
  return {
    version,
    ...open,
    stock: await readRows(exec, ['st.sku', 'st.qty'], 'stock st', '1', [], 'st.rowid'),
    products: await readRows(exec, ['p.sku', 'p.brand', 'p.name'], 'products p', '1', [], 'p.id'),
    shops: (await exec('SELECT id, name, platform FROM shops', [])) as unknown as unknown[][],
    holidays: (await exec("SELECT value FROM settings WHERE key = 'holidays'", [])) as unknown as unknown[][],
  };
}

const execOf = (executor: SqlExecutor): Exec => async (sql, args) => (await executor.execute({ sql, args })).rows as unknown as Rows;


const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function parseOrders(rows: Rows): RawOrder[] {
  const out: RawOrder[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = {
      id: num(r[0]),
      orderNo: String(r[1]),
      platform: String(r[2]) as Platform,
      shopId: num(r[3]),
      orderTime: numOrNull(r[4]),
      logisticType: strOrNull(r[5]),
      importDate: String(r[6]),
      importedAt: num(r[7]),
      importId: numOrNull(r[8]),
      dispatchRound: numOrNull(r[9]),
      lowstockRound: numOrNull(r[10]),
      nostockRound: numOrNull(r[11]),
      notenoughRound: numOrNull(r[12]),
      scannedAt: numOrNull(r[13]),
      scannedBy: strOrNull(r[14]),
      closedAt: numOrNull(r[15]),
    };
  }
  return out;
}

function parseLines(rows: Rows): RawLine[] {
  const out: RawLine[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = {
      id: num(r[0]),
      orderId: num(r[1]),
      sku: String(r[2]),
      qty: num(r[3]),
      itemName: strOrNull(r[4]),
      accepted: Number(r[5]) === 1,
      acceptedAt: numOrNull(r[6]),
      acceptedBy: strOrNull(r[7]),
      pickingCount: num(r[8] ?? 0),
      pickingLastAt: numOrNull(r[9]),
    };
  }
  return out;
}

function parseMarkers(rows: Rows): RawMarker[] {
  const out: RawMarker[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = { orderId: num(r[0]), kind: String(r[1]), note: strOrNull(r[2]), source: strOrNull(r[3]), at: num(r[4]), by: strOrNull(r[5]) };
  }
  return out;
}

function parseSales(rows: Rows): RawSales[] {
  const out: RawSales[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = { orderNo: String(r[0]), status: strOrNull(r[1]), poNo: strOrNull(r[2]), packedAt: numOrNull(r[3]) };
  }
  return out;
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

function safeCalendar(holidays: string[]): BusinessCalendar {
  try {
    return new BusinessCalendar(holidays);
  } catch {
    return new BusinessCalendar([]);
  }
}

function buildSnapshot(rows: SnapshotRows): Snapshot {
  const { stock: stockRows, products: productRows, shops: shopRows, holidays: holidayRows } = rows;
  const stock = new Map<string, number>();
  for (let i = 0; i < stockRows.length; i++) stock.set(String(stockRows[i][0]), num(stockRows[i][1]));
  const products = new Map<string, ProductInfo>();
  for (let i = 0; i < productRows.length; i++) {
    const r = productRows[i];
    products.set(String(r[0]), { brand: strOrNull(r[1]), name: strOrNull(r[2]) });
  }
  const shops = new Map<number, ShopInfo>();
  for (let i = 0; i < shopRows.length; i++) {
    const r = shopRows[i];
    shops.set(num(r[0]), { id: num(r[0]), name: String(r[1]), platform: String(r[2]) as Platform });
  }
  const holidays = holidayRows.length > 0 ? parseHolidays(holidayRows[0][0]) : [];
  const calendar = safeCalendar(holidays);
  const built = buildRecords({
    orders: parseOrders(rows.orders),
    lines: parseLines(rows.lines),
    markers: parseMarkers(rows.markers),
    sales: parseSales(rows.sales),
    shopNames: new Map([...shops.values()].map((s) => [s.id, s.name])),
    products,
    stock,
    calendar,
  });
  return {
    version: rows.version,
    orders: built.orders,
    lines: linesInDefaultOrder(built.orders.values()),
    allocation: built.allocation,
    stock,
    products,
    shops,
    holidays,
    calendar,
  };
}

function buildClosed(snapshot: Snapshot, rows: OrderRows): ClosedSet {
  const built = buildRecords({
    orders: parseOrders(rows.orders),
    lines: parseLines(rows.lines),
    markers: parseMarkers(rows.markers),
    sales: parseSales(rows.sales),
    shopNames: new Map([...snapshot.shops.values()].map((s) => [s.id, s.name])),
    products: snapshot.products,
    // Closed orders take no part in consumption; AllQty is the global one of the open pool.
    stock: snapshot.stock,
    calendar: snapshot.calendar,
    allQtyOf: (sku) => snapshot.allocation.sku(sku).allQty,
  });
  return { orders: built.orders, lines: linesInDefaultOrder(built.orders.values()) };
}

const CLOSED_CACHE_SIZE = 12;
/**
 * Closed lines kept across cached sets. A worker isolate has little memory; an all-time view of a
 * year is read again rather than kept (it is an explicit, occasional view).
 */
const CLOSED_CACHE_LINES = 60_000;

const lineIndexes = new WeakMap<Snapshot, Map<number, LineRecord>>();

/** Open line by id (index built on first use per snapshot). */
export function openLine(snapshot: Snapshot, lineId: number): LineRecord | undefined {
  let index = lineIndexes.get(snapshot);
  if (!index) {
    index = new Map(snapshot.lines.map((l) => [l.id, l]));
    lineIndexes.set(snapshot, index);
  }
  return index.get(lineId);
}

export type AllocationView = ReturnType<typeof createAllocationView>;

export function createAllocationView(deps: { storage: StoragePort; log: Logger }) {
  const { storage } = deps;
  let cached: Snapshot | null = null;
  let loading: { promise: Promise<Snapshot> } | null = null;
  const closedCache = new Map<string, ClosedSet>();
  const stats = { snapshotLoads: 0, closedLoads: 0 };

  function remember(s: Snapshot): Snapshot {
    if (cached === null || s.version >= cached.version) {
      if (cached !== null && cached.version !== s.version) closedCache.clear();
      cached = s;
    }
    return s;
  }

  async function load(): Promise<Snapshot> {
    if (loading) return loading.promise;
    const promise = storage
      .readTransaction(async (_tx, executor) =>
        buildSnapshot(await readSnapshotRows(execOf(executor), await storage.dataVersion(executor))),
      )
      .then((s) => {
        stats.snapshotLoads++;
        return remember(s);
      })
      .finally(() => {
        loading = null;
      });
    loading = { promise };
    return promise;
  }

  /** The snapshot of the current data version. */
  async function snapshot(): Promise<Snapshot> {
    const version = await storage.dataVersion();
    if (cached !== null && cached.version === version) return cached;
    const s = await load();
    // A load that started before the latest write may return the previous version: read again.
    if (s.version < version) return load();
    return s;
  }

  /**
   * The snapshot as a write transaction sees it (actions re-check their rules against the data
   * they are about to change): the cached one when the versions agree, else read through `tx`.
   */
  async function snapshotIn(sql: SqlExecutor): Promise<Snapshot> {
    const version = await storage.dataVersion(sql);
    if (cached !== null && cached.version === version) return cached;
    const s = buildSnapshot(await readSnapshotRows(execOf(sql), version));
    stats.snapshotLoads++;
    return remember(s);
  }

  /**
   * The snapshot plus the closed orders a view needs, both of one data version. A closed set is
   * read in its own read transaction and is thrown away and read again if a write slipped in.
   */
  async function withClosed(filter: ClosedFilter | null, opts: { cache?: boolean } = {}): Promise<{ snapshot: Snapshot; closed: ClosedSet }> {
    const useCache = opts.cache ?? true;
    for (let attempt = 0; ; attempt++) {
      const s = await snapshot();
      if (filter === null) return { snapshot: s, closed: { orders: new Map(), lines: [] } };
      const key = `${s.version}|${filter.key}`;
      const hit = useCache ? closedCache.get(key) : undefined;
      if (hit) {
        closedCache.delete(key);
        closedCache.set(key, hit);
        return { snapshot: s, closed: hit };
      }
      const { version, rows } = await storage.readTransaction(async (_tx, executor) => {
        const exec = execOf(executor);
        return { version: await storage.dataVersion(executor), rows: await readOrderRows(exec, `o.closed_at IS NOT NULL AND (${filter.where})`, filter.args) };
      });
      if (version !== s.version && attempt < 3) continue;
      stats.closedLoads++;
      const closed = buildClosed(s, rows);
      if (useCache && version === s.version) {
        if (closed.lines.length <= CLOSED_CACHE_LINES) {
          closedCache.set(key, closed);
          let lines = 0;
          for (const c of closedCache.values()) lines += c.lines.length;
          while (closedCache.size > CLOSED_CACHE_SIZE || lines > CLOSED_CACHE_LINES) {
            const oldest = closedCache.keys().next().value as string;
            lines -= closedCache.get(oldest)!.lines.length;
            closedCache.delete(oldest);
          }
        }
      }
      return { snapshot: s, closed };
    }
  }

  return { snapshot, snapshotIn, withClosed, stats };
}

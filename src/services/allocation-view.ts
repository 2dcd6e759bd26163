// The one global allocation and the records every order page reads, cached per data version.
//
// Open orders (closed_at IS NULL, read through the partial index `orders_open`) with their lines,
// markers and sales records, plus stock, products, shops and holidays are read with one query
// each inside one read transaction, allocated once and kept until `storage.dataVersion()` moves
// (every write transaction bumps it, in any process). Closed orders (cancelled, trashed, packed)
// take no part in allocation; a view that shows some of them reads just those, also cached per
// version. Reading 50,000 lines costs far more than allocating them, hence the cache.
import { sql as dsql } from 'drizzle-orm';
import { BusinessCalendar } from '../domain/sla';
import { buildRecords, type ProductInfo, type RawLine, type RawMarker, type RawOrder, type RawSales } from '../domain/orders-view/build';
import { compareDefault } from '../domain/orders-view/select';
import type { AllocationResult, Platform } from '../domain/allocation';
import type { LineRecord, OrderRecord } from '../domain/orders-view/types';
import type { Logger } from '../log';
import type { Db, SqlExecutor, StoragePort } from '../storage';

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
type Statement = { sql: string; args: (string | number)[] };

const ORDER_COLUMNS = `o.id, o.order_no, o.platform, o.shop_id, o.order_time, o.logistic_type, o.import_date, o.imported_at,
  o.import_id, o.dispatch_round, o.lowstock_round, o.nostock_round, o.notenough_round, o.scanned_at,
  o.scanned_by_username, o.closed_at`;
const LINE_COLUMNS = `l.id, l.order_id, l.sku, l.qty, l.item_name, l.accepted, l.accepted_at, l.accepted_by_username,
  l.picking_count, l.picking_last_at`;
const MARKER_COLUMNS = 'm.order_id, m.kind, m.note, m.source, m.created_at, m.created_by_username';
const SALES_COLUMNS = 's.order_no, s.status, s.po_no, s.packed_at';

const OPEN = 'o.closed_at IS NULL';

/** Orders, lines, markers and sales of the orders matching `where` (one statement each). */
function orderStatements(where: string, args: (string | number)[]): Statement[] {
  const ids = `SELECT o.id FROM orders o WHERE ${where}`;
  return [
    { sql: `SELECT ${ORDER_COLUMNS} FROM orders o WHERE ${where}`, args },
    { sql: `SELECT ${LINE_COLUMNS} FROM order_lines l WHERE l.order_id IN (${ids})`, args },
    { sql: `SELECT ${MARKER_COLUMNS} FROM order_markers m WHERE m.order_id IN (${ids})`, args },
    { sql: `SELECT ${SALES_COLUMNS} FROM sales_status s WHERE s.order_no IN (SELECT o.order_no FROM orders o WHERE ${where})`, args },
  ];
}

const SNAPSHOT_STATEMENTS: Statement[] = [
  { sql: 'SELECT version FROM data_version WHERE id = 1', args: [] },
  ...orderStatements(OPEN, []),
  { sql: 'SELECT sku, qty FROM stock', args: [] },
  { sql: 'SELECT sku, brand, name FROM products', args: [] },
  { sql: 'SELECT id, name, platform FROM shops', args: [] },
  { sql: "SELECT value FROM settings WHERE key = 'holidays'", args: [] },
];

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

function buildSnapshot(results: Rows[]): Snapshot {
  const [versionRows, orderRows, lineRows, markerRows, salesRows, stockRows, productRows, shopRows, holidayRows] = results;
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
    orders: parseOrders(orderRows),
    lines: parseLines(lineRows),
    markers: parseMarkers(markerRows),
    sales: parseSales(salesRows),
    shopNames: new Map([...shops.values()].map((s) => [s.id, s.name])),
    products,
    stock,
    calendar,
  });
  return {
    version: versionRows.length > 0 ? num(versionRows[0][0]) : 0,
    orders: built.orders,
    lines: built.lines.sort(compareDefault),
    allocation: built.allocation,
    stock,
    products,
    shops,
    holidays,
    calendar,
  };
}

function buildClosed(snapshot: Snapshot, results: Rows[]): ClosedSet {
  const [orderRows, lineRows, markerRows, salesRows] = results;
  const built = buildRecords({
    orders: parseOrders(orderRows),
    lines: parseLines(lineRows),
    markers: parseMarkers(markerRows),
    sales: parseSales(salesRows),
    shopNames: new Map([...snapshot.shops.values()].map((s) => [s.id, s.name])),
    products: snapshot.products,
    // Closed orders take no part in consumption; AllQty is the global one of the open pool.
    stock: snapshot.stock,
    calendar: snapshot.calendar,
    allQtyOf: (sku) => snapshot.allocation.sku(sku).allQty,
  });
  return { orders: built.orders, lines: built.lines.sort(compareDefault) };
}

const rowsOf = (rs: { rows: Rows }) => rs.rows;

async function readSnapshot(executor: SqlExecutor): Promise<Snapshot> {
  const results = await executor.batch(SNAPSHOT_STATEMENTS);
  return buildSnapshot(results.map(rowsOf));
}

/** The same statements through a drizzle transaction handle (inside a write transaction). */
async function readSnapshotIn(tx: Db): Promise<Snapshot> {
  const results: Rows[] = [];
  for (const s of SNAPSHOT_STATEMENTS) results.push((await tx.values(dsql.raw(s.sql))) as unknown[][]);
  return buildSnapshot(results);
}

const CLOSED_CACHE_SIZE = 12;

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
      .readTransaction((_tx, executor) => readSnapshot(executor))
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
    if (s.version !== version && s.version < version) return load();
    return s;
  }

  /**
   * The snapshot as a write transaction sees it (actions re-check their rules against the data
   * they are about to change): the cached one when the versions agree, else read through `tx`.
   */
  async function snapshotIn(tx: Db): Promise<Snapshot> {
    const [row] = (await tx.values(dsql.raw('SELECT version FROM data_version WHERE id = 1'))) as unknown[][];
    const version = row ? Number(row[0]) : 0;
    if (cached !== null && cached.version === version) return cached;
    const s = await readSnapshotIn(tx);
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
      const statements = [{ sql: 'SELECT version FROM data_version WHERE id = 1', args: [] }, ...orderStatements(`o.closed_at IS NOT NULL AND (${filter.where})`, filter.args)];
      const results = await storage.readTransaction((_tx, executor) => executor.batch(statements));
      const version = results[0].rows.length > 0 ? Number(results[0].rows[0][0]) : 0;
      if (version !== s.version && attempt < 3) continue;
      stats.closedLoads++;
      const closed = buildClosed(s, results.slice(1).map(rowsOf));
      if (useCache && version === s.version) {
        closedCache.set(key, closed);
        while (closedCache.size > CLOSED_CACHE_SIZE) closedCache.delete(closedCache.keys().next().value as string);
      }
      return { snapshot: s, closed };
    }
  }

  return { snapshot, snapshotIn, withClosed, stats };
}

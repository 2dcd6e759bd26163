// The read model (docs/domain/read-model.md): the open orders with the one global allocation,
// kept in memory and brought up to date by the change feed instead of being rebuilt.
//
// Every write transaction commits, together with its data, the ids of the orders and the SKUs it
// touched (triggers fill model_changed_orders / model_changed_skus with seq = the data version
// the transaction commits as). A reader compares the data version with the model's; when it has
// moved, the model reads the feed rows newer than its version, re-reads just those orders and
// SKUs, and re-allocates just the SKUs they touch. Writes from another process or isolate, and a
// process killed between a write and its model update, are covered the same way: the feed
// commits with the write. A full rebuild (boot, or a change touching a large share of the model:
// clear, restore, migration) is the fallback, and the oracle the tests compare with.
//
// Reading: `current()` resolves to the model at (at least) the latest committed version, never
// during an apply. Use it synchronously: a caller that awaits must call `current()` again (or
// copy what it needs first, as the export does).
import { buildRecords } from '../../../domain/orders-view/build';
import { linesInDefaultOrder } from '../../../domain/orders-view/select';
import type { LineRecord, OrderRecord } from '../../../domain/orders-view/types';
import { OpenOrderStore, type OpenOrdersView, type OrderRows } from '../../../domain/read-model/store';
import type { SqlExecutor, StoragePort } from '../../../storage';
import type { Logger } from '../../../log';
import { giveWayIfHeld } from '../../../lib/steps';
import {
  execOf,
  matchingOrderIds,
  orderRowChunks,
  orderRowsByIds,
  readFeed,
  readHolidays,
  readProducts,
  readShops,
  readStock,
  readVersion,
  type Args,
  type Exec,
} from './rows';

export { parseHolidays } from './rows';
export type { OpenOrdersView } from '../../../domain/read-model/store';

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

const OPEN = 'o.closed_at IS NULL';
const CHANGED_SINCE = 'o.id IN (SELECT order_id FROM model_changed_orders WHERE seq > ?)';
const CHANGED_SKUS_SINCE = 'IN (SELECT sku FROM model_changed_skus WHERE seq > ?)';

/** A change touching more orders than this share of the model is applied as a full rebuild. */
const REBUILD_SHARE = 0.5;
const REBUILD_MIN = 20_000;

const CLOSED_CACHE_SIZE = 12;
/**
 * Closed lines kept across cached sets. A worker isolate has little memory; an all-time view of a
 * year is read again rather than kept (it is an explicit, occasional view).
 */
const CLOSED_CACHE_LINES = 60_000;

interface ClosedEntry {
  version: number;
  set: ClosedSet;
  /** Lines of the set's orders (counted without sorting them). */
  lines: number;
}

const EMPTY_CLOSED: ClosedSet = { orders: new Map(), lines: [] };

/**
 * A closed set whose lines are put in table order when first asked for: the dashboard counts
 * orders and never asks, and sorting a year's closed orders was a few milliseconds of every
 * dashboard after a write at 200,000 lines (docs/domain/read-model.md#the-event-loop).
 */
function closedSet(orders: Map<number, OrderRecord>): ClosedSet {
  let lines: LineRecord[] | null = null;
  return {
    orders,
    get lines() {
      lines ??= linesInDefaultOrder(orders.values());
      return lines;
    },
  };
}

function lineCount(orders: Map<number, OrderRecord>): number {
  let n = 0;
  for (const o of orders.values()) n += o.lines.length;
  return n;
}

/**
 * Closed orders read ahead (readClosedAhead) at most: their rows are held until a view takes them,
 * about 260 characters of text per order (11,704 closed orders of the 200,000-line data set: 3.0
 * million). The dashboard after a boot at 200,000 lines needs about 11,700: with 10,000 they were
 * read only after the model was built, and the dashboard waited for the statements
 * (docs/domain/read-model.md#boot).
 */
const AHEAD_MAX_ORDERS = 20_000;

interface AheadRead {
  key: string;
  rows: Promise<{ version: number; pieces: OrderRows[] } | null>;
}

/** Runs the functions given one at a time, in the order given (a FIFO chain of promises). */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;

export function createReadModel(deps: { storage: StoragePort; log: Logger }) {
  const { storage, log } = deps;
  const store = new OpenOrderStore();
  /** Serialises refreshes: one apply at a time, in version order. */
  const lock = { run: serial() };
  let background: Promise<void> | null = null;
  let applying = false;
  /** Applies begun so far: a caller that gave the loop turns compares it to see whether records moved meanwhile. */
  let applies = 0;
  const closedCache = new Map<string, ClosedEntry>();
  let ahead: AheadRead | null = null;
  const stats = { fullBuilds: 0, refreshes: 0, closedLoads: 0, closedRefreshes: 0, closedAhead: 0, lastApplyMs: 0, lastChangedOrders: 0 };

  /**
   * Runs a step generator, giving the event loop back whenever the work (with the statements
   * before it: the local driver runs them on this thread) has held it for a few milliseconds.
   */
  async function drive<R>(steps: Generator<void, R>): Promise<R> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      await giveWayIfHeld();
    }
  }

  /**
   * Brings the store to the version `exec` sees: the feed since the store's version (or everything,
   * for a full rebuild), the small tables first, then the orders one piece at a time, each applied
   * as it arrives so that only one piece of rows is held at once. Readers wait meanwhile.
   */
  async function refreshWith(exec: Exec): Promise<void> {
    const version = await readVersion(exec);
    const from = store.version;
    if (from !== 0 && version === from) return;
    // A version behind the model's means another database under it (a file put back): start over.
    let full = from === 0 || version < from;
    let orderIds: number[] = [];
    let skus: string[] = [];
    // Asked together: none needs another's answer, and on a remote database statements asked at
    // once go out as one round trip (an accept's write transaction waited for each in turn).
    const args: Args = [from];
    const [feed, shops, holidays, changedStock, changedProducts] = await Promise.all([
      full ? null : readFeed(exec, from),
      readShops(exec),
      readHolidays(exec),
      full ? null : readStock(exec, `st.sku ${CHANGED_SKUS_SINCE}`, args),
      full ? null : readProducts(exec, `p.sku ${CHANGED_SKUS_SINCE}`, args),
    ]);
    if (feed) {
      ({ orderIds, skus } = feed);
      full = orderIds.length > Math.max(REBUILD_MIN, store.orders.size * REBUILD_SHARE);
    }
    let stock: Map<string, number | null>;
    let products: Map<string, { brand: string | null; name: string | null } | null>;
    let chunks: AsyncGenerator<OrderRows>;
    let first: Promise<IteratorResult<OrderRows>> | null = null;
    if (full || !changedStock || !changedProducts) {
      const productsRead = readProducts(exec, '1', []);
      // A full build has every product of this transaction: lines name theirs instead of repeating
      // it. Its first piece of orders is asked for now, beside stock and products (on the file
      // adapter it is read off this thread meanwhile; before, the build waited for it after them).
      chunks = orderRowChunks(exec, OPEN, [], productsRead);
      first = chunks.next();
      first.catch(() => {});
      [stock, products] = await Promise.all([readStock(exec, '1', []), productsRead]);
    } else {
      chunks = orderRowsByIds(exec, orderIds, OPEN);
      const stockRead = changedStock;
      const productsRead = changedProducts;
      stock = new Map();
      products = new Map();
      for (const sku of skus) {
        stock.set(sku, stockRead.get(sku) ?? null);
        products.set(sku, productsRead.get(sku) ?? null);
      }
    }
    applying = true;
    applies++;
    const started = performance.now();
    try {
      if (full) {
        store.clear();
        // Closed sets share the per-SKU facts of the store they were read beside.
        closedCache.clear();
      }
      await drive(store.begin({ orderIds, stock, products, shops, holidays }));
      try {
        for (let piece = await (first ?? chunks.next()); !piece.done; piece = await chunks.next()) await drive(store.add(piece.value));
      } finally {
        // Stopped by a failure: the generator's read ahead is nobody's.
        await chunks.return(undefined).catch(() => {});
      }
      await drive(store.finish());
      store.version = version;
      if (full) stats.fullBuilds++;
      else stats.refreshes++;
      stats.lastApplyMs = performance.now() - started;
      stats.lastChangedOrders = full ? store.orders.size : orderIds.length;
    } catch (error) {
      // Half applied: start again from nothing at the next read.
      store.clear();
      log.error('Read model: applying a change failed; the next read rebuilds it', { error: error as Error });
      throw error;
    } finally {
      applying = false;
    }
  }

  /**
   * A read transaction for the model's reads: one whose statements run off this thread where the
   * storage has it (the file adapter), so a piece of rows is read while the last is applied.
   */
  function readRowsTransaction<T>(fn: (exec: Exec) => Promise<T>): Promise<T> {
    return storage.bulkReadTransaction
      ? storage.bulkReadTransaction((read) => fn((sql, args) => read.rows(sql, args)))
      : storage.readTransaction((_tx, sql) => fn(execOf(sql)));
  }

  /** Brings the model to the latest committed version (reads in its own read transaction). */
  function refresh(): Promise<void> {
    background ??= lock
      .run(() => readRowsTransaction(refreshWith))
      .finally(() => {
        background = null;
      });
    return background;
  }

  /**
   * The model at (at least) the latest committed data version, or at least `atLeast` when the
   * caller read the version itself (when its request began: a result of that version or newer
   * is a correct answer to it).
   */
  async function current(atLeast?: number): Promise<OpenOrdersView> {
    for (;;) {
      const version = atLeast ?? (await storage.dataVersion());
      if (store.version !== 0 && store.version >= version && !applying) return store;
      await refresh();
      if (store.version !== 0 && store.version >= version && !applying) return store;
    }
  }

  /** The latest committed data version (one small read; the model is not touched). */
  const committedVersion = () => storage.dataVersion();

  /**
   * The model as a write transaction sees the data (an action re-checks its rule against the
   * data it is about to change). The caller holds the write lock, so nothing newer can commit.
   */
  async function inTransaction(sql: SqlExecutor): Promise<OpenOrdersView> {
    if (background) await background.catch(() => {});
    return lock.run(async () => {
      await refreshWith(execOf(sql));
      return store;
    });
  }

  /** Starts building the model in the background (at boot), so the first page finds it ready. */
  function warm(): void {
    refresh().catch((error) => log.warn(`Read model: building at start failed: ${(error as Error).message}`));
  }

  /**
   * Brings the model up to the latest committed version in the background, so that the first read
   * after a large write (an import) finds the change applied or under way instead of starting it
   * (docs/domain/read-model.md#after-an-import). Readers still check the version: one that comes
   * meanwhile waits for the same refresh, never gets an older model.
   */
  function refreshInBackground(): void {
    current().catch((error) => log.warn(`Read model: bringing up to date after a write failed: ${(error as Error).message}`));
  }

  function remember(key: string, entry: ClosedEntry): void {
    closedCache.delete(key);
    if (entry.lines > CLOSED_CACHE_LINES) return;
    closedCache.set(key, entry);
    let lines = 0;
    for (const c of closedCache.values()) lines += c.lines;
    while (closedCache.size > CLOSED_CACHE_SIZE || lines > CLOSED_CACHE_LINES) {
      const oldest = closedCache.keys().next().value as string;
      lines -= closedCache.get(oldest)!.lines;
      closedCache.delete(oldest);
    }
  }

  /** Closed records from rows, carrying the open model's per-SKU values. */
  function closedRecords(view: OpenOrdersView, rows: OrderRows): Map<number, OrderRecord> {
    return buildRecords({
      orders: rows.orders,
      lines: rows.lines,
      markers: rows.markers,
      sales: rows.sales,
      prints: rows.prints,
      shopNames: new Map([...view.shops.values()].map((s) => [s.id, s.name])),
      products: view.products,
      // Closed orders take no part in consumption; they show the open pool's per-SKU facts
      // (AllQty is global), the very objects the model keeps up to date.
      stock: view.stock,
      calendar: view.calendar,
      factsOf: (sku) => store.facts(sku),
    }).orders;
  }

  /**
   * Starts reading the closed orders of `filter` while the model is brought up to `atLeast`: with
   * bulk reads both run off this thread, so the view that follows has only its records to build
   * (docs/domain/read-model.md#the-event-loop). Only when the model is behind, the set is not
   * cached, and it holds at most AHEAD_MAX_ORDERS orders (their rows are held until taken).
   * `withClosed` takes the rows for the same filter at the model's version, else reads again.
   */
  function readClosedAhead(filter: ClosedFilter | null, atLeast: number): void {
    if (filter === null || !storage.bulkReadTransaction) return;
    if (store.version !== 0 && store.version >= atLeast && !applying) return;
    if (closedCache.has(filter.key) || ahead?.key === filter.key) return;
    const where = `o.closed_at IS NOT NULL AND (${filter.where})`;
    const rows = readRowsTransaction(async (exec) => {
      const version = await readVersion(exec);
      const ids = await matchingOrderIds(exec, where, filter.args);
      if (ids.length > AHEAD_MAX_ORDERS) return null;
      const pieces: OrderRows[] = [];
      for await (const piece of orderRowsByIds(exec, ids)) pieces.push(piece);
      return { version, pieces };
    });
    // Not taken (another filter came, the request failed): nobody's failure.
    rows.catch(() => {});
    ahead = { key: filter.key, rows };
  }

  /** The rows read ahead for `key` at `version`, if there are (taken: read once). */
  async function takeAhead(key: string, version: number): Promise<OrderRows[] | null> {
    const read = ahead?.key === key ? ahead : null;
    if (read === null) return null;
    ahead = null;
    const got = await read.rows.catch(() => null);
    return got !== null && got.version === version ? got.pieces : null;
  }

  /**
   * The model plus the closed orders a view needs, both at one data version. A cached set is
   * brought forward with the change feed like the model (only the changed closed orders are read
   * again); a set read while a write slipped in is thrown away and read again.
   */
  async function withClosed(filter: ClosedFilter | null, opts: { cache?: boolean; atLeast?: number } = {}): Promise<{ view: OpenOrdersView; closed: ClosedSet }> {
    const useCache = opts.cache ?? true;
    for (let attempt = 0; ; attempt++) {
      // A retry follows the data to its latest version: the closed rows were read there.
      const view = await current(attempt === 0 ? opts.atLeast : undefined);
      if (filter === null) return { view, closed: EMPTY_CLOSED };
      const cached = useCache ? closedCache.get(filter.key) : undefined;
      if (cached && cached.version === view.version) {
        remember(filter.key, cached);
        return { view, closed: cached.set };
      }
      const where = `o.closed_at IS NOT NULL AND (${filter.where})`;
      const early = cached || !useCache ? null : await takeAhead(filter.key, view.version);
      // Records are built piece by piece as the rows arrive (a year's closed orders are many):
      // only one piece of rows is held, and the loop gets turns in between.
      const read = early !== null ? await recordsOf(early, view.version) : await readRowsTransaction(async (exec) => {
        const version = await readVersion(exec);
        let changed: number[] | null = null;
        let orders = new Map<number, OrderRecord>();
        let pieces: AsyncGenerator<OrderRows> | null = null;
        if (cached && version > cached.version) {
          const feed = await readFeed(exec, cached.version);
          if (feed.orderIds.length <= REBUILD_MIN) {
            changed = feed.orderIds;
            orders = new Map(cached.set.orders);
            for (const id of changed) orders.delete(id);
            pieces = orderRowChunks(exec, `${where} AND ${CHANGED_SINCE}`, [...filter.args, cached.version]);
          }
        }
        // The ids first (cheap, through windows), then their rows by id: the view's condition is
        // evaluated once, not again by every statement of every range.
        pieces ??= orderRowsByIds(exec, await matchingOrderIds(exec, where, filter.args));
        for await (const piece of pieces) {
          for (const [id, o] of closedRecords(store, piece)) orders.set(id, o);
          await giveWayIfHeld();
        }
        return { version, changed, orders };
      });
      // The model must be at the version the closed rows were read at; else read again.
      if (read.version !== store.version || applying) continue;
      if (read.changed !== null) stats.closedRefreshes++;
      else stats.closedLoads++;
      if (early !== null) stats.closedAhead++;
      const orders = read.orders;
      const set = closedSet(orders);
      if (useCache) remember(filter.key, { version: read.version, set, lines: lineCount(orders) });
      return { view: store, closed: set };
    }
  }

  /** Closed records of rows read ahead at `version`. */
  async function recordsOf(pieces: OrderRows[], version: number) {
    const orders = new Map<number, OrderRecord>();
    for (const piece of pieces) {
      for (const [id, o] of closedRecords(store, piece)) orders.set(id, o);
      await giveWayIfHeld();
    }
    return { version, changed: null, orders };
  }

  /**
   * Runs `fn` while no change can be applied (records stay where they are), provided none was
   * applied since the caller took `seen` from `applies()`; null if one was (the caller reads the
   * model again). A view computed in slices gives the loop turns, and a change applied in one of
   * them would move records under it; computations on one thread gain nothing from running side by
   * side, so they take turns with the changes (docs/domain/read-model.md#the-event-loop). `fn` must
   * not ask the model for a newer version: that would wait for itself.
   */
  function withoutApplies<T>(seen: number, fn: () => Promise<T>): Promise<T | null> {
    return lock.run(async () => (applies === seen && !applying ? fn() : null));
  }

  return {
    current,
    committedVersion,
    inTransaction,
    withClosed,
    readClosedAhead,
    withoutApplies,
    warm,
    refreshInBackground,
    stats,
    store: store as OpenOrdersView,
    applies: () => applies,
  };
}

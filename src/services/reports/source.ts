// What the reports read, in ONE place: the open orders of the global allocation as ReportOrders
// (the allocation view's records plus their print counters), the SKU queues for `shortage`, the
// per-SKU Picking history counts, and any order by id (closed ones too, for changed-after-print).
// Everything comes from the allocation the orders list uses; nothing here recomputes a status.
// When the incremental read model (issue 13) replaces services/allocation-view.ts, this file is
// the only one of the reports that changes.
import { normaliseQuery } from '../../domain/reports/filters';
import {
  NO_ORDER_PRINTS,
  ORDER_PRINT_KINDS,
  toReportOrder,
  type OrderPrintKind,
  type OrderPrints,
  type PickingContextKey,
  type PickingHistoryLookup,
  type PrintCounter,
  type ReportLine,
  type ReportOrder,
} from '../../domain/reports';
import type { QueueLine } from '../../domain/allocation/shortage';
import type { Platform } from '../../domain/allocation';
import type { BusinessCalendar } from '../../domain/sla';
import type { OrderRecord } from '../../domain/orders-view/types';
import { resolvePlatform, resolveShops } from '../orders/query';
import type { AllocationView, Snapshot } from '../allocation-view';
import type { SqlExecutor, StoragePort } from '../../storage';

export interface ReportSource {
  version: number;
  /** Open orders (the allocation's pool) with their print counters, by id. */
  orders: ReadonlyMap<number, ReportOrder>;
  list: readonly ReportOrder[];
  calendar: BusinessCalendar;
  /** On-hand stock of a SKU (0 without a stock row). */
  stockOf(sku: string): number;
  /** An open line with its order. */
  lineOf(lineId: number): { order: ReportOrder; line: ReportLine } | undefined;
  /** The lines of a SKU as the allocation queues them, with their orders' flags and shops. */
  queueOf(sku: string): QueueLine[];
  /** Latest Picking history count of a (SKU, platform, shop, logistic) key (5.2). */
  pickingHistory: PickingHistoryLookup;
  /** The `platform` filter, validated (400 `invalid_platform`). */
  platformOf(raw: string | undefined): Platform | null;
  /** The `shop` filter: a shop id, or a name on any platform; null = every shop. */
  shopsOf(raw: string | undefined): Set<number> | null;
}

type Rows = unknown[][];
type Read = (text: string) => Promise<Rows>;

const PRINTS_SQL = `SELECT json_group_array(json_array(c.order_id, c.kind, c.count, c.last_printed_at, c.last_printed_by_username))
  FROM order_print_counters c JOIN orders o ON o.id = c.order_id WHERE o.closed_at IS NULL`;
const PICKING_HISTORY_SQL = `SELECT json_group_array(json_array(sku, platform, shop_id, logistic, n, at)) FROM
  (SELECT s.sku AS sku, coalesce(j.platform, '') AS platform, j.shop_id AS shop_id, coalesce(j.logistic, '') AS logistic,
     max(s.context_count) AS n, max(j.printed_at) AS at
   FROM print_job_skus s JOIN print_jobs j ON j.id = s.print_job_id
   GROUP BY s.sku, coalesce(j.platform, ''), j.shop_id, coalesce(j.logistic, ''))`;

const jsonRows = (rows: Rows): Rows =>
  rows.length === 0 || rows[0][0] == null ? [] : (JSON.parse(String(rows[0][0])) as Rows);

const historyKey = (k: Pick<PickingContextKey, 'sku' | 'platform' | 'shopId' | 'logistic'>) =>
  `${k.sku}\u0000${k.platform}\u0000${k.shopId ?? ''}\u0000${k.logistic}`;

interface Extras {
  prints: Map<number, OrderPrints>;
  history: Map<string, PrintCounter>;
}

/** One order_print_counters row `[order_id, kind, count, last_printed_at, last_printed_by_username]` into the map. */
function addCounter(prints: Map<number, OrderPrints>, r: ArrayLike<unknown>) {
  const id = Number(r[0]);
  const kind = String(r[1]) as OrderPrintKind;
  if (!ORDER_PRINT_KINDS.includes(kind)) return;
  const p = { ...(prints.get(id) ?? NO_ORDER_PRINTS) } as Record<OrderPrintKind, PrintCounter>;
  p[kind] = {
    count: Number(r[2]),
    lastAt: r[3] == null ? null : Number(r[3]),
    lastBy: r[4] == null ? null : String(r[4]),
  };
  prints.set(id, p);
}

async function readExtras(read: Read): Promise<Extras> {
  const prints = new Map<number, OrderPrints>();
  for (const r of jsonRows(await read(PRINTS_SQL))) {
    addCounter(prints, r);
  }
  const history = new Map<string, PrintCounter>();
  for (const r of jsonRows(await read(PICKING_HISTORY_SQL))) {
    // Legacy jobs may carry the logistic filter as typed: the key is trimmed and lower-cased.
    const key = historyKey({
      sku: String(r[0]),
      platform: String(r[1]) as Platform | '',
      shopId: r[2] == null ? null : Number(r[2]),
      logistic: normaliseQuery(String(r[3])) ?? '',
    });
    const seen = history.get(key);
    const count = Number(r[4]);
    const at = r[5] == null ? null : Number(r[5]);
    if (!seen) history.set(key, { count, lastAt: at, lastBy: null });
    else
      history.set(key, {
        count: Math.max(seen.count, count),
        lastAt: Math.max(seen.lastAt ?? 0, at ?? 0) || null,
        lastBy: null,
      });
  }
  return { prints, history };
}

function build(snapshot: Snapshot, extras: Extras): ReportSource {
  const orders = new Map<number, ReportOrder>();
  const list: ReportOrder[] = [];
  for (const o of snapshot.orders.values()) {
    const r = toReportOrder(o, extras.prints.get(o.id) ?? NO_ORDER_PRINTS);
    orders.set(o.id, r);
    list.push(r);
  }
  let queues: Map<string, QueueLine[]> | null = null;
  const queueOf = (sku: string): QueueLine[] => {
    if (queues === null) {
      queues = new Map();
      for (const l of snapshot.lines) {
        const o = l.order;
        const q: QueueLine = {
          id: l.id,
          orderId: o.id,
          orderNo: o.orderNo,
          platform: o.platform,
          sku: l.sku,
          qty: l.qty,
          orderTime: o.orderTime,
          accepted: l.accepted,
          flags: o.flags,
          shopName: o.shopName,
        };
        const g = queues.get(l.sku);
        if (g) g.push(q);
        else queues.set(l.sku, [q]);
      }
    }
    return queues.get(sku) ?? [];
  };
  let lines: Map<number, { order: ReportOrder; line: ReportLine }> | null = null;
  const lineOf = (lineId: number) => {
    if (lines === null) {
      lines = new Map();
      for (const o of list) for (const l of o.lines) lines.set(l.id, { order: o, line: l });
    }
    return lines.get(lineId);
  };
  return {
    version: snapshot.version,
    lineOf,
    orders,
    list,
    calendar: snapshot.calendar,
    stockOf: (sku) => snapshot.stock.get(sku) ?? 0,
    queueOf,
    pickingHistory: (key) => extras.history.get(historyKey(key)),
    platformOf: (raw) => resolvePlatform(raw),
    shopsOf: (raw) => resolveShops(raw, snapshot),
  };
}

export type ReportSourceReader = ReturnType<typeof createReportSource>;

export function createReportSource(deps: { storage: StoragePort; view: AllocationView }) {
  const { storage, view } = deps;
  let cached: ReportSource | null = null;

  /** The source of the current data version (cached per version, like the allocation view). */
  async function load(): Promise<ReportSource> {
    for (let attempt = 0; ; attempt++) {
      const snapshot = await view.snapshot();
      if (cached !== null && cached.version === snapshot.version) return cached;
      const { version, extras } = await storage.readTransaction(async (_tx, executor) => {
        const read: Read = async (text) => (await executor.execute({ sql: text, args: [] })).rows as unknown as Rows;
        const v = await read('SELECT version FROM data_version WHERE id = 1');
        return { version: v.length > 0 ? Number(v[0][0]) : 0, extras: await readExtras(read) };
      });
      // A write between the snapshot and the counters: read both again.
      if (version !== snapshot.version && attempt < 3) continue;
      const source = build(snapshot, extras);
      if (version === snapshot.version) cached = source;
      return source;
    }
  }

  /** The source as a write transaction sees it (prints and rounds re-check against it). */
  async function loadIn(exec: SqlExecutor): Promise<ReportSource> {
    const snapshot = await view.snapshotIn(exec);
    if (cached !== null && cached.version === snapshot.version) return cached;
    const read: Read = async (text) => (await exec.execute({ sql: text, args: [] })).rows as unknown as Rows;
    return build(snapshot, await readExtras(read));
  }

  /**
   * Orders by id as they are now, open or closed (cancelled, trashed, packed), with their print
   * counters; an id that no longer exists (purged) is absent.
   */
  async function ordersById(ids: readonly number[]): Promise<Map<number, ReportOrder>> {
    const source = await load();
    const out = new Map<number, ReportOrder>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const o = source.orders.get(id);
      if (o) out.set(id, o);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      const where = `o.id IN (${part.map(() => '?').join(', ')})`;
      const { closed } = await view.withClosed(
        { key: `reports:${part.join(',')}`, where, args: part },
        { cache: false },
      );
      const prints = await printsOf(part);
      for (const o of closed.orders.values())
        out.set(o.id, toReportOrder(o as OrderRecord, prints.get(o.id) ?? NO_ORDER_PRINTS));
    }
    return out;
  }

  async function printsOf(ids: number[]): Promise<Map<number, OrderPrints>> {
    const out = new Map<number, OrderPrints>();
    if (ids.length === 0) return out;
    const rs = await storage.execute(
      `SELECT order_id, kind, count, last_printed_at, last_printed_by_username FROM order_print_counters WHERE order_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    for (const r of rs.rows) {
      addCounter(out, r);
    }
    return out;
  }

  return { load, loadIn, ordersById };
}

// What the reports read, in ONE place: the open orders of the read model (docs/domain/read-model.md)
// as ReportOrders (an OrderRecord carries its print counters), the SKU queues for `shortage`, the
// per-SKU Picking history counts, and any order by id (closed ones too, for changed-after-print).
// Everything comes from the model the orders list reads; nothing here recomputes a status. The
// Picking history counts are the one thing the model does not keep: one set-wise read per data
// version, at the model's version.
//
// A report is computed in steps that give the event loop turns (docs/domain/read-model.md#the-event-loop),
// while no change is applied to the model (`withoutApplies`): the source and the rows derived
// from it stay on one version however many turns the computation takes.
import { normaliseQuery } from '../../domain/reports/filters';
import type {
  PickingContextKey,
  PickingHistoryLookup,
  PrintCounter,
  ReportLine,
  ReportOrder,
} from '../../domain/reports';
import type { QueueLine } from '../../domain/allocation/shortage';
import type { Platform } from '../../domain/allocation';
import type { BusinessCalendar } from '../../domain/sla';
import { queueLines, type OpenOrdersView } from '../../domain/read-model';
import { ARRAY_STEP, sortSteps } from '../../lib/array-steps';
import { runStepsAsync, type Steps } from '../../lib/steps';
import { resolvePlatform, resolveShops } from '../orders/query';
import type { ReadModel } from '../orders/read-model';
import type { SqlExecutor, StoragePort } from '../../storage';

export interface ReportSource {
  version: number;
  /** The model's applies when the source was built (read model `applies()`): records moved since when it differs. */
  applies: number;
  /** An open order (the allocation's pool) with its print counters, by id. */
  orderOf(id: number): ReportOrder | undefined;
  /** The open orders in id order. */
  list: readonly ReportOrder[];
  calendar: BusinessCalendar;
  /** On-hand stock of a SKU (0 without a stock row). */
  stockOf(sku: string): number;
  /** An open line with its order (the index of every line is built in steps on first use). */
  lineOf(lineId: number): Steps<{ order: ReportOrder; line: ReportLine } | undefined>;
  /** The lines of a SKU as the allocation queues them, with their orders' flags and shops. */
  queueOf(sku: string): QueueLine[];
  /**
   * Latest Picking history count of a (SKU, platform, shop, logistic) key
   * (docs/domain/reports.md#picking-list).
   */
  pickingHistory: PickingHistoryLookup;
  /** The `platform` filter, validated (400 `invalid_platform`). */
  platformOf(raw: string | undefined): Platform | null;
  /** The `shop` filter: a shop id, or a name on any platform; null = every shop. */
  shopsOf(raw: string | undefined): Set<number> | null;
}

type Rows = unknown[][];
type Read = (text: string) => Promise<Rows>;

const PICKING_HISTORY_SQL = `SELECT json_group_array(json_array(sku, platform, shop_id, logistic, n, at)) FROM
  (SELECT s.sku AS sku, coalesce(j.platform, '') AS platform, j.shop_id AS shop_id, coalesce(j.logistic, '') AS logistic,
     max(s.context_count) AS n, max(j.printed_at) AS at
   FROM print_job_skus s JOIN print_jobs j ON j.id = s.print_job_id
   GROUP BY s.sku, coalesce(j.platform, ''), j.shop_id, coalesce(j.logistic, ''))`;

const jsonRows = (rows: Rows): Rows =>
  rows.length === 0 || rows[0][0] == null ? [] : (JSON.parse(String(rows[0][0])) as Rows);

const historyKey = (k: Pick<PickingContextKey, 'sku' | 'platform' | 'shopId' | 'logistic'>) =>
  `${k.sku}\u0000${k.platform}\u0000${k.shopId ?? ''}\u0000${k.logistic}`;

type History = Map<string, PrintCounter>;

async function readHistory(read: Read): Promise<History> {
  const history: History = new Map();
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
  return history;
}

/**
 * The reports' source at the view's version, in steps. The model is one object brought forward in
 * place, so its order list, stock and shops are copied here. A changed order comes back as a new
 * record, but the lines of a re-allocated SKU get their status in place: rows are derived from a
 * source while no change is applied (createReportSource's `compute`), never across an apply.
 */
const byId = (a: ReportOrder, b: ReportOrder) => a.id - b.id;

function* buildSteps(view: OpenOrdersView, history: History, applies: number): Steps<ReportSource> {
  // Open orders in id order. The model keeps them in arrival order: id order, but for the records
  // a write replaced, which it appends. So the records are taken as they come and, when two are out
  // of order, sorted by id in steps (nearly ordered input: a few binary searches, not a full sort).
  // By id, a binary search of the list: no map of every order is built for a report that never
  // looks one up (docs/domain/read-model.md#the-event-loop).
  let list: ReportOrder[] = [];
  let inOrder = true;
  let last = Number.NEGATIVE_INFINITY;
  for (const o of view.orders.values()) {
    if (o.id <= last) inOrder = false;
    last = o.id;
    list.push(o);
    if (list.length % ARRAY_STEP === 0) yield ARRAY_STEP;
  }
  if (!inOrder) list = yield* sortSteps(list, byId);
  const orderOf = (id: number): ReportOrder | undefined => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid].id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length && list[lo].id === id ? list[lo] : undefined;
  };
  const stock = new Map(view.stock);
  const queues = new Map<string, QueueLine[]>();
  const queueOf = (sku: string): QueueLine[] => {
    let q = queues.get(sku);
    if (q === undefined) {
      q = queueLines(view, sku);
      queues.set(sku, q);
    }
    return q;
  };
  // The shortage of the reports is explained from queues of this version: taken before any await.
  const shops = new Map(view.shops);
  let lines: Map<number, { order: ReportOrder; line: ReportLine }> | null = null;
  function* lineOf(lineId: number) {
    if (lines === null) {
      const index = new Map<number, { order: ReportOrder; line: ReportLine }>();
      for (let i = 0; i < list.length; i++) {
        const o = list[i];
        for (const l of o.lines) index.set(l.id, { order: o, line: l });
        if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
      }
      lines = index;
    }
    return lines.get(lineId);
  }
  return {
    version: view.version,
    applies,
    lineOf,
    orderOf,
    list,
    calendar: view.calendar,
    stockOf: (sku) => stock.get(sku) ?? 0,
    queueOf,
    pickingHistory: (key) => history.get(historyKey(key)),
    platformOf: (raw) => resolvePlatform(raw),
    shopsOf: (raw) => resolveShops(raw, { shops }),
  };
}

export type ReportSourceReader = ReturnType<typeof createReportSource>;

export function createReportSource(deps: { storage: StoragePort; model: ReadModel }) {
  const { storage, model } = deps;
  let cached: ReportSource | null = null;

  const reusable = (view: OpenOrdersView) =>
    cached !== null && cached.version === view.version && cached.applies === model.applies() ? cached : null;

  /**
   * Runs `steps` over the source of `view` (built or reused) while no change is applied to the
   * model; null when one was applied since `view` was taken (the caller takes the model again).
   * `history`: the Picking history read at `view`'s version, or null to use the cached source only
   * (undefined is returned when it no longer fits).
   */
  async function onView<T>(
    view: OpenOrdersView,
    history: History | null,
    keep: boolean,
    steps: (s: ReportSource) => Steps<T>,
  ): Promise<{ value: T } | null | undefined> {
    const applies = model.applies();
    return model.withoutApplies(applies, () =>
      runStepsAsync(
        (function* (): Steps<{ value: T } | undefined> {
          let source = reusable(view);
          if (source === null) {
            if (history === null) return undefined;
            source = yield* buildSteps(view, history, applies);
            if (keep) cached = source;
          }
          return { value: yield* steps(source) };
        })(),
        Number.POSITIVE_INFINITY,
      ),
    );
  }

  /**
   * Computes over the source of the current data version (cached per version, like the model), in
   * steps that give the loop turns, while no change is applied under it.
   */
  async function compute<T>(steps: (s: ReportSource) => Steps<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let view = await model.current();
      let history: History | null = null;
      let exact = true;
      if (reusable(view) === null) {
        const read = await storage.readTransaction(async (_tx, executor) => {
          const run: Read = async (text) => (await executor.execute({ sql: text, args: [] })).rows as unknown as Rows;
          const v = await run('SELECT version FROM data_version WHERE id = 1');
          return { version: v.length > 0 ? Number(v[0][0]) : 0, history: await readHistory(run) };
        });
        view = await model.current(read.version);
        // A write between the two reads: read both again.
        if (view.version !== read.version && attempt < 3) continue;
        exact = view.version === read.version;
        history = read.history;
      }
      const done = await onView(view, history, exact, steps);
      if (done) return done.value;
    }
  }

  /** The source of the current data version, for look-ups (filters, calendar, orders by id). */
  const load = (): Promise<ReportSource> =>
    compute(function* (s) {
      // Nothing to compute: the source itself, built (in steps) or reused.
      yield* [];
      return s;
    });

  /**
   * Computes over the source as a write transaction sees it (prints and rounds re-check against
   * it): the model brought to the transaction's data as the order actions do (model.inTransaction).
   */
  async function computeIn<T>(exec: SqlExecutor, steps: (s: ReportSource) => Steps<T>): Promise<T> {
    const run: Read = async (text) => (await exec.execute({ sql: text, args: [] })).rows as unknown as Rows;
    const history = await readHistory(run);
    for (;;) {
      const view = await model.inTransaction(exec);
      const done = await onView(view, history, false, steps);
      if (done) return done.value;
    }
  }

  /**
   * Orders by id as they are now, open or closed (cancelled, trashed, packed), with their print
   * counters (the model's records carry them); an id that no longer exists (purged) is absent.
   */
  async function ordersById(ids: readonly number[]): Promise<Map<number, ReportOrder>> {
    const source = await load();
    const out = new Map<number, ReportOrder>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const o = source.orderOf(id);
      if (o) out.set(id, o);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      const where = `o.id IN (${part.map(() => '?').join(', ')})`;
      const { closed } = await model.withClosed(
        { key: `reports:${part.join(',')}`, where, args: part },
        { cache: false },
      );
      for (const o of closed.orders.values()) out.set(o.id, o);
    }
    return out;
  }

  return { compute, computeIn, load, ordersById };
}

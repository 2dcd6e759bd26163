// Reading orders: the table (GET /api/orders), one line with its order and history, the scan
// station's status check, the dashboard cards and the dashboard export. All of them read the
// read model (./read-model) and share scope and filters (query.ts), so the cards, the table and
// the export agree for the same parameters. Results of the table and the cards are kept per data
// version and query: a repeated read costs nothing, the first read after a write one pass.
import { notFound, badRequest } from '../../errors';
import { compareCodePoints, PLATFORM_LABELS } from '../../domain/allocation';
import { normaliseScan, statusCheck, STATUS_CHECK_UNKNOWN } from '../../domain/piles';
import { referenceDay } from '../../domain/sla';
import { CHANGED_AFTER_PRINT_LABEL } from '../../domain/reports/changes';
import type { Shortage } from '../../domain/allocation/shortage';
import { bangkokDate, bangkokMsOfDay } from '../../domain/time';
import { CARD_SECTIONS, countCardsSteps, type CountedCards, type DashboardCounts } from '../../domain/orders-view/cards';
import { MODE_BADGES, inScope } from '../../domain/orders-view/scope';
import {
  compareDefault,
  dueMatches,
  matchesQuery,
  mergeSortedSteps,
  orderSla,
  selectLinesSteps,
  selectOrdersSteps,
  sortRowsSteps,
  summariseSteps,
  VIEW_STEP,
  type SlaContext,
  type TableSummary,
} from '../../domain/orders-view/select';
import { xlsxStream } from '../../xlsx/write';
import { giveWayIfHeld, runStepsAsync, type Steps } from '../../lib/steps';
import { toPage } from '../paging';
import { closedFilterFor, needsClosed, resolveQuery, type OrdersQuery, type ResolvedQuery } from './query';
import { DASHBOARD_EXPORT_HEADER, exportMemo, exportRow, exportRowState, printCountsOf, toItem, type OrderItem } from './items';
import type { ClosedFilter, ClosedSet, OpenOrdersView, ReadModel } from './read-model';
import type { LineRecord, OrderRecord } from '../../domain/orders-view/types';
import type { StoragePort } from '../../storage';
import { ORDER_NO_SCAN_KEY } from '../../db/schema';

export type { OrdersQuery } from './query';
export type { OrderItem } from './items';

export const ORDER_AUDIT_ACTIONS = [
  'order.accept',
  'order.unaccept',
  'order.cancel',
  'order.uncancel',
  'order.trash',
  'order.restore',
  'order.unissue',
  'order.scan',
  'order.reset-scans',
  'order.dispatch-round',
  'order.purge',
] as const;

export interface OrdersList {
  items: OrderItem[];
  total: number;
  page: number;
  limit: number;
  view: string;
  mode: string;
  badge: string;
  summary: TableSummary;
  warnings: string[];
}

const slaContext = (view: OpenOrdersView, now: number): SlaContext => ({
  reference: referenceDay(now, view.calendar),
  calendar: view.calendar,
});

interface TableRows {
  now: number;
  resolved: ResolvedQuery;
  ctx: SlaContext;
  rows: LineRecord[];
  summary: TableSummary;
}

/**
 * The latest result per (Bangkok day, query), with the data version it was computed at. A request
 * that began when the data was at version V is correctly answered by a result of V or newer, so a
 * burst of reads arriving together shares one computation even while writes go on.
 */
function resultCache<T>(size: number, shareRunning: boolean) {
  const entries = new Map<string, { version: number; value: T }>();
  /** Computations under way, with the version each is guaranteed to reach (its `atLeast`). */
  const running = new Map<string, { atLeast: number; value: Promise<T> }>();
  function get(atLeast: number, key: string): T | undefined {
    const hit = entries.get(key);
    if (hit === undefined || hit.version < atLeast) return undefined;
    entries.delete(key);
    entries.set(key, hit);
    return hit.value;
  }
  function set(version: number, key: string, value: T): void {
    const known = entries.get(key);
    if (known && known.version > version) return;
    entries.delete(key);
    entries.set(key, { version, value });
    if (entries.size > size) entries.delete(entries.keys().next().value as string);
  }
  return {
    get,
    set,
    /**
     * The cached result, or the one being computed for a request that began at `atLeast` or later
     * (it is as correct an answer), or a new computation. A burst of the same read costs one.
     */
    async shared(atLeast: number, key: string, compute: () => Promise<T>): Promise<T> {
      const hit = get(atLeast, key);
      if (hit !== undefined) return hit;
      const under = running.get(key);
      if (under && under.atLeast >= atLeast) return under.value;
      const value = compute();
      if (!shareRunning) return value;
      running.set(key, { atLeast, value });
      try {
        return await value;
      } finally {
        if (running.get(key)?.value === value) running.delete(key);
      }
    },
  };
}

const queryKey = (query: OrdersQuery, now: number, extra = '') => {
  const { page: _page, limit: _limit, ...rest } = query;
  return `${bangkokDate(now)}|${extra}|${JSON.stringify(rest, Object.keys(rest).sort())}`;
};

export type OrdersService = ReturnType<typeof createOrdersService>;

/** What the reports add to a line and to the status check (services/reports): shortage and changed-after-print. */
export interface PrintChangeItem {
  kind: string;
  printJobId: number;
  lineId: number | null;
  /** Change code (cancelled, trashed, qty_changed, unaccepted, ...). */
  change: string;
  /** Thai text of the change. */
  label: string;
}

export interface OrderExtras {
  lineExtras(lineId: number, orderId: number): Promise<{ shortage?: Shortage; changedAfterPrint?: PrintChangeItem[] }>;
  changedAfterPrint(orderIds: readonly number[]): Promise<Map<number, PrintChangeItem[]>>;
}

export function createOrdersService(deps: {
  storage: StoragePort;
  clock: () => number;
  model: ReadModel;
  extras?: OrderExtras;
  /** Share a computation under way between requests (not on Workers: a request must not wait on another's). */
  shareRunning?: boolean;
}) {
  const { storage, clock, model, extras } = deps;
  const tables = resultCache<TableRows>(8, deps.shareRunning ?? false);
  const dashboards = resultCache<Omit<Dashboard, 'generatedAt'>>(16, deps.shareRunning ?? false);

  /**
   * The filtered, sorted rows of a query (all pages) with their footer, at the latest version.
   * Synchronous after the await: the rows reference records of that version.
   */
  async function rows(query: OrdersQuery, fixedView?: 'pending' | 'all', arrivedAt?: number): Promise<TableRows> {
    const now = clock();
    const atLeast = arrivedAt ?? (await model.committedVersion());
    return tables.shared(atLeast, queryKey(query, now, fixedView ?? ''), () => computeRows(query, fixedView, now, atLeast));
  }

  /**
   * A view's result on one data version: the model at (at least) `atLeast`, the closed orders
   * its query needs, computed in steps while no change can be applied (read model
   * `withoutApplies`), giving the loop a turn every 10 ms (lib/steps); read again should a change
   * slip in before the computation starts.
   */
  async function onOneVersion<T>(
    atLeast: number,
    resolve: (first: OpenOrdersView) => ResolvedQuery,
    closedFilter: (resolved: ResolvedQuery) => ClosedFilter | null,
    steps: (resolved: ResolvedQuery, view: OpenOrdersView, closed: ClosedSet) => Steps<T>,
  ): Promise<{ resolved: ResolvedQuery; value: T; version: number }> {
    for (;;) {
      // While the model is brought up to date, the closed orders the view needs are read beside
      // it, for the view resolved on the model as it stands (withClosed takes them only for the
      // same filter and data version). A query that does not resolve yet reads nothing ahead.
      try {
        model.readClosedAhead(closedFilter(resolve(model.store)), atLeast);
      } catch {
        // Resolved again below, on the current model.
      }
      const resolved = resolve(await model.current(atLeast));
      const { view, closed } = await model.withClosed(closedFilter(resolved), { atLeast });
      const value = await model.withoutApplies(model.applies(), () =>
        runStepsAsync(steps(resolved, view, closed), Number.POSITIVE_INFINITY),
      );
      if (value !== null) return { resolved, value, version: view.version };
    }
  }

  async function computeRows(query: OrdersQuery, fixedView: 'pending' | 'all' | undefined, now: number, atLeast: number): Promise<TableRows> {
    const { value, version } = await onOneVersion(
      atLeast,
      (first) => resolveQuery(query, first, now, fixedView),
      (resolved) => (needsClosed(resolved) ? closedFilterFor(resolved.scope) : null),
      function* (resolved, view, closed): Steps<TableRows> {
        const ctx = slaContext(view, now);
        const { scope, filters } = resolved;
        const open = yield* selectOrdersSteps(view.ordersInTableOrder, (o) => view.tableLinesOf(o), scope, filters, ctx);
        const shut = yield* selectLinesSteps(closed.lines, scope, filters, ctx);
        const merged = yield* mergeSortedSteps(open, shut, compareDefault);
        const sorted = yield* sortRowsSteps(merged, resolved.sort, resolved.dir, scope.view);
        return { now, resolved, ctx, rows: sorted, summary: yield* summariseSteps(sorted) };
      },
    );
    tables.set(version, queryKey(query, now, fixedView ?? ''), value);
    return value;
  }

  /** `arrivedAt`: the data version when the request arrived (any result of it or newer answers it). */
  async function list(query: OrdersQuery, arrivedAt?: number): Promise<OrdersList> {
    const r = await rows(query, undefined, arrivedAt);
    const page = toPage(query.page, query.limit);
    const slice = r.rows.slice(page.offset, page.offset + page.limit);
    return {
      items: slice.map((l) => toItem(l, r.ctx)),
      total: r.rows.length,
      page: page.page,
      limit: page.limit,
      view: r.resolved.scope.view,
      mode: r.resolved.scope.mode,
      badge: MODE_BADGES[r.resolved.scope.mode],
      summary: r.summary,
      warnings: r.resolved.warnings,
    };
  }

  /** Records of given orders, open ones from the model and closed ones read now. */
  async function ordersById(ids: number[]): Promise<{ view: OpenOrdersView; orders: OrderRecord[] }> {
    const first = await model.current();
    const missing = ids.filter((id) => !first.orders.has(id));
    const res =
      missing.length === 0
        ? { view: first, closed: { orders: new Map<number, OrderRecord>() } }
        : await model.withClosed({ key: `ids:${missing.join(',')}`, where: `o.id IN (${missing.map(() => '?').join(', ')})`, args: missing }, { cache: false });
    const orders = ids.map((id) => res.view.orders.get(id) ?? res.closed.orders.get(id)).filter((o): o is OrderRecord => o !== undefined);
    return { view: res.view, orders };
  }

  async function get(lineId: number) {
    const now = clock();
    let view = await model.current();
    let line: LineRecord | undefined = view.line(lineId);
    if (!line) {
      const where = 'o.id IN (SELECT order_id FROM order_lines WHERE id = ?)';
      const res = await model.withClosed({ key: `line:${lineId}`, where, args: [lineId] }, { cache: false });
      view = res.view;
      line = view.line(lineId) ?? res.closed.lines.find((l) => l.id === lineId);
    }
    if (!line) throw notFound('order_line_not_found', 'ไม่พบรายการสินค้าในออเดอร์นี้');
    // Everything from the model first: the history query below awaits.
    const o = line.order;
    const ctx = slaContext(view, now);
    const counts = printCountsOf(o);
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const marker = (kind: string, m: OrderRecord['cancelled']) =>
      m && { kind, at: iso(m.at), by: m.by, note: m.note, source: m.source };
    const detail = {
      line: toItem(line, ctx),
      order: {
        id: o.id,
        orderNo: o.orderNo,
        platform: o.platform,
        platformLabel: PLATFORM_LABELS[o.platform],
        shop: { id: o.shopId, name: o.shopName },
        orderedAt: iso(o.orderTime),
        logisticType: o.logisticType,
        importDate: o.importDate,
        importedAt: iso(o.importedAt),
        importId: o.importId,
        dispatchRound: o.dispatchRound,
        rounds: { lowstock: o.lowstockRound, nostock: o.nostockRound, notenough: o.notenoughRound },
        scannedAt: iso(o.scannedAt),
        scannedBy: o.scannedBy,
        closedAt: iso(o.closedAt),
        pile: o.pile,
        printCounts: counts,
        lines: o.lines.map((l) => toItem(l, ctx)),
      },
      markers: [
        marker('cancelled', o.cancelled),
        marker('issued', o.issued),
        marker('trashed', o.trashed),
        marker('bill_empty', o.billEmpty),
      ].filter((m) => m !== null),
      sales: o.sales && { status: o.sales.status, poNo: o.sales.poNo, packedAt: iso(o.sales.packedAt), text: o.salesText },
    };
    const history = await storage.execute(
      `SELECT id, at, username, role, action, target_label, counts, details FROM audit_log
        WHERE action IN (${ORDER_AUDIT_ACTIONS.map(() => '?').join(', ')})
          AND ((target_type = 'order' AND target_id = ?)
            OR EXISTS (SELECT 1 FROM json_each(audit_log.details, '$.orderIds') j WHERE j.value = ?))
        ORDER BY at DESC, id DESC LIMIT 200`,
      [...ORDER_AUDIT_ACTIONS, String(o.id), o.id],
    );
    const added = extras ? await extras.lineExtras(line.id, o.id) : {};
    return {
      ...added,
      ...detail,
      history: history.rows.map((r) => ({
        id: Number(r[0]),
        at: new Date(Number(r[1])).toISOString(),
        username: r[2] == null ? null : String(r[2]),
        role: r[3] == null ? null : String(r[3]),
        action: String(r[4]),
        targetLabel: r[5] == null ? null : String(r[5]),
        counts: r[6] == null ? null : JSON.parse(String(r[6])),
        details: r[7] == null ? null : JSON.parse(String(r[7])),
      })),
    };
  }

  /** Scan station status check (4): every order whose number normalises to the scanned value. */
  async function statusOf(raw: string) {
    const normalised = normaliseScan(raw);
    if (normalised === '') throw badRequest('missing_order_no', 'กรุณาระบุเลข Order', [{ field: 'orderNo' }]);
    // The index orders_order_no_scan holds this expression: SQLite's upper() folds ASCII only,
    // like marketplace order numbers; the exact rule is then applied in code to every candidate.
    const rs = await storage.execute(
      `SELECT id, order_no FROM orders
        WHERE order_no = ? OR ${ORDER_NO_SCAN_KEY} = ?`,
      [raw.trim(), normalised],
    );
    const ids = rs.rows.filter((r) => normaliseScan(String(r[1])) === normalised).map((r) => Number(r[0]));
    const { orders } = await ordersById(ids);
    orders.sort((a, b) => compareCodePoints(a.platform, b.platform) || compareCodePoints(a.shopName, b.shopName) || a.id - b.id);
    const changed = extras ? await extras.changedAfterPrint(orders.map((o) => o.id)) : new Map<number, PrintChangeItem[]>();
    const items = orders.map((o) => {
      // A picker holding old paper learns here that the order changed since it was printed.
      const changes = changed.get(o.id) ?? [];
      const check = statusCheck({
        cancelled: o.flags.cancelled,
        issued: o.flags.issued,
        packed: o.flags.packed,
        hasSalesRecord: o.sales !== null,
        lines: o.lines.map((l) => l.alloc),
      });
      const trashed = o.flags.trashed;
      return {
        orderId: o.id,
        orderNo: o.orderNo,
        platform: o.platform,
        platformLabel: PLATFORM_LABELS[o.platform],
        shop: { id: o.shopId, name: o.shopName },
        lineIds: o.lines.map((l) => l.id),
        flags: check.flags,
        stock: check.stock,
        names: check.names,
        colour: check.colour,
        pile: o.pile,
        trashed,
        scanned: o.scannedAt !== null,
        scannedAt: o.scannedAt === null ? null : new Date(o.scannedAt).toISOString(),
        // A trashed order is out of every list: nothing for a scanner to do with it.
        recordScan: check.recordScan && !trashed,
        report: trashed ? null : check.report,
        changedAfterPrint: changes,
        changedText: changes.length === 0 ? null : `${CHANGED_AFTER_PRINT_LABEL}: ${[...new Set(changes.map((c) => c.label))].join(', ')}`,
      };
    });
    return {
      orderNo: raw,
      normalised,
      items,
      total: items.length,
      message: items.length === 0 ? STATUS_CHECK_UNKNOWN : null,
    };
  }

  async function dashboard(query: OrdersQuery, arrivedAt?: number): Promise<Dashboard> {
    const now = clock();
    const atLeast = arrivedAt ?? (await model.committedVersion());
    const body = await dashboards.shared(atLeast, queryKey(query, now), () => computeDashboard(query, now, atLeast));
    return { ...body, generatedAt: new Date(now).toISOString() };
  }

  async function computeDashboard(query: OrdersQuery, now: number, atLeast: number): Promise<Omit<Dashboard, 'generatedAt'>> {
    const { resolved, value, version } = await onOneVersion(
      atLeast,
      (first) => resolveQuery({ ...query, status: undefined }, first, now, query.mode === 'all_time' ? 'all' : 'pending'),
      (resolved) => closedFilterFor(resolved.scope),
      (resolved, view, closed) => dashboardSteps(query, resolved, view, closed, now),
    );
    const body = dashboardBody(query, resolved, value);
    dashboards.set(version, queryKey(query, now), body);
    return body;
  }

  /** The cards and the scope's totals (docs/domain/allocation.md#dashboard-cards), in steps. */
  function* dashboardSteps(query: OrdersQuery, resolved: ResolvedQuery, view: OpenOrdersView, closed: ClosedSet, now: number) {
    const { scope, filters } = resolved;
    // `due` narrows every card to the orders of that SLA day, as the table's `due` filter does.
    const ctx = slaContext(view, now);
    const due = query.due ?? null;
    const dueOk = (o: OrderRecord) => due === null || dueMatches(orderSla(o, ctx), due);
    const trashedCandidates = due === null ? closed.orders.values() : [...closed.orders.values()].filter(dueOk);
    const counts: CountedCards = yield* countCardsSteps({
      scope,
      inScopeOrders: view.orders.values(),
      moreOrders: closed.orders.values(),
      keep: (o) => inScope(o, scope) && dueOk(o),
      trashedCandidates,
      q: filters.q,
    });
    return { counts, scope: counts.inScope };
  }

  function dashboardBody(
    query: OrdersQuery,
    resolved: ResolvedQuery,
    counted: { counts: DashboardCounts; scope: { orders: number; lines: number } },
  ): Omit<Dashboard, 'generatedAt'> {
    const { scope } = resolved;
    const { counts } = counted;
    return {
      view: scope.view,
      mode: scope.mode,
      badge: MODE_BADGES[scope.mode],
      today: scope.today,
      filters: {
        platform: scope.platform,
        shop: query.shop ?? null,
        q: query.q ?? null,
        due: query.due ?? null,
        ...scope.dates,
      },
      warnings: resolved.warnings,
      sections: CARD_SECTIONS.map((s) => ({ ...s, cards: [...s.cards] })),
      cards: counts.cards,
      byPlatform: counts.byPlatform,
      byShop: counts.byShop,
      scope: counted.scope,
    };
  }

  /**
   * Dashboard export (docs/domain/reports.md#excel-exports): exactly the table rows of the same
   * parameters, all pages, written row by row into the response. What a later write could move in
   * place is taken now, so the file shows one data version however slowly it is read.
   */
  async function exportXlsx(query: OrdersQuery, attempt = 0) {
    const r = await rows(query);
    const lines = r.rows.slice();
    // 200,000 states take a while: the loop gets turns in between. Should the model apply a
    // change meanwhile (records move in place), start again; the third time without turns.
    const states: ReturnType<typeof exportRowState>[] = new Array(lines.length);
    const applies = model.applies();
    for (let k = 0; k < lines.length; k++) {
      states[k] = exportRowState(lines[k]);
      if (k % 2_000 === 1_999 && attempt < 2) await giveWayIfHeld();
    }
    if (model.applies() !== applies) return exportXlsx(query, attempt + 1);
    const memo = exportMemo();
    let i = 0;
    const body = xlsxStream({
      name: 'Dashboard',
      header: DASHBOARD_EXPORT_HEADER,
      colWidths: [10, 24, 22, 22, 14, 8, 6, 8, 18, 18, 16, 16, 10, 14, 30],
      // Every text column but the order number and the order time repeats.
      sharedColumns: DASHBOARD_EXPORT_HEADER.map((_, c) => c !== 2 && c !== 8),
      rows: {
        next: () => (i < lines.length ? { done: false, value: exportRow(lines[i], r.ctx, states[i++], memo) } : { done: true, value: undefined }),
      },
    });
    return { fileName: `Dashboard_Export_${stamp(r.now)}.xlsx`, body, rows: lines.length };
  }

  return { rows, list, get, statusOf, dashboard, exportXlsx, ordersById };
}

export interface Dashboard {
  view: string;
  mode: string;
  badge: string;
  today: string;
  generatedAt: string;
  filters: Record<string, unknown>;
  warnings: string[];
  sections: { key: string; title: string; cards: string[] }[];
  cards: DashboardCounts['cards'];
  byPlatform: DashboardCounts['byPlatform'];
  byShop: DashboardCounts['byShop'];
  scope: { orders: number; lines: number };
}

/** `YYYYMMDD_HHMM` in Bangkok time. */
function stamp(now: number): string {
  const minutes = Math.floor(bangkokMsOfDay(now) / 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${bangkokDate(now).replace(/-/g, '')}_${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}`;
}

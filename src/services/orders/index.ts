// Reading orders: the table (GET /api/orders), one line with its order and history, the scan
// station's status check, the dashboard cards and the dashboard export. All of them read the
// one cached allocation (allocation-view.ts) and share scope and filters (query.ts), so the
// cards, the table and the export agree for the same parameters.
import { notFound, badRequest } from '../../errors';
import { compareCodePoints, PLATFORM_LABELS } from '../../domain/allocation';
import { normaliseScan, statusCheck, STATUS_CHECK_UNKNOWN } from '../../domain/piles';
import { referenceDay } from '../../domain/sla';
import { CHANGED_AFTER_PRINT_LABEL } from '../../domain/reports/changes';
import type { Shortage } from '../../domain/allocation/shortage';
import { bangkokDate, bangkokMsOfDay } from '../../domain/time';
import { CARD_SECTIONS, countCards, type DashboardCounts } from '../../domain/orders-view/cards';
import { MODE_BADGES, inScope } from '../../domain/orders-view/scope';
import {
  compareDefault,
  dueMatches,
  matchesQuery,
  mergeSorted,
  orderSla,
  selectLines,
  sortRows,
  summarise,
  type SlaContext,
  type TableSummary,
} from '../../domain/orders-view/select';
import { writeXlsx } from '../../xlsx/write';
import { openLine, type AllocationView, type Snapshot } from '../allocation-view';
import { toPage } from '../paging';
import { closedFilterFor, needsClosed, resolveQuery, type OrdersQuery, type ResolvedQuery } from './query';
import { DASHBOARD_EXPORT_HEADER, exportRow, NO_PRINTS, toItem, type OrderItem, type OrderPrintCounts } from './items';
import type { LineRecord, OrderRecord } from '../../domain/orders-view/types';
import type { StoragePort } from '../../storage';

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

const slaContext = (snapshot: Snapshot, now: number): SlaContext => ({
  reference: referenceDay(now, snapshot.calendar),
  calendar: snapshot.calendar,
});

async function printCountsOf(storage: StoragePort, orderIds: number[]): Promise<Map<number, OrderPrintCounts>> {
  const out = new Map<number, OrderPrintCounts>();
  const ids = [...new Set(orderIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rs = await storage.execute(
      `SELECT order_id, kind, count FROM order_print_counters WHERE order_id IN (${part.map(() => '?').join(', ')})`,
      part,
    );
    for (const r of rs.rows) {
      const id = Number(r[0]);
      const counts = out.get(id) ?? { ...NO_PRINTS };
      const kind = String(r[1]) as keyof OrderPrintCounts;
      if (kind in counts) counts[kind] = Number(r[2]);
      out.set(id, counts);
    }
  }
  return out;
}

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

export function createOrdersService(deps: { storage: StoragePort; clock: () => number; view: AllocationView; extras?: OrderExtras }) {
  const { storage, clock, view, extras } = deps;

  /** The filtered, sorted rows of a query (all pages), with what is needed to shape them. */
  async function rows(query: OrdersQuery, fixedView?: 'pending' | 'all') {
    const now = clock();
    const first = await view.snapshot();
    const resolved: ResolvedQuery = resolveQuery(query, first, now, fixedView);
    const { snapshot, closed } = await view.withClosed(needsClosed(resolved) ? closedFilterFor(resolved.scope) : null);
    const ctx = slaContext(snapshot, now);
    const open = selectLines(snapshot.lines, resolved.scope, resolved.filters, ctx);
    const shut = selectLines(closed.lines, resolved.scope, resolved.filters, ctx);
    const merged = mergeSorted(open, shut, compareDefault);
    const sorted = sortRows(merged, resolved.sort, resolved.dir, resolved.scope.view);
    return { now, resolved, snapshot, ctx, rows: sorted };
  }

  async function list(query: OrdersQuery): Promise<OrdersList> {
    const r = await rows(query);
    const page = toPage(query.page, query.limit);
    const slice = r.rows.slice(page.offset, page.offset + page.limit);
    const counts = await printCountsOf(storage, slice.map((l) => l.order.id));
    return {
      items: slice.map((l) => toItem(l, r.ctx, counts.get(l.order.id))),
      total: r.rows.length,
      page: page.page,
      limit: page.limit,
      view: r.resolved.scope.view,
      mode: r.resolved.scope.mode,
      badge: MODE_BADGES[r.resolved.scope.mode],
      summary: summarise(r.rows),
      warnings: r.resolved.warnings,
    };
  }

  /** Records of given orders, open ones from the snapshot and closed ones read now. */
  async function ordersById(ids: number[]): Promise<{ snapshot: Snapshot; orders: OrderRecord[] }> {
    const snapshot = await view.snapshot();
    const missing = ids.filter((id) => !snapshot.orders.has(id));
    let closed = new Map<number, OrderRecord>();
    let current = snapshot;
    if (missing.length > 0) {
      const where = `o.id IN (${missing.map(() => '?').join(', ')})`;
      const res = await view.withClosed({ key: `ids:${missing.join(',')}`, where, args: missing }, { cache: false });
      closed = res.closed.orders;
      current = res.snapshot;
    }
    const orders = ids.map((id) => current.orders.get(id) ?? closed.get(id)).filter((o): o is OrderRecord => o !== undefined);
    return { snapshot: current, orders };
  }

  async function get(lineId: number) {
    const now = clock();
    let snapshot = await view.snapshot();
    let line: LineRecord | undefined = openLine(snapshot, lineId);
    if (!line) {
      const where = 'o.id IN (SELECT order_id FROM order_lines WHERE id = ?)';
      const res = await view.withClosed({ key: `line:${lineId}`, where, args: [lineId] }, { cache: false });
      snapshot = res.snapshot;
      line = openLine(snapshot, lineId) ?? res.closed.lines.find((l) => l.id === lineId);
    }
    if (!line) throw notFound('order_line_not_found', 'ไม่พบรายการสินค้าในออเดอร์นี้');
    const o = line.order;
    const ctx = slaContext(snapshot, now);
    const counts = (await printCountsOf(storage, [o.id])).get(o.id);
    const history = await storage.execute(
      `SELECT id, at, username, role, action, target_label, counts, details FROM audit_log
        WHERE action IN (${ORDER_AUDIT_ACTIONS.map(() => '?').join(', ')})
          AND ((target_type = 'order' AND target_id = ?)
            OR EXISTS (SELECT 1 FROM json_each(audit_log.details, '$.orderIds') j WHERE j.value = ?))
        ORDER BY at DESC, id DESC LIMIT 200`,
      [...ORDER_AUDIT_ACTIONS, String(o.id), o.id],
    );
    const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
    const marker = (kind: string, m: OrderRecord['cancelled']) =>
      m && { kind, at: iso(m.at), by: m.by, note: m.note, source: m.source };
    const added = extras ? await extras.lineExtras(line.id, o.id) : {};
    return {
      ...added,
      line: toItem(line, ctx, counts),
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
        printCounts: counts ?? NO_PRINTS,
        lines: o.lines.map((l) => toItem(l, ctx, counts)),
      },
      markers: [
        marker('cancelled', o.cancelled),
        marker('issued', o.issued),
        marker('trashed', o.trashed),
        marker('bill_empty', o.billEmpty),
      ].filter((m) => m !== null),
      sales: o.sales && { status: o.sales.status, poNo: o.sales.poNo, packedAt: iso(o.sales.packedAt), text: o.salesText },
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
    // SQLite's upper() folds ASCII only, like marketplace order numbers; the exact rule is then
    // applied in code to every candidate.
    const rs = await storage.execute(
      `SELECT id, order_no FROM orders
        WHERE order_no = ? OR replace(replace(replace(replace(replace(upper(order_no), ' ', ''), '-', ''), '_', ''), char(9), ''), char(10), '') = ?`,
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

  async function dashboard(query: OrdersQuery) {
    const now = clock();
    const first = await view.snapshot();
    const resolved = resolveQuery({ ...query, status: undefined }, first, now, query.mode === 'all_time' ? 'all' : 'pending');
    const { snapshot, closed } = await view.withClosed(closedFilterFor(resolved.scope));
    const { scope, filters } = resolved;
    // `due` narrows every card to the orders of that SLA day, as the table's `due` filter does.
    const ctx = slaContext(snapshot, now);
    const due = query.due ?? null;
    const dueOk = (o: OrderRecord) => due === null || dueMatches(orderSla(o, ctx), due);
    const inScopeOrders: OrderRecord[] = [];
    for (const o of snapshot.orders.values()) if (inScope(o, scope) && dueOk(o)) inScopeOrders.push(o);
    for (const o of closed.orders.values()) if (inScope(o, scope) && dueOk(o)) inScopeOrders.push(o);
    const trashedCandidates = due === null ? closed.orders.values() : [...closed.orders.values()].filter(dueOk);
    const counts: DashboardCounts = countCards({ scope, inScopeOrders, trashedCandidates, q: filters.q });
    let scopeOrders = 0;
    let scopeLines = 0;
    for (const o of inScopeOrders) {
      const n = filters.q === null ? o.lines.length : o.lines.filter((l) => matchesQuery(l, filters.q!)).length;
      if (n > 0) {
        scopeOrders++;
        scopeLines += n;
      }
    }
    return {
      view: scope.view,
      mode: scope.mode,
      badge: MODE_BADGES[scope.mode],
      today: scope.today,
      generatedAt: new Date(now).toISOString(),
      filters: {
        platform: scope.platform,
        shop: query.shop ?? null,
        q: query.q ?? null,
        due,
        ...scope.dates,
      },
      warnings: resolved.warnings,
      sections: CARD_SECTIONS.map((s) => ({ ...s, cards: [...s.cards] })),
      cards: counts.cards,
      byPlatform: counts.byPlatform,
      byShop: counts.byShop,
      scope: { orders: scopeOrders, lines: scopeLines },
    };
  }

  /** Dashboard export (5.6): exactly the table rows of the same parameters, all pages. */
  async function exportXlsx(query: OrdersQuery) {
    const r = await rows(query);
    const sheetRows = [[...DASHBOARD_EXPORT_HEADER], ...r.rows.map((l) => exportRow(l, r.ctx))];
    const bytes = writeXlsx([{ name: 'Dashboard', rows: sheetRows, colWidths: [10, 24, 22, 22, 14, 8, 6, 8, 18, 18, 16, 16, 10, 14, 30] }]);
    return { fileName: `Dashboard_Export_${stamp(r.now)}.xlsx`, bytes, rows: r.rows.length };
  }

  return { rows, list, get, statusOf, dashboard, exportXlsx, ordersById };
}

/** `YYYYMMDD_HHMM` in Bangkok time. */
function stamp(now: number): string {
  const minutes = Math.floor(bangkokMsOfDay(now) / 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${bangkokDate(now).replace(/-/g, '')}_${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}`;
}

// What the dashboard's charts show besides the cards: orders imported per day by platform (one
// grouped SQL count, no orders in memory), and pending orders by SLA day and stock trouble
// (counted over the same rows as the orders table, so a chart agrees with the list it links to).
import { PLATFORMS, type Platform } from '../../domain/platform';
import { cleanShopName, shopNameKey } from '../../domain/imports/shops';
import { epochDayToIsoDate, isoDateToEpochDay, bangkokDate } from '../../domain/time';
import { pendingChartCounts, type PendingChartCounts } from '../../domain/orders-view/chart-counts';
import { resolvePlatform } from './query';
import type { OrdersQuery, OrdersService } from './index';
import type { StoragePort } from '../../storage';

export interface OrdersPerDay {
  /** Bangkok dates `YYYY-MM-DD`, oldest first, ending today. */
  days: string[];
  /** counts[platform][i] = orders of that platform imported on days[i]. */
  counts: Record<Platform, number[]>;
}

export function createDashboardChartsService(deps: {
  storage: StoragePort;
  clock: () => number;
  orders: OrdersService;
}) {
  const { storage, clock, orders } = deps;

  /**
   * Orders by import date (the day they reached the desk, as the dashboard's ค้าง/วันนี้ split
   * reads it) and platform, for the `days` days ending today; trashed orders are left out.
   */
  async function ordersPerDay(query: { platform?: string; shop?: string; days?: number } = {}): Promise<OrdersPerDay> {
    const n = Math.min(62, Math.max(1, Math.floor(query.days ?? 14)));
    const last = isoDateToEpochDay(bangkokDate(clock()));
    const days = Array.from({ length: n }, (_, i) => epochDayToIsoDate(last - (n - 1) + i));
    const where = [
      'o.import_date >= ?',
      'o.import_date <= ?',
      "NOT EXISTS (SELECT 1 FROM order_markers m WHERE m.order_id = o.id AND m.kind = 'trashed')",
    ];
    const args: (string | number)[] = [days[0], days[n - 1]];
    const platform = resolvePlatform(query.platform);
    if (platform !== null) {
      where.push('o.platform = ?');
      args.push(platform);
    }
    const shop = (query.shop ?? '').trim();
    if (shop !== '') {
      // As the orders filter reads it: a shop id, or a name on any platform.
      if (/^\d+$/.test(shop)) {
        where.push('(o.shop_id = ? OR o.shop_id IN (SELECT id FROM shops WHERE name_key = ?))');
        args.push(Number(shop), shopNameKey(shop));
      } else {
        where.push('o.shop_id IN (SELECT id FROM shops WHERE name_key = ?)');
        args.push(shopNameKey(cleanShopName(shop).value ?? ''));
      }
    }
    const rs = await storage.execute(
      `SELECT o.import_date, o.platform, count(*) FROM orders o WHERE ${where.join(' AND ')} GROUP BY o.import_date, o.platform`,
      args,
    );
    const index = new Map(days.map((d, i) => [d, i]));
    const counts = Object.fromEntries(PLATFORMS.map((p) => [p, new Array<number>(n).fill(0)])) as Record<
      Platform,
      number[]
    >;
    for (const r of rs.rows) {
      const i = index.get(String(r[0]));
      const p = String(r[1]) as Platform;
      if (i !== undefined && counts[p]) counts[p][i] += Number(r[2]);
    }
    return { days, counts };
  }

  /** Pending orders of the dashboard's filters by SLA day and stock trouble. */
  async function pending(
    query: Pick<OrdersQuery, 'platform' | 'shop' | 'q' | 'due' | 'mode'>,
  ): Promise<PendingChartCounts> {
    const r = await orders.rows(
      { platform: query.platform, shop: query.shop, q: query.q, due: query.due, mode: query.mode },
      query.mode === 'all_time' ? 'all' : 'pending',
    );
    return pendingChartCounts(r.rows, r.ctx);
  }

  return { ordersPerDay, pending };
}

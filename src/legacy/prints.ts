// Legacy sku_print_history -> print_jobs + print_job_skus (A6). The legacy kept no job: one row
// per printed line, stamped with one `now`, so a job is the rows sharing (printed_at, printed_by,
// platform, shop_id, logistic), and each of its SKUs becomes one job-SKU. Only Picking prints
// wrote history; the other prints left counters only (mapped in orders.ts).
import type { printJobSkus, printJobs, Platform } from '../db/schema';
import type { ConvertedOrder } from './orders';
import type { LegacyPrintHistory } from './read';
import type { ConversionReport } from './report';
import type { PlatformMapper, ShopBook } from './shops';
import type { UserDirectory } from './users';
import { legacyInstant } from './timestamps';
import { legacyIdentifier, legacyInt, legacyText } from './values';

export type PrintJobRow = typeof printJobs.$inferInsert;
export type PrintJobSkuRow = typeof printJobSkus.$inferInsert;

export function mapPrintJobs(
  history: LegacyPrintHistory[],
  deps: {
    orders: ConvertedOrder[];
    shops: ShopBook;
    platforms: PlatformMapper;
    users: UserDirectory;
    now: number;
    report: ConversionReport;
  },
) {
  const { shops, platforms, users, now, report } = deps;
  const groups = new Map<string, LegacyPrintHistory[]>();
  for (const h of history) {
    const key = JSON.stringify([h.printed_at, h.printed_by, h.platform, h.shop_id, h.logistic]);
    const list = groups.get(key);
    if (list) list.push(h);
    else groups.set(key, [h]);
  }

  // The lines whose last Picking print is a job: same instant, same user (a later reprint
  // overwrote the time of the others, so this is what the legacy still shows of the job).
  const lastPicking = new Map<string, { orderId: number; count: number }[]>();
  for (const o of deps.orders) {
    for (const line of o.legacyLines) {
      const at = legacyInstant(line.printed_picking_at, 'bangkok');
      if (at === null) continue;
      const key = `${at}\u0000${String(line.printed_picking_by ?? '').trim()}`;
      const list = lastPicking.get(key);
      const entry = { orderId: o.row.id, count: legacyInt(line.printed_picking) ?? 0 };
      if (list) list.push(entry);
      else lastPicking.set(key, [entry]);
    }
  }

  const jobs: PrintJobRow[] = [];
  const skus: PrintJobSkuRow[] = [];
  let id = 0;
  for (const rows of groups.values()) {
    id++;
    const first = rows[0];
    let printedAt = legacyInstant(first.printed_at, 'bangkok');
    if (printedAt === null) {
      printedAt = now;
      report.unreadableTimestamps.add({
        table: 'sku_print_history',
        column: 'printed_at',
        legacyId: first.id,
        value: String(first.printed_at),
        fallback: new Date(now).toISOString(),
      });
    }
    const by = users.byName(first.printed_by);
    const rawPlatform = legacyText(first.platform);
    const platform: Platform | null = rawPlatform === null ? null : platforms.map(first.platform, 'sku_print_history');
    const legacyShopId = legacyInt(first.shop_id);
    const logistic = legacyText(first.logistic);
    const printed = lastPicking.get(`${printedAt}\u0000${String(first.printed_by ?? '').trim()}`) ?? [];
    jobs.push({
      id,
      kind: 'picking',
      printedAt,
      printedByUserId: by.userId,
      printedByUsername: by.username,
      platform,
      shopId: shops.idOfLegacy(legacyShopId),
      logistic,
      orderCount: new Set(printed.map((p) => p.orderId)).size,
      lineCount: rows.length,
      // The legacy refused a second Picking print of a line unless an admin overrode it.
      override: printed.some((p) => p.count > 1),
      filters: JSON.stringify({ platform: rawPlatform, shopId: legacyShopId, logistic, legacy: true }),
    });

    const bySku = new Map<string, { lines: number; context: number }>();
    for (const h of rows) {
      const sku = legacyIdentifier(h.sku, 'sku');
      if (!sku.ok) {
        report.droppedRows.add({
          table: 'sku_print_history',
          legacyId: h.id,
          value: h.sku == null ? null : String(h.sku),
        });
        continue;
      }
      const entry = bySku.get(sku.value) ?? { lines: 0, context: 0 };
      entry.lines++;
      entry.context = Math.max(entry.context, legacyInt(h.print_count) ?? 0);
      bySku.set(sku.value, entry);
    }
    for (const [sku, entry] of bySku) {
      // The legacy recorded no quantity, only one row per printed line: qty counts those lines.
      skus.push({ printJobId: id, sku, qty: entry.lines, contextCount: entry.context });
    }
  }
  return { jobs, skus };
}

// Legacy order_lines -> orders + order_lines + order_print_counters
// (docs/domain/data-model.md#legacy-migration-map). One order per (platform, shop, normalised order
// number); lines of an order whose SKUs collide after normalising become one line with the
// quantities summed. Order-level values the legacy kept per line: print counts, rounds and scans
// take the maximum over the lines; order time and logistics the first non-empty value; import time
// and date the earliest import (A4 of docs/domain/data-model.md#legacy-conversion-choices). Picking
// is counted per line in the rewrite, so `printed_picking*` stays on each line.
import type { orderLines, orderPrintCounters, orders, Platform } from '../db/schema';
import { bangkokDate } from '../domain/time';
import type { ImportIndex } from './imports';
import type { LegacyLine } from './read';
import type { ConversionReport, OrderRef } from './report';
import type { PlatformMapper, ShopBook } from './shops';
import type { ByRef, UserDirectory } from './users';
import { bangkokMidnight, legacyBusinessDate, legacyInstant, legacyOrderTime } from './timestamps';
import { legacyBool, legacyIdentifier, legacyInt, legacyText } from './values';

export type OrderRow = typeof orders.$inferInsert;
export type LineRow = typeof orderLines.$inferInsert;
export type PrintCounterRow = typeof orderPrintCounters.$inferInsert;

export interface ConvertedOrder {
  row: OrderRow & { id: number; orderNo: string; platform: Platform };
  ref: OrderRef;
  legacyLines: LegacyLine[];
}

const COUNTER_KINDS = ['warehouse', 'lowstock', 'nostock', 'notenough'] as const;

interface Group {
  platform: Platform;
  shopId: number;
  shopName: string;
  orderNo: string;
  legacyNumbers: string[];
  lines: { legacy: LegacyLine; sku: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The line holding the latest time of a column, with that time. */
function latest(lines: LegacyLine[], column: keyof LegacyLine): { line: LegacyLine; at: number } | null {
  let best: { line: LegacyLine; at: number } | null = null;
  for (const line of lines) {
    const at = legacyInstant(line[column], 'bangkok');
    if (at !== null && (best === null || at > best.at)) best = { line, at };
  }
  return best;
}

function maxInt(lines: LegacyLine[], column: keyof LegacyLine): number | null {
  let max: number | null = null;
  for (const line of lines) {
    const v = legacyInt(line[column]);
    if (v !== null && (max === null || v > max)) max = v;
  }
  return max;
}

export function mapOrders(
  legacyLines: LegacyLine[],
  deps: {
    shops: ShopBook;
    platforms: PlatformMapper;
    users: UserDirectory;
    imports: ImportIndex;
    now: number;
    report: ConversionReport;
  },
) {
  const { shops, platforms, users, imports, now, report } = deps;
  const groups = new Map<string, Group>();

  for (const legacy of legacyLines) {
    const platform = platforms.map(legacy.platform, 'order_lines');
    const shop = shops.shopFor(legacyInt(legacy.shop_id), platform);
    const no = legacyIdentifier(legacy.order_id, 'order_id');
    const sku = legacyIdentifier(legacy.sku, 'sku');
    if (!no.ok || !sku.ok) {
      report.droppedLines.add({
        legacyLineId: legacy.id,
        platform,
        shop: shop.name,
        orderNo: legacy.order_id == null ? null : String(legacy.order_id),
        sku: legacy.sku == null ? null : String(legacy.sku),
        qty: legacyInt(legacy.qty),
        reason: no.ok ? 'missing_sku' : 'missing_order_no',
      });
      continue;
    }
    if (no.inexact) report.inexactIdentifiers.add({ table: 'order_lines', column: 'order_id', value: no.value });
    if (sku.inexact) report.inexactIdentifiers.add({ table: 'order_lines', column: 'sku', value: sku.value });
    const key = `${platform}\u0000${shop.id}\u0000${no.value}`;
    let group = groups.get(key);
    if (!group) {
      group = { platform, shopId: shop.id!, shopName: shop.name, orderNo: no.value, legacyNumbers: [], lines: [] };
      groups.set(key, group);
    }
    const legacyNo = String(legacy.order_id);
    if (!group.legacyNumbers.includes(legacyNo)) group.legacyNumbers.push(legacyNo);
    group.lines.push({ legacy, sku: sku.value });
  }

  const converted: ConvertedOrder[] = [];
  const lines: LineRow[] = [];
  const counters: PrintCounterRow[] = [];
  let orderId = 0;
  let lineId = 0;

  for (const group of groups.values()) {
    orderId++;
    const all = group.lines.map((l) => l.legacy);
    const ref: OrderRef = { platform: group.platform, shop: group.shopName, orderNo: group.orderNo };
    if (group.legacyNumbers.length > 1) {
      report.orderMerges.add({ ...ref, legacyNumbers: group.legacyNumbers, legacyLineIds: all.map((l) => l.id) });
    }

    let orderTime: number | null = null;
    for (const line of all) {
      const t = legacyOrderTime(line.order_time);
      if (t.ms === null) {
        if (legacyText(line.order_time) !== null) {
          report.unreadableTimestamps.add({
            table: 'order_lines',
            column: 'order_time',
            legacyId: line.id,
            value: String(line.order_time),
            fallback: 'none',
          });
        }
        continue;
      }
      if (t.buddhistYearRepaired)
        report.buddhistYearsRepaired.add({ ...ref, legacyValue: String(line.order_time), repaired: iso(t.ms) });
      orderTime = t.ms;
      break;
    }
    const logisticType = all.map((l) => legacyText(l.logistic_type)).find((v) => v !== null) ?? null;

    // The earliest import of the order: its time, and the business date of that same import.
    let importedAt = Infinity;
    let importDate: string | null = null;
    for (const line of all) {
      const at = legacyInstant(line.imported_at, 'bangkok') ?? bangkokMidnight(line.import_date);
      if (at !== null && at < importedAt) {
        importedAt = at;
        importDate = legacyBusinessDate(line.import_date);
      }
    }
    if (importedAt === Infinity) {
      importedAt = now;
      report.unreadableTimestamps.add({
        table: 'order_lines',
        column: 'imported_at',
        legacyId: all[0].id,
        value: String(all[0].imported_at),
        fallback: iso(now),
      });
    }
    importDate ??= bangkokDate(importedAt);

    const scan = latest(all, 'scanned_at');
    const scannedBy: ByRef = scan ? users.byName(scan.line.scanned_by) : { userId: null, username: null };

    const row: ConvertedOrder['row'] = {
      id: orderId,
      platform: group.platform,
      shopId: group.shopId,
      orderNo: group.orderNo,
      orderTime,
      logisticType,
      importDate,
      importedAt,
      importId: imports.orderImport(group.platform, importDate, group.orderNo),
      dispatchRound: maxInt(all, 'dispatch_round'),
      lowstockRound: maxInt(all, 'lowstock_round'),
      nostockRound: maxInt(all, 'nostock_round'),
      notenoughRound: maxInt(all, 'notenough_round'),
      scannedAt: scan?.at ?? null,
      scannedByUserId: scannedBy.userId,
      scannedByUsername: scannedBy.username,
      closedAt: null,
    };
    converted.push({ row, ref, legacyLines: all });

    for (const kind of COUNTER_KINDS) {
      const count = maxInt(all, `printed_${kind}`) ?? 0;
      if (count <= 0) continue;
      const last = latest(all, `printed_${kind}_at`);
      const holder = last?.line ?? all.find((l) => legacyInt(l[`printed_${kind}`]) === count)!;
      const by = users.byName(holder[`printed_${kind}_by`]);
      counters.push({
        orderId,
        kind,
        count,
        // The legacy kept only the last print time: the first one is known only for a single print.
        firstPrintedAt: count === 1 ? (last?.at ?? null) : null,
        lastPrintedAt: last?.at ?? null,
        lastPrintedByUserId: by.userId,
        lastPrintedByUsername: by.username,
      });
    }

    const bySku = new Map<string, { legacy: LegacyLine; sku: string }[]>();
    for (const l of group.lines) {
      const list = bySku.get(l.sku);
      if (list) list.push(l);
      else bySku.set(l.sku, [l]);
    }
    for (const [sku, parts] of bySku) {
      lineId++;
      let qty = 0;
      for (const { legacy } of parts) {
        const q = legacyInt(legacy.qty);
        if (q !== null && q < 1) report.qtyRaised.add({ ...ref, sku, legacyQty: legacy.qty });
        qty += q === null || q < 1 ? 1 : q;
      }
      if (parts.length > 1) {
        report.lineMerges.add({
          ...ref,
          sku,
          legacyLineIds: parts.map((p) => p.legacy.id),
          legacySkus: parts.map((p) => String(p.legacy.sku)),
          qty,
        });
      }
      const legacyParts = parts.map((p) => p.legacy);
      const accepted = legacyParts
        .filter((l) => legacyBool(l.accepted, false))
        .map((l) => ({ l, at: legacyInstant(l.accepted_at, 'bangkok') }))
        .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity));
      const firstAccept = accepted[0];
      let acceptedBy: ByRef = { userId: null, username: null };
      if (firstAccept) {
        const byId = users.byId(firstAccept.l.accepted_by_user_id);
        const copy = legacyText(firstAccept.l.accepted_by_username, 64);
        acceptedBy = byId.username !== null ? byId : users.byName(copy);
      }
      const picking = latest(legacyParts, 'printed_picking_at');
      const pickingBy = picking ? users.byName(picking.line.printed_picking_by) : { userId: null, username: null };
      const createdAt = Math.min(...legacyParts.map((l) => legacyInstant(l.imported_at, 'bangkok') ?? importedAt));
      lines.push({
        id: lineId,
        orderId,
        sku,
        qty,
        itemName: legacyParts.map((l) => legacyText(l.item_name)).find((v) => v !== null) ?? null,
        accepted: firstAccept !== undefined,
        acceptedAt: firstAccept?.at ?? null,
        acceptedByUserId: acceptedBy.userId,
        acceptedByUsername: acceptedBy.username,
        pickingCount: maxInt(legacyParts, 'printed_picking') ?? 0,
        pickingLastAt: picking?.at ?? null,
        pickingLastByUserId: pickingBy.userId,
        pickingLastByUsername: pickingBy.username,
        createdAt,
      });
    }
  }

  return { orders: converted, lines, counters };
}

/** Legacy line ids carrying the bill-empty flag, as normalised order numbers. */
export function billEmptyNumbers(legacyLines: LegacyLine[]): Set<string> {
  const out = new Set<string>();
  for (const line of legacyLines) {
    if (
      String(line.allocation_status ?? '')
        .trim()
        .toUpperCase() !== 'BILL_EMPTY'
    )
      continue;
    const no = legacyIdentifier(line.order_id, 'order_id');
    if (no.ok) out.add(no.value);
  }
  return out;
}

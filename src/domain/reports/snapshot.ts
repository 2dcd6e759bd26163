// The print ledger's record of what went out on paper (docs/domain/reports.md#print-ledger, issue
// 14): per order the lines with qty, stock and status at print time, plus the picking SKU rows, and
// a SHA-256 content hash over a canonical serialisation.
//
// The snapshot holds the CONTENT of the paper only - not when, by whom, or which copy it was
// (those live on the print job), so a copy of unchanged work hashes like the original and a
// supervisor can tell "same paper again" from "the work changed in between".
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { compareCodePoints, type ComputedStatus, type DisplayStatus, type Platform } from '../allocation';
import type { PickingLine, PickingRow } from './picking';
import type { StockReportRow } from './stock-reports';
import type { ReportKind, ReportLine, ReportOrder } from './types';
import type { WarehouseRow } from './warehouse';

export const SNAPSHOT_VERSION = 1;

export interface SnapshotLine {
  lineId: number;
  sku: string;
  brand: string | null;
  productName: string | null;
  qty: number;
  /** On-hand stock of the SKU at print time. */
  stock: number;
  status: DisplayStatus | null;
  computedStatus: ComputedStatus | null;
  accepted: boolean;
  /** หมายเหตุ of the row (stock reports); '' otherwise. */
  note: string;
}

export interface SnapshotOrder {
  orderId: number;
  orderNo: string;
  platform: Platform;
  shopId: number;
  shopName: string;
  logisticType: string | null;
  orderTime: number | null;
  /** Bangkok epoch day; null where the SLA shows `-`. */
  dueDay: number | null;
  dispatchRound: number | null;
  /** The stock report's round; null for the warehouse sheet and the Picking List. */
  round: number | null;
  acceptedBy: string[];
  scanned: boolean;
  issued: boolean;
  /** `ของไม่พอ` (warehouse sheet). */
  short: boolean;
  /** The lines printed: every line of the order on the warehouse sheet, the printed lines otherwise. */
  lines: SnapshotLine[];
}

/** A Picking List row as printed (without the history count, which belongs to the print job). */
export type SnapshotSku = Omit<PickingRow, 'printCount' | 'lastPrintedAt' | 'lines'>;

export interface PrintSnapshot {
  v: typeof SNAPSHOT_VERSION;
  kind: ReportKind;
  orders: SnapshotOrder[];
  /** Picking List rows; empty for the other reports. */
  skus: SnapshotSku[];
}

export function snapshotLine(l: ReportLine, note = ''): SnapshotLine {
  return {
    lineId: l.id,
    sku: l.sku,
    brand: l.brand,
    productName: l.productName,
    qty: l.qty,
    stock: l.stockQty,
    status: l.alloc.displayStatus,
    computedStatus: l.alloc.computedStatus,
    accepted: l.accepted,
    note,
  };
}

function snapshotOrder(
  o: ReportOrder,
  lines: readonly SnapshotLine[],
  extra: Partial<Pick<SnapshotOrder, 'round' | 'acceptedBy' | 'short'>>,
): SnapshotOrder {
  return {
    orderId: o.id,
    orderNo: o.orderNo,
    platform: o.platform,
    shopId: o.shopId,
    shopName: o.shopName,
    logisticType: o.logisticType,
    orderTime: o.orderTime,
    dueDay: o.dueDay,
    dispatchRound: o.dispatchRound,
    round: extra.round ?? null,
    acceptedBy: extra.acceptedBy ?? [],
    scanned: o.scannedAt !== null,
    issued: o.flags.issued,
    short: extra.short ?? false,
    lines: [...lines].sort((a, b) => a.lineId - b.lineId),
  };
}

export function warehouseSnapshotOrder(r: WarehouseRow): SnapshotOrder {
  return snapshotOrder(
    r.order,
    r.order.lines.map((l) => snapshotLine(l)),
    { acceptedBy: r.acceptedBy, short: r.short },
  );
}

/** Printed lines grouped per order, orders in the order they first appear. */
export function pickingSnapshotOrders(lines: readonly PickingLine[]): SnapshotOrder[] {
  const byOrder = new Map<number, { order: ReportOrder; lines: ReportLine[] }>();
  for (const { order, line } of lines) {
    const g = byOrder.get(order.id);
    if (g) g.lines.push(line);
    else byOrder.set(order.id, { order, lines: [line] });
  }
  return [...byOrder.values()].map((g) =>
    snapshotOrder(
      g.order,
      g.lines.map((l) => snapshotLine(l)),
      {
        acceptedBy: [...new Set(g.order.lines.filter((l) => l.accepted && l.acceptedBy).map((l) => l.acceptedBy!))],
      },
    ),
  );
}

export function pickingSnapshotSku(r: PickingRow): SnapshotSku {
  const { printCount: _count, lastPrintedAt: _at, lines: _lines, platforms, shops, logistics, rounds, ...rest } = r;
  return {
    ...rest,
    platforms: [...platforms],
    shops: [...shops],
    logistics: [...logistics],
    rounds: rounds && { ...rounds },
  };
}

/** Rows of a stock report grouped per order, orders in row order. */
export function stockReportSnapshotOrders(rows: readonly StockReportRow[]): SnapshotOrder[] {
  const byOrder = new Map<number, StockReportRow[]>();
  for (const r of rows) {
    const g = byOrder.get(r.order.id);
    if (g) g.push(r);
    else byOrder.set(r.order.id, [r]);
  }
  return [...byOrder.values()].map((g) =>
    snapshotOrder(
      g[0].order,
      g.map((r) => snapshotLine(r.line, r.note)),
      { round: g[0].round },
    ),
  );
}

/**
 * Canonical JSON: object keys sorted by code point, no whitespace, arrays in their order. Only
 * null, booleans, finite numbers, strings, arrays and plain objects are allowed, and undefined is
 * refused rather than dropped, so two runtimes serialise the same record to the same text.
 *
 * Native JSON.stringify does the writing: given an array of property names it writes every
 * object's properties in that array's order (integer-like names included), so the sorted set of
 * all names in the value is the canonical order. A first pass checks the values and collects them.
 */
export function canonicalJson(value: unknown): string {
  const names = new Set<string>();
  check(value, names);
  return JSON.stringify(value, [...names].sort(compareCodePoints)) as string;
}

function check(value: unknown, names: Set<string>): void {
  if (value === null) return;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: not a finite number: ${value}`);
      return;
    case 'object': {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) check(value[i], names);
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new TypeError('canonicalJson: only plain objects');
      for (const k in value as Record<string, unknown>) {
        names.add(k);
        check((value as Record<string, unknown>)[k], names);
      }
      return;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

/** SHA-256 (hex) of the canonical JSON of a value: runs the same on Node and on the edge. */
export const canonicalHash = (value: unknown): string => bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));

/** The content hash of a print record. */
export const contentHash = (s: PrintSnapshot): string => canonicalHash(s);

export function buildSnapshot(kind: ReportKind, orders: SnapshotOrder[], skus: SnapshotSku[] = []): PrintSnapshot {
  return { v: SNAPSHOT_VERSION, kind, orders, skus };
}

/**
 * Part of a record, for a reprint of some of it: orders of an order-level record, SKUs of a
 * picking record (its paper is per SKU; the SKU rows are kept exactly as printed). Null = all.
 */
export function selectSnapshot(
  s: PrintSnapshot,
  pick: { orderIds?: ReadonlySet<number> | null; skus?: ReadonlySet<string> | null },
): PrintSnapshot {
  if (s.kind !== 'picking') {
    const ids = pick.orderIds ?? null;
    return ids === null ? s : { ...s, orders: s.orders.filter((o) => ids.has(o.orderId)) };
  }
  const skus = pick.skus ?? null;
  if (skus === null) return s;
  const orders = s.orders
    .map((o) => ({ ...o, lines: o.lines.filter((l) => skus.has(l.sku)) }))
    .filter((o) => o.lines.length > 0);
  return { ...s, orders, skus: s.skus.filter((r) => skus.has(r.sku)) };
}

/** `สำเนา / COPY n` for a reprint (n = prints before this one), '' for the first print. */
export function copyLabel(copy: number): string {
  return copy >= 1 ? `สำเนา / COPY ${copy}` : '';
}

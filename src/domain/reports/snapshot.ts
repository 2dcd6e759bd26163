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
import { ARRAY_STEP, mapSteps, ROW_STEP } from '../../lib/array-steps';
import { runSteps, type Steps } from '../../lib/steps';
import type { PickingLine, PickingRow } from './picking';
import { builtOrderJson, builtSkuJson } from './snapshot-order-json';
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

// The builders below write each object's keys in code-point order: canonicalJson then leaves the
// serialising to the runtime's fast path (a 5,000-line print spent 60 ms in it otherwise).
export function snapshotLine(l: ReportLine, note = ''): SnapshotLine {
  return {
    accepted: l.accepted,
    brand: l.brand,
    computedStatus: l.alloc.computedStatus,
    lineId: l.id,
    note,
    productName: l.productName,
    qty: l.qty,
    sku: l.sku,
    status: l.alloc.displayStatus,
    stock: l.stockQty,
  };
}

const byLineId = (a: SnapshotLine, b: SnapshotLine) => a.lineId - b.lineId;

/** `lines` is the caller's own new array: sorted in place, not copied. */
function snapshotOrder(
  o: ReportOrder,
  lines: SnapshotLine[],
  extra: Partial<Pick<SnapshotOrder, 'round' | 'acceptedBy' | 'short'>>,
): SnapshotOrder {
  return {
    acceptedBy: extra.acceptedBy ?? [],
    dispatchRound: o.dispatchRound,
    dueDay: o.dueDay,
    issued: o.flags.issued,
    lines: lines.sort(byLineId),
    logisticType: o.logisticType,
    orderId: o.id,
    orderNo: o.orderNo,
    orderTime: o.orderTime,
    platform: o.platform,
    round: extra.round ?? null,
    scanned: o.scannedAt !== null,
    shopId: o.shopId,
    shopName: o.shopName,
    short: extra.short ?? false,
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
  return runSteps(pickingSnapshotOrdersSteps(lines));
}

/** pickingSnapshotOrders in steps (lib/array-steps.ts). */
export function* pickingSnapshotOrdersSteps(lines: readonly PickingLine[]): Steps<SnapshotOrder[]> {
  // The snapshot lines are made as the lines are grouped: no intermediate list per order.
  const byOrder = new Map<number, { order: ReportOrder; lines: SnapshotLine[] }>();
  for (let i = 0; i < lines.length; i++) {
    const { order, line } = lines[i];
    const g = byOrder.get(order.id);
    if (g) g.lines.push(snapshotLine(line));
    else byOrder.set(order.id, { order, lines: [snapshotLine(line)] });
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  const out: SnapshotOrder[] = [];
  let n = 0;
  for (const g of byOrder.values()) {
    out.push(snapshotOrder(g.order, g.lines, { acceptedBy: acceptedByOf(g.order) }));
    if (++n % ROW_STEP === 0) yield ROW_STEP;
  }
  return out;
}

/** Distinct users who accepted the order's accepted lines, in line order. */
function acceptedByOf(o: ReportOrder): string[] {
  const out: string[] = [];
  for (const l of o.lines) if (l.accepted && l.acceptedBy && !out.includes(l.acceptedBy)) out.push(l.acceptedBy);
  return out;
}

export function pickingSnapshotSku(r: PickingRow): SnapshotSku {
  return {
    brand: r.brand,
    left: r.left,
    logistics: [...r.logistics],
    platforms: [...r.platforms],
    productName: r.productName,
    qty: r.qty,
    rounds: r.rounds && { max: r.rounds.max, min: r.rounds.min },
    shops: [...r.shops],
    shortfall: r.shortfall,
    sku: r.sku,
    stock: r.stock,
  };
}

/** Rows of a stock report grouped per order, orders in row order; in steps (lib/array-steps.ts). */
export function* stockReportSnapshotOrdersSteps(rows: readonly StockReportRow[]): Steps<SnapshotOrder[]> {
  const byOrder = new Map<number, StockReportRow[]>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const g = byOrder.get(r.order.id);
    if (g) g.push(r);
    else byOrder.set(r.order.id, [r]);
    if (i % ARRAY_STEP === ARRAY_STEP - 1) yield ARRAY_STEP;
  }
  return yield* mapSteps(
    [...byOrder.values()],
    (g) =>
      snapshotOrder(
        g[0].order,
        g.map((r) => snapshotLine(r.line, r.note)),
        { round: g[0].round },
      ),
    ROW_STEP,
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
  // Every object already in canonical order (as the snapshot's builders write them): the plain
  // call writes the same text, on the runtime's fast path; a list of names takes it off it.
  if (inOrder(value)) return JSON.stringify(value);
  const names = new Set<string>();
  collect(value, names);
  return JSON.stringify(value, [...names].sort(compareCodePoints)) as string;
}

/** Checks a leaf; false for an object or array (the callers walk those). */
function checkLeaf(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return true;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: not a finite number: ${value}`);
      return true;
    case 'object': {
      const proto = Object.getPrototypeOf(value);
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null)
        throw new TypeError('canonicalJson: only plain objects');
      return false;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

/** Checks the value; true when every object's keys are in code-point order (stops at the first that is not). */
function inOrder(value: unknown): boolean {
  if (checkLeaf(value)) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!inOrder(value[i])) return false;
    return true;
  }
  // for-in visits own keys in the order JSON.stringify writes them (integer-like ones first).
  let previous: string | null = null;
  for (const k in value as Record<string, unknown>) {
    if (previous !== null && compareCodePoints(previous, k) >= 0) return false;
    previous = k;
    if (!inOrder((value as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Checks the whole value and collects its property names. */
function collect(value: unknown, names: Set<string>): void {
  if (checkLeaf(value)) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collect(value[i], names);
    return;
  }
  for (const k in value as Record<string, unknown>) {
    names.add(k);
    collect((value as Record<string, unknown>)[k], names);
  }
}

/** SHA-256 (hex) of the canonical JSON of a value: runs the same on Node and on the edge. */
export const canonicalHash = (value: unknown): string => bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));

/** The content hash of a print record. */
export const contentHash = (s: PrintSnapshot): string => canonicalHash(s);

/**
 * The canonical JSON of a record in its parts: each order's (what `print_job_orders.lines`
 * stores), each Picking SKU row's (`print_job_skus.row`) and the whole record's as UTF-8, whose
 * SHA-256 is the content hash. Every object's keys are written in code-point order wherever they
 * sit, so the whole is the parts joined inside the record's four keys, itself in that order: each
 * order is serialised once, not once for the hash and again for its row.
 */
export interface SnapshotText {
  orders: string[];
  skus: string[];
  /** utf8(canonicalJson(snapshot)). */
  whole: Uint8Array;
}

/** Characters of JSON written or encoded between two yields (well under a millisecond of work). */
const TEXT_STEP = 64 * 1024;

export function* snapshotTextSteps(s: PrintSnapshot): Steps<SnapshotText> {
  const encoder = new TextEncoder();
  let done = 0;
  const orders = new Array<string>(s.orders.length);
  for (let i = 0; i < orders.length; i++) {
    orders[i] = builtOrderJson(s.orders[i]) ?? canonicalJson(s.orders[i]);
    done += orders[i].length;
    if (done >= TEXT_STEP) {
      yield done;
      done = 0;
    }
  }
  const skus = yield* mapSteps(s.skus, (r) => builtSkuJson(r) ?? canonicalJson(r), ROW_STEP);
  const keys = Object.keys(s);
  if (keys.length !== 4 || !('kind' in s && 'orders' in s && 'skus' in s && 'v' in s))
    return { orders, skus, whole: encoder.encode(canonicalJson(s)) };
  // The whole is written straight into one buffer, in pieces that are each valid JSON text on
  // their own (no surrogate pair is split), so their UTF-8 joined is the UTF-8 of the whole: no
  // byte array per order or per piece for the collector, no copy.
  const head = `{"kind":${canonicalJson(s.kind)},"orders":[`;
  const tail = `],"skus":[${skus.join(',')}],"v":${canonicalJson(s.v)}}`;
  let chars = head.length + tail.length + orders.length;
  for (let i = 0; i < orders.length; i++) chars += orders[i].length;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const buffer = new Uint8Array(chars * 3);
  let at = encoder.encodeInto(head, buffer).written;
  for (let from = 0; from < orders.length; ) {
    let to = from;
    let step = 0;
    let joined = from > 0 ? ',' : '';
    while (to < orders.length && step < TEXT_STEP) {
      if (to > from) joined += ',';
      joined += orders[to];
      step += orders[to++].length;
    }
    at += encoder.encodeInto(joined, buffer.subarray(at)).written;
    from = to;
    yield step;
  }
  at += encoder.encodeInto(tail, buffer.subarray(at)).written;
  const whole = buffer.subarray(0, at);
  return { orders, skus, whole };
}

export const snapshotText = (s: PrintSnapshot): SnapshotText => runSteps(snapshotTextSteps(s));

export function buildSnapshot(kind: ReportKind, orders: SnapshotOrder[], skus: SnapshotSku[] = []): PrintSnapshot {
  return { kind, orders, skus, v: SNAPSHOT_VERSION };
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

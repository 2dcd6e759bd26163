import { compareCodePoints } from './code-point';
import { LineClass, markerClass } from './classify';
import { platformPriority } from './platform';
import type {
  AllocationInput,
  Platform,
  AllocationResult,
  AllocLine,
  AllocLineColumns,
  ComputedStatus,
  DisplayStatus,
  LineAllocation,
  OrderFlags,
  SkuAllocation,
} from './types';

/**
 * A line is LOW_STOCK when the stock left AFTER it is at most this
 * (docs/domain/allocation.md#consumption).
 */
export const LOW_STOCK_THRESHOLD = 3;

const READY = 0;
const LOW = 1;
const NOT_ENOUGH = 2;
const SHORTAGE = 3;
const NONE = 255;
const COMPUTED: readonly ComputedStatus[] = ['READY_ACCEPT', 'LOW_STOCK', 'NOT_ENOUGH', 'SHORTAGE'];

/**
 * One line of the consumption pass (docs/domain/allocation.md#consumption): the status of a line of
 * `q` pieces met with `r` pieces left, as an index into ComputedStatus order (READY_ACCEPT,
 * LOW_STOCK, NOT_ENOUGH, SHORTAGE). A line consumes (leaves `r - q`) exactly when `consumesCode`
 * holds.
 */
export function consumeCode(r: number, q: number): number {
  if (r <= 0) return SHORTAGE;
  if (r < q) return NOT_ENOUGH;
  return r - q <= LOW_STOCK_THRESHOLD ? LOW : READY;
}

export const consumesCode = (code: number): boolean => code <= LOW;
export const computedStatusOfCode = (code: number): ComputedStatus => COMPUTED[code];
/** A code that does not fit (SHORTAGE / NOT_ENOUGH): a committed line with it is `committedShort`. */
export const isShortCode = (code: number): boolean => code === SHORTAGE || code === NOT_ENOUGH;
/** The same test on a computed status. */
export const isShortStatus = (status: ComputedStatus | null): boolean => status !== null && isShortCode(COMPUTED.indexOf(status));

function markerStatus(cls: number): DisplayStatus | null {
  switch (cls) {
    case LineClass.Cancelled:
      return 'CANCELLED';
    case LineClass.Packed:
      return 'PACKED';
    case LineClass.BillEmpty:
      return 'BILL_EMPTY';
    default:
      return null;
  }
}

/**
 * Displayed status (docs/domain/allocation.md#displayed-status): the marker's status, else ACCEPTED
 * when accepted, else the computed one.
 */
export function displayStatusOf(cls: LineClass, accepted: boolean, computed: ComputedStatus | null): DisplayStatus | null {
  return markerStatus(cls) ?? (accepted ? 'ACCEPTED' : computed);
}

/**
 * The first two keys of the processing order within a SKU
 * (docs/domain/allocation.md#processing-order) packed into one small number, compared first:
 * committed lines before the others, then platform priority.
 */
export const queueRank = (committed: boolean, platform: Platform): number => (committed ? 0 : 4) + platformPriority(platform) - 1;

/** Order time as compared in the queue: a line without one comes last. */
export const queueTime = (t: number | null | undefined): number => (t === null || t === undefined || Number.isNaN(t) ? Infinity : t);

/**
 * The processing order of two lines of one SKU (docs/domain/allocation.md#processing-order), from
 * their queue rank, queue time, order number (code points) and line id. The one comparison every
 * allocation pass uses.
 */
export function compareQueued(rankA: number, timeA: number, orderNoA: string, idA: number, rankB: number, timeB: number, orderNoB: string, idB: number): number {
  if (rankA !== rankB) return rankA - rankB;
  if (timeA !== timeB) return timeA < timeB ? -1 : 1;
  const c = compareCodePoints(orderNoA, orderNoB);
  if (c !== 0) return c;
  return idA - idB;
}

/**
 * Global stock allocation (docs/domain/allocation.md#line-classification to #displayed-status):
 * classify every line, sort the open lines once by (SKU, committed first, platform priority, order
 * time with missing last, order number in code-point order, line id) and consume stock per SKU in
 * one pass. Pure and deterministic.
 */
export function computeAllocation(input: AllocationInput): AllocationResult {
  const { lines, orders, stock } = input;
  const rows: readonly AllocLine[] | null = Array.isArray(lines) ? (lines as readonly AllocLine[]) : null;
  const cols = rows ? null : (lines as AllocLineColumns);
  const n = rows ? rows.length : cols!.id.length;

  const flagsOf = typeof orders === 'function' ? orders : (orderId: number) => orders.get(orderId);
  const stockOf = typeof stock === 'function' ? stock : (sku: string) => stock.get(sku);

  const ids = new Float64Array(n);
  const orderIds = new Float64Array(n);
  const qty = new Float64Array(n);
  const time = new Float64Array(n);
  // Committed flag and platform priority packed into one number compared first within a SKU.
  const key = new Uint8Array(n);
  const skuOfLine = new Int32Array(n);
  // Marker class ignoring trash, plus the trash flag: the display of trashed lines needs both.
  const lineClass = new Uint8Array(n);
  const trashed = new Uint8Array(n);
  const accepted = new Uint8Array(n);
  const committed = new Uint8Array(n);
  const orderNos: string[] = new Array<string>(n);
  const skuNames: string[] = [];
  const skuIndex = new Map<string, number>();
  const allQty: number[] = [];
  const open = new Uint32Array(n);
  let openCount = 0;

  // Lines of one order usually arrive together: reuse the previous lookup.
  let lastOrderId = NaN;
  let lastFlags: OrderFlags | undefined;

  for (let i = 0; i < n; i++) {
    let id: number, orderId: number, orderNo: string, platform: string, sku: string, q: number;
    let t: number | null, acc: boolean;
    if (rows) {
      const l = rows[i];
      id = l.id;
      orderId = l.orderId;
      orderNo = l.orderNo;
      platform = l.platform;
      sku = l.sku;
      q = l.qty;
      t = l.orderTime;
      acc = l.accepted;
    } else {
      const c = cols!;
      id = c.id[i];
      orderId = c.orderId[i];
      orderNo = c.orderNo[i];
      platform = c.platform[i];
      sku = c.sku[i];
      q = c.qty[i];
      t = c.orderTime[i];
      acc = Boolean(c.accepted[i]);
    }
    if (orderId !== lastOrderId) {
      lastOrderId = orderId;
      lastFlags = flagsOf(orderId);
    }
    const cls = markerClass(lastFlags);
    const isTrashed = lastFlags !== undefined && lastFlags.trashed;
    let s = skuIndex.get(sku);
    if (s === undefined) {
      s = skuNames.length;
      skuIndex.set(sku, s);
      skuNames.push(sku);
      allQty.push(0);
    }
    ids[i] = id;
    orderIds[i] = orderId;
    qty[i] = q;
    orderNos[i] = orderNo;
    skuOfLine[i] = s;
    lineClass[i] = cls;
    trashed[i] = isTrashed ? 1 : 0;
    accepted[i] = acc ? 1 : 0;
    if (isTrashed || cls !== LineClass.Open) continue;

    if (!Number.isFinite(q)) throw new RangeError(`line ${id}: qty must be a finite number, got ${q}`);
    const isCommitted = acc || (lastFlags !== undefined && lastFlags.issued);
    committed[i] = isCommitted ? 1 : 0;
    time[i] = queueTime(t);
    key[i] = queueRank(isCommitted, platform as Platform);
    allQty[s] += q;
    open[openCount++] = i;
  }

  const order = sortOpenLines(open.subarray(0, openCount), skuOfLine, skuNames.length, (a, b) =>
    compareQueued(key[a], time[a], orderNos[a], ids[a], key[b], time[b], orderNos[b], ids[b]),
  );

  const skuCount = skuNames.length;
  const onHand = new Float64Array(skuCount);
  for (let s = 0; s < skuCount; s++) onHand[s] = stockValue(stockOf(skuNames[s]));
  const remaining = Float64Array.from(onHand);

  const computed = new Uint8Array(n).fill(NONE);
  const before = new Float64Array(n);
  let current = -1;
  let r = 0;
  for (let k = 0; k < openCount; k++) {
    const i = order[k];
    const s = skuOfLine[i];
    if (s !== current) {
      if (current >= 0) remaining[current] = r;
      current = s;
      r = onHand[s];
    }
    before[i] = r;
    const q = qty[i];
    const c = consumeCode(r, q);
    computed[i] = c;
    if (consumesCode(c)) r -= q;
  }
  if (current >= 0) remaining[current] = r;

  const out: LineAllocation[] = new Array<LineAllocation>(n);
  for (let i = 0; i < n; i++) {
    const cls = lineClass[i];
    const c = computed[i];
    const computedStatus = c === NONE ? null : COMPUTED[c];
    const isAccepted = accepted[i] === 1;
    const isCommitted = committed[i] === 1;
    out[i] = {
      id: ids[i],
      orderId: orderIds[i],
      sku: skuNames[skuOfLine[i]],
      accepted: isAccepted,
      listed: trashed[i] === 0,
      committed: isCommitted,
      computedStatus,
      displayStatus: displayStatusOf(cls as LineClass, isAccepted, computedStatus),
      committedShort: isCommitted && isShortCode(c),
      stockBefore: c === NONE ? null : before[i],
    };
  }
  const skus = new Map<string, SkuAllocation>();
  for (let s = 0; s < skuCount; s++) {
    skus.set(skuNames[s], {
      sku: skuNames[s],
      onHand: onHand[s],
      allQty: allQty[s],
      allocated: onHand[s] - remaining[s],
      remaining: remaining[s],
    });
  }

  let byId: Map<number, LineAllocation> | null = null;
  return {
    lines: out,
    skus,
    byLineId(id: number) {
      if (byId === null) {
        byId = new Map();
        for (const l of out) byId.set(l.id, l);
      }
      return byId.get(id);
    },
    sku(sku: string) {
      const known = skus.get(sku);
      if (known) return known;
      const h = stockValue(stockOf(sku));
      return { sku, onHand: h, allQty: 0, allocated: 0, remaining: h };
    },
  };
}

function stockValue(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? v : 0;
}

/**
 * The one sort, SKU first: a counting sort by SKU index (O(n)) and then each SKU's run sorted
 * in place by the comparator. Same order as a single comparison sort with SKU as the leading
 * key, with far fewer comparisons (n log(n / skus)).
 */
function sortOpenLines(
  open: Uint32Array,
  skuOfLine: Int32Array,
  skuCount: number,
  compare: (a: number, b: number) => number,
): Uint32Array {
  const starts = new Uint32Array(skuCount + 1);
  for (let k = 0; k < open.length; k++) starts[skuOfLine[open[k]] + 1]++;
  for (let s = 0; s < skuCount; s++) starts[s + 1] += starts[s];
  const next = starts.slice(0, skuCount);
  const sorted = new Uint32Array(open.length);
  for (let k = 0; k < open.length; k++) {
    const i = open[k];
    sorted[next[skuOfLine[i]]++] = i;
  }
  for (let s = 0; s < skuCount; s++) {
    const from = starts[s];
    const to = starts[s + 1];
    if (to - from > 1) sorted.subarray(from, to).sort(compare);
  }
  return sorted;
}

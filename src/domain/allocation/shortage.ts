// "Why is this line short?" (`shortage` of GET /api/orders/:id,
// docs/domain/allocation.md#why-a-line-is-short): the lines ahead of a LOW_STOCK / NOT_ENOUGH /
// SHORTAGE line in its SKU's queue that take the stock, and how many more pieces of on-hand stock
// would make it READY_ACCEPT.
//
// Nothing here restates the queue order (docs/domain/allocation.md#processing-order) or the
// consumption table (docs/domain/allocation.md#consumption): the statuses and the order come from
// computeAllocation itself, run over the SKU's lines only (allocation is per SKU, so that
// reproduces the global result for the SKU exactly), and the "what if there were more stock" runs
// take the same one-line step the allocation pass takes (consumeCode).
import { computeAllocation, computedStatusOfCode, consumeCode, consumesCode, LOW_STOCK_THRESHOLD } from './compute';
import type { AllocLine, ComputedStatus, LineAllocation, OrderFlags, Platform } from './types';

/** One line of the SKU as allocation takes it, with its order's markers and shop. */
export interface QueueLine extends AllocLine {
  flags: OrderFlags;
  shopName: string;
}

export interface HeldBy {
  lineId: number;
  orderNo: string;
  shop: string;
  platform: Platform;
  qty: number;
  /** Accepted, or its order issued: it consumes before every uncommitted line. */
  committed: boolean;
}

export interface Shortage {
  /** Extra on-hand pieces of the SKU that would make the line READY_ACCEPT (>= 1). */
  missing: number;
  /** Extra pieces that would make it fit at all (LOW_STOCK or better); 0 for a LOW_STOCK line. */
  missingToFit: number;
  /** The lines ahead of it that consume stock, in queue order. */
  heldBy: HeldBy[];
}

const EXPLAINED: ReadonlySet<ComputedStatus | null> = new Set<ComputedStatus | null>([
  'LOW_STOCK',
  'NOT_ENOUGH',
  'SHORTAGE',
]);
const consumes = (s: ComputedStatus | null) => s === 'READY_ACCEPT' || s === 'LOW_STOCK';

interface SkuQueue {
  /** Open lines in queue order. */
  order: QueueLine[];
  /** Their quantities, in queue order. */
  qty: Float64Array;
  position: Map<number, number>;
  /** Allocation at the real on-hand stock, by line id. */
  actual: Map<number, LineAllocation>;
}

/**
 * The queue order as computeAllocation sees it. With more stock than all open lines need, every
 * open line consumes, so the stock before each line falls strictly (qty >= 1) along the queue:
 * sorting by it, highest first, is the allocation's own order.
 */
function skuQueue(lines: readonly QueueLine[], sku: string, onHand: number): SkuQueue {
  for (const l of lines) if (l.sku !== sku) throw new RangeError(`line ${l.id} is not of SKU ${sku}`);
  const flags = new Map<number, OrderFlags>();
  for (const l of lines) flags.set(l.orderId, l.flags);
  const run = (stock: number) => computeAllocation({ lines, orders: flags, stock: new Map([[sku, stock]]) });
  const actual = new Map<number, LineAllocation>();
  for (const a of run(onHand).lines) actual.set(a.id, a);
  let ample = 1;
  for (const l of lines) ample += l.qty;
  const before = new Map<number, number>();
  for (const a of run(ample).lines) if (a.stockBefore !== null) before.set(a.id, a.stockBefore);
  const order = lines.filter((l) => before.has(l.id)).sort((a, b) => before.get(b.id)! - before.get(a.id)!);
  return {
    order,
    qty: Float64Array.from(order, (l) => l.qty),
    position: new Map(order.map((l, i) => [l.id, i])),
    actual,
  };
}

/**
 * The line at queue position `at` with `stock` on hand: its status code and the stock it meets.
 * Only the lines ahead of it matter; each takes the step of the consumption pass (consumeCode).
 */
function seenAt(q: SkuQueue, at: number, stock: number): { code: number; before: number } {
  let r = stock;
  for (let i = 0; i < at; i++) if (consumesCode(consumeCode(r, q.qty[i]))) r -= q.qty[i];
  return { code: consumeCode(r, q.qty[at]), before: r };
}

/**
 * The least on-hand stock S >= `from` at which the line at `at` reaches `want`.
 *
 * Why the jumps are safe: the stock the lines ahead consume, C(S), never decreases as S grows.
 * Run S and S+1 side by side: the S+1 run always has one piece more until the first line only it
 * can take, whose qty is then exactly what it has left, so it ends with 0 and C(S+1) = S+1 > C(S);
 * if no such line comes, C(S+1) = C(S). The line sees S - C(S) pieces, so between S and S + d,
 * where d is what it still lacks at S, it cannot see enough.
 */
function leastStock(q: SkuQueue, at: number, from: number, need: number, want: (code: number) => boolean): number {
  let s = from;
  for (;;) {
    const seen = seenAt(q, at, s);
    if (want(seen.code)) return s;
    s += Math.max(1, need - seen.before);
  }
}

function explainIn(q: SkuQueue, onHand: number, lineId: number): Shortage | null {
  const at = q.position.get(lineId);
  const own = q.actual.get(lineId);
  if (at === undefined || own === undefined || !EXPLAINED.has(own.computedStatus)) return null;
  const x = q.order[at];

  // Consumers fall strictly in stock-before along the queue, and every consumer ahead of the line
  // had more in front of it than the line has.
  const heldBy: HeldBy[] = [];
  for (let i = 0; i < at; i++) {
    const l = q.order[i];
    const a = q.actual.get(l.id)!;
    if (!consumes(a.computedStatus)) continue;
    heldBy.push({
      lineId: l.id,
      orderNo: l.orderNo,
      shop: l.shopName,
      platform: l.platform,
      qty: l.qty,
      committed: a.committed,
    });
  }

  // Whenever the line gets what it needs (T pieces), every line ahead of it had at least T in
  // front of it, so each one of qty <= T consumed: a lower bound that skips most of the search.
  const bound = (need: number) => {
    let sum = need;
    for (let i = 0; i < at; i++) if (q.order[i].qty <= need) sum += q.order[i].qty;
    return sum;
  };
  const fit = consumes(own.computedStatus)
    ? onHand
    : leastStock(q, at, Math.max(onHand + 1, bound(x.qty)), x.qty, consumesCode);
  // READY implies it fits, so the least READY stock is not below the least fitting one.
  const readyNeed = x.qty + LOW_STOCK_THRESHOLD + 1;
  const ready = leastStock(
    q,
    at,
    Math.max(onHand + 1, fit, bound(readyNeed)),
    readyNeed,
    (c) => computedStatusOfCode(c) === 'READY_ACCEPT',
  );
  return { missing: ready - onHand, missingToFit: fit - onHand, heldBy };
}

/**
 * Why one line is short. `lines` are the lines of the SKU (any order; lines of closed or trashed
 * orders may be included and are ignored like allocation ignores them), `onHand` the SKU's stock.
 * Null when the line is not LOW_STOCK / NOT_ENOUGH / SHORTAGE (computed) or not among the lines.
 */
export function explainShortage(
  lines: readonly QueueLine[],
  sku: string,
  onHand: number,
  lineId: number,
): Shortage | null {
  return explainIn(skuQueue(lines, sku, onHand), onHand, lineId);
}

/** The same for many lines of one SKU, sharing the queue (a report's rows). */
export function explainShortages(
  lines: readonly QueueLine[],
  sku: string,
  onHand: number,
  lineIds: Iterable<number>,
): Map<number, Shortage> {
  const q = skuQueue(lines, sku, onHand);
  const out = new Map<number, Shortage>();
  for (const id of lineIds) {
    const s = explainIn(q, onHand, id);
    if (s !== null) out.set(id, s);
  }
  return out;
}

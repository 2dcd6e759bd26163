// The requested lines' orders, loaded inside the action's transaction with what the state rules
// read: markers, packed flag, scan, dispatch round and lines.
import { sql } from 'drizzle-orm';
import type { PileLine } from '../../../domain/piles';
import type { Db } from '../../../storage';
import { chunks } from '../../../lib/chunks';
import { KEYS_PER_STATEMENT, list } from './sql';
import type { LoadedOrder } from './types';

/** Line id -> order id of the requested lines; ids that match no line are `missing`. */
async function ordersOfLines(tx: Db, lineIds: number[]): Promise<{ firstLine: Map<number, number>; missing: number[] }> {
  const orderOfLine = new Map<number, number>();
  for (const part of chunks([...new Set(lineIds)], KEYS_PER_STATEMENT)) {
    const rows = (await tx.values(
      sql`SELECT id, order_id FROM order_lines WHERE id IN (${list(part)})`,
    )) as unknown[][];
    for (const r of rows) orderOfLine.set(Number(r[0]), Number(r[1]));
  }
  const firstLine = new Map<number, number>();
  const missing: number[] = [];
  for (const id of lineIds) {
    const orderId = orderOfLine.get(id);
    if (orderId === undefined) {
      if (!missing.includes(id)) missing.push(id);
    } else if (!firstLine.has(orderId)) firstLine.set(orderId, id);
  }
  return { firstLine, missing };
}

function orderFromRow(r: unknown[], lineId: number): LoadedOrder {
  return {
    id: Number(r[0]),
    orderNo: String(r[1]),
    platform: String(r[2]),
    lineId,
    lineIds: [],
    acceptedLines: 0,
    state: {
      cancelled: false,
      trashed: false,
      packed: Number(r[5]) === 1,
      billEmpty: false,
      issued: false,
      lines: [],
      scanned: r[3] !== null,
      dispatchRound: r[4] === null ? null : Number(r[4]),
      cancelReason: null,
    },
  };
}

function addMarker(o: LoadedOrder, kind: string, note: unknown): void {
  if (kind === 'cancelled') {
    o.state.cancelled = true;
    o.state.cancelReason = note === null ? null : String(note);
  } else if (kind === 'trashed') o.state.trashed = true;
  else if (kind === 'issued') o.state.issued = true;
  else if (kind === 'bill_empty') o.state.billEmpty = true;
}

/** The requested lines' orders (in request order) with their state, and the unknown line ids. */
export async function loadOrders(tx: Db, lineIds: number[]): Promise<{ orders: LoadedOrder[]; missing: number[] }> {
  const { firstLine, missing } = await ordersOfLines(tx, lineIds);
  const ids = [...firstLine.keys()];
  const byId = new Map<number, LoadedOrder>();
  for (const part of chunks(ids, KEYS_PER_STATEMENT)) {
    // Asked together: on a remote database they go out as one round trip, not three in a row.
    const [orders, markers, lines] = (await Promise.all([
      tx.values(sql`SELECT o.id, o.order_no, o.platform, o.scanned_at, o.dispatch_round,
        EXISTS (SELECT 1 FROM sales_status s WHERE s.order_no = o.order_no AND s.packed_at IS NOT NULL)
      FROM orders o WHERE o.id IN (${list(part)})`),
      tx.values(sql`SELECT order_id, kind, note FROM order_markers WHERE order_id IN (${list(part)})`),
      tx.values(sql`SELECT order_id, id, accepted FROM order_lines WHERE order_id IN (${list(part)}) ORDER BY id`),
    ])) as unknown[][][];
    for (const r of orders) byId.set(Number(r[0]), orderFromRow(r, firstLine.get(Number(r[0]))!));
    for (const r of markers) {
      const o = byId.get(Number(r[0]));
      if (o) addMarker(o, String(r[1]), r[2]);
    }
    for (const r of lines) {
      const o = byId.get(Number(r[0]));
      if (!o) continue;
      const accepted = Number(r[2]) === 1;
      o.lineIds.push(Number(r[1]));
      if (accepted) o.acceptedLines++;
      (o.state.lines as PileLine[]).push({ computedStatus: null, displayStatus: null, accepted });
    }
  }
  return { orders: ids.map((id) => byId.get(id)!).filter(Boolean), missing };
}

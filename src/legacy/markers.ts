// Legacy markers (keyed by order number alone, docs/domain/data-model.md#legacy-database) ->
// order_markers on every order with that number (docs/domain/data-model.md#order-identity). A
// cancel that matches no order is kept as a pending cancellation (applied to orders imported
// later); an issued or trash marker that matches none is dropped (A9). Also `closed_at`: the first
// time the order became cancelled, trashed or packed.
import type { orderMarkers, pendingCancellations, MarkerKind } from '../db/schema';
import type { ImportIndex } from './imports';
import type { ConvertedOrder } from './orders';
import type { LegacyCancelled, LegacyDeleted, LegacyIssued } from './read';
import type { ConversionReport } from './report';
import type { UserDirectory } from './users';
import type { SalesRow } from './catalog';
import { legacyInstant, type LegacyZone } from './timestamps';
import { legacyIdentifier, legacyText } from './values';

export type MarkerRow = typeof orderMarkers.$inferInsert;
export type PendingRow = typeof pendingCancellations.$inferInsert;

interface Candidate {
  legacyId: number;
  row: MarkerRow & { createdAt: number };
}

/** Notes the legacy cancel import wrote: `Import via <file name / sheet>` (A5). */
const IMPORTED_CANCEL_NOTE = /^Import via /;

export function mapMarkers(
  ordersList: ConvertedOrder[],
  legacy: { cancelled: LegacyCancelled[]; issued: LegacyIssued[]; deleted: LegacyDeleted[]; billEmpty: Set<string> },
  deps: { users: UserDirectory; imports: ImportIndex; sales: SalesRow[]; now: number; report: ConversionReport },
) {
  const { users, imports, now, report } = deps;
  const byNumber = new Map<string, ConvertedOrder[]>();
  for (const o of ordersList) {
    const list = byNumber.get(o.row.orderNo);
    if (list) list.push(o);
    else byNumber.set(o.row.orderNo, [o]);
  }

  const chosen = new Map<string, Candidate[]>();
  // Which legacy row wins when two land on one (order, kind): issue and trash keep the first
  // (the legacy never overwrote them); a cancel keeps the latest (the cancel button rewrote it).
  const keep = (kind: MarkerKind, a: Candidate, b: Candidate) =>
    kind === 'cancelled' ? (b.row.createdAt >= a.row.createdAt ? b : a) : b.row.createdAt < a.row.createdAt ? b : a;

  const pending = new Map<string, PendingRow & { legacyId: number; createdAt: number }>();

  function instant(raw: unknown, zone: LegacyZone, table: string, column: string, legacyId: number): number {
    const at = legacyInstant(raw, zone);
    if (at !== null) return at;
    report.unreadableTimestamps.add({
      table,
      column,
      legacyId,
      value: String(raw),
      fallback: new Date(now).toISOString(),
    });
    return now;
  }

  function place(
    table: string,
    kind: MarkerKind,
    legacyId: number,
    rawNo: unknown,
    make: () => Omit<MarkerRow, 'orderId' | 'kind'> & { createdAt: number },
  ) {
    const no = legacyIdentifier(rawNo, 'order_id');
    if (!no.ok) {
      report.orphanMarkers.add({
        table,
        legacyId,
        orderNo: rawNo == null ? null : String(rawNo),
        reason: 'missing_order_no',
      });
      return;
    }
    const matches = byNumber.get(no.value) ?? [];
    const fields = make();
    if (matches.length === 0) {
      if (kind === 'cancelled') {
        const previous = pending.get(no.value);
        if (!previous || fields.createdAt >= previous.createdAt) {
          pending.set(no.value, {
            legacyId,
            orderNo: no.value,
            platform: '',
            note: fields.note ?? null,
            source: fields.source ?? null,
            createdAt: fields.createdAt,
            createdByUserId: fields.createdByUserId ?? null,
            createdByUsername: fields.createdByUsername ?? null,
          });
        }
      } else {
        report.orphanMarkers.add({ table, legacyId, orderNo: no.value, reason: 'no_order' });
      }
      return;
    }
    for (const order of matches) {
      const key = `${order.row.id}\u0000${kind}`;
      const candidate: Candidate = { legacyId, row: { ...fields, orderId: order.row.id, kind } };
      const list = chosen.get(key);
      if (list) list.push(candidate);
      else chosen.set(key, [candidate]);
    }
  }

  for (const c of legacy.cancelled) {
    place('cancelled_orders', 'cancelled', c.id, c.order_id, () => {
      const by = users.byId(c.imported_by_user_id);
      const note = legacyText(c.note);
      return {
        note,
        // The note stays as the legacy wrote it; the source says how the cancel arrived.
        source: note !== null && IMPORTED_CANCEL_NOTE.test(note) ? 'import' : 'manual',
        createdAt: instant(c.imported_at, 'utc', 'cancelled_orders', 'imported_at', c.id),
        createdByUserId: by.userId,
        createdByUsername: by.username,
      };
    });
  }
  for (const i of legacy.issued) {
    place('issued_orders', 'issued', i.id, i.order_id, () => {
      const by = users.byId(i.issued_by_user_id);
      return {
        note: legacyText(i.note),
        source: legacyText(i.source, 32) ?? 'manual',
        createdAt: instant(i.issued_at, 'bangkok', 'issued_orders', 'issued_at', i.id),
        createdByUserId: by.userId,
        createdByUsername: by.username,
      };
    });
  }
  for (const d of legacy.deleted) {
    place('deleted_orders', 'trashed', d.id, d.order_id, () => {
      const by = users.byId(d.deleted_by_user_id);
      return {
        note: legacyText(d.note),
        source: 'manual',
        createdAt: instant(d.deleted_at, 'bangkok', 'deleted_orders', 'deleted_at', d.id),
        createdByUserId: by.userId,
        createdByUsername: by.username,
      };
    });
  }
  // The flag has no time in the legacy (A3): the last bill-empty import listing the number as new
  // set it; without such a log the adoption time is the only honest value.
  for (const no of legacy.billEmpty) {
    place('order_lines', 'bill_empty', 0, no, () => {
      const log = imports.billEmpty(no);
      return {
        note: null,
        source: 'import',
        importId: log?.importId ?? null,
        createdAt: log?.at ?? now,
        createdByUserId: null,
        createdByUsername: null,
      };
    });
  }

  const markers: MarkerRow[] = [];
  const refs = new Map(ordersList.map((o) => [o.row.id, o.ref]));
  for (const [, candidates] of chosen) {
    const kind = candidates[0].row.kind as MarkerKind;
    const winner = candidates.reduce((a, b) => keep(kind, a, b));
    if (candidates.length > 1) {
      report.markerMerges.add({
        ...refs.get(winner.row.orderId)!,
        kind,
        legacyIds: candidates.map((c) => c.legacyId),
        kept: winner.legacyId,
      });
    }
    markers.push(winner.row);
  }

  const pendingRows: PendingRow[] = [];
  for (const { legacyId, ...row } of pending.values()) {
    report.pendingCancellations.add({ orderNo: row.orderNo, note: row.note ?? null, legacyId });
    pendingRows.push(row);
  }

  // closed_at = first time the order became cancelled, trashed or packed
  // (docs/domain/data-model.md#open-and-closed-orders).
  const packedAt = new Map(deps.sales.filter((s) => s.packedAt != null).map((s) => [s.orderNo, s.packedAt!]));
  const closedAt = new Map<number, number>();
  const close = (orderId: number, at: number) => closedAt.set(orderId, Math.min(closedAt.get(orderId) ?? Infinity, at));
  for (const m of markers) if (m.kind === 'cancelled' || m.kind === 'trashed') close(m.orderId, m.createdAt!);
  for (const o of ordersList) {
    const at = packedAt.get(o.row.orderNo);
    if (at !== undefined) close(o.row.id, at);
  }
  for (const o of ordersList) o.row.closedAt = closedAt.get(o.row.id) ?? null;

  return { markers, pending: pendingRows };
}

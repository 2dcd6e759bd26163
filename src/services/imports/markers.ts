// Order-number lists (docs/domain/imports.md#order-number-lists): cancelled, issued, bill-empty. A
// number marks every existing order with that number (narrowed to the request's platform when
// given, docs/domain/data-model.md#order-identity); counts are per distinct number. Cancels of
// unknown numbers are kept as pending cancellations; issuing raises the Picking count of each line
// of the order to at least 1.
import { cellToText } from '../../domain/imports/cell';
import { normalizeIdentifier } from '../../domain/imports/identifiers';
import { cellAt } from '../../domain/imports/table';
import { refreshClosedAtByIds } from '../orders/closed-state';
import { identifierError, rowInRange, textField } from './fields';
import { insertMany, ORDER_MARKER_COLUMNS, num, selectIn, str, updateIn, type RawSql } from './sql';
import { columnName, type KindHandler, type ParseContext, type Plan, ROWS_PER_STEP, type WriteContext } from './types';
import type { Steps } from '../../lib/steps';

type MarkerKind = 'cancelled' | 'issued' | 'bill_empty';

interface NumberDraft {
  orderNo: string;
  note: string | null;
}

export interface ParsedNumbers {
  numbers: Map<string, NumberDraft>;
  rejectedRows: number;
}

function* parseNumbers(ctx: ParseContext): Steps<ParsedNumbers> {
  const { table, columnMap, issues } = ctx;
  const numbers = new Map<string, NumberDraft>();
  let rejectedRows = 0;
  let n = 0;
  for (const row of table.rows) {
    if (++n % ROWS_PER_STEP === 0) yield ROWS_PER_STEP;
    const inRange = rowInRange(issues, row);
    const cell = cellAt(row, columnMap.orderNo);
    const id = normalizeIdentifier(cell, 'order_id');
    const note = textField(issues, row.rowNo, columnName(ctx, 'note'), cellAt(row, columnMap.note));
    if (!id.ok) identifierError(issues, row.rowNo, id, 'missing_order_id', columnName(ctx, 'orderNo'), cell, 128);
    // A row with an error contributes nothing; other rows of its number still count.
    if (!id.ok || !note.ok || !inRange) {
      rejectedRows++;
      continue;
    }
    if (id.warning)
      issues.warn(row.rowNo, id.warning, { from: cellToText(cell) ?? '', to: id.value }, columnName(ctx, 'orderNo'));
    const seen = numbers.get(id.value);
    if (seen) {
      issues.warn(row.rowNo, 'duplicate_in_file', {}, columnName(ctx, 'orderNo'), id.value);
      if (note.value !== null) seen.note = note.value;
    } else {
      numbers.set(id.value, { orderNo: id.value, note: note.value });
    }
  }
  return { numbers, rejectedRows };
}

interface Matched {
  /** Order ids by number (all orders with that number, narrowed by platform). */
  ordersByNo: Map<string, number[]>;
  /** Orders that carry the marker already. */
  marked: Set<number>;
}

async function matchOrders(db: RawSql, numbers: string[], kind: MarkerKind, platform: string | null): Promise<Matched> {
  const rows = await selectIn(
    db,
    'orders',
    ['id', 'order_no'],
    'order_no',
    numbers,
    platform ? { sql: 'platform = ?', args: [platform] } : undefined,
  );
  const ordersByNo = new Map<string, number[]>();
  for (const r of rows) {
    const no = str(r.order_no);
    let list = ordersByNo.get(no);
    if (!list) ordersByNo.set(no, (list = []));
    list.push(num(r.id));
  }
  const ids = rows.map((r) => num(r.id));
  const marked = new Set(
    (await selectIn(db, 'order_markers', ['order_id'], 'order_id', ids, { sql: 'kind = ?', args: [kind] })).map((r) =>
      num(r.order_id),
    ),
  );
  return { ordersByNo, marked };
}

/** Numbers of the cancel list, not matching an order, that wait as pending cancellations already. */
async function pendingAlready(db: RawSql, numbers: string[], pendingPlatform: string): Promise<Set<string>> {
  const rows = await selectIn(db, 'pending_cancellations', ['order_no'], 'order_no', numbers, {
    sql: 'platform = ?',
    args: [pendingPlatform],
  });
  return new Set(rows.map((r) => str(r.order_no)));
}

/** What the list does, number by number: mark orders, wait as pending (cancels), or nothing. */
interface Sorted {
  apply: { draft: NumberDraft; orderIds: number[] }[];
  newPending: NumberDraft[];
  added: string[];
  duplicates: string[];
  missing: string[];
  ordersMatched: number;
}

function sortNumbers(kind: MarkerKind, all: NumberDraft[], matched: Matched, alreadyPending: Set<string>): Sorted {
  const s: Sorted = { apply: [], newPending: [], added: [], duplicates: [], missing: [], ordersMatched: 0 };
  for (const n of all) {
    const ids = matched.ordersByNo.get(n.orderNo);
    if (!ids) {
      s.missing.push(n.orderNo);
      if (kind !== 'cancelled') continue;
      if (alreadyPending.has(n.orderNo)) s.duplicates.push(n.orderNo);
      else {
        s.newPending.push(n);
        s.added.push(n.orderNo);
      }
      continue;
    }
    s.ordersMatched += ids.length;
    const todo = ids.filter((id) => !matched.marked.has(id));
    if (todo.length === 0) s.duplicates.push(n.orderNo);
    else {
      s.apply.push({ draft: n, orderIds: todo });
      s.added.push(n.orderNo);
    }
  }
  return s;
}

/** The marker rows of the matched orders; returns the orders touched. */
async function writeMarkers(
  db: RawSql,
  w: WriteContext,
  kind: MarkerKind,
  apply: Sorted['apply'],
  defaultNote: string | null,
): Promise<number[]> {
  const rows: (string | number | null)[][] = [];
  const touched: number[] = [];
  for (const a of apply) {
    for (const id of a.orderIds) {
      rows.push([id, kind, a.draft.note ?? defaultNote, 'import', w.importId, w.now, w.actor.userId, w.actor.username]);
      touched.push(id);
    }
  }
  await insertMany(db, 'order_markers', ORDER_MARKER_COLUMNS, rows, {
    suffix: 'ON CONFLICT (order_id, kind) DO NOTHING',
    afterBatch: (n) => w.afterBatch('order_markers', n),
  });
  return touched;
}

/** Cancels of numbers no order has yet wait as pending cancellations of the platform ('' = any). */
async function writePending(
  db: RawSql,
  w: WriteContext,
  newPending: NumberDraft[],
  pendingPlatform: string,
  defaultNote: string | null,
): Promise<void> {
  await insertMany(
    db,
    'pending_cancellations',
    ['order_no', 'platform', 'note', 'source', 'import_id', 'created_at', 'created_by_user_id', 'created_by_username'],
    newPending.map((n) => [
      n.orderNo,
      pendingPlatform,
      n.note ?? defaultNote,
      'import',
      w.importId,
      w.now,
      w.actor.userId,
      w.actor.username,
    ]),
    { suffix: 'ON CONFLICT (order_no, platform) DO NOTHING' },
  );
}

function markerHandler(kind: MarkerKind): KindHandler<ParsedNumbers> {
  return {
    parse: parseNumbers,

    async plan(db, parsed, ctx): Promise<Plan> {
      const all = [...parsed.numbers.values()];
      const matched = await matchOrders(db, [...parsed.numbers.keys()], kind, ctx.platform);
      // Pending cancellations are kept per (number, platform); '' is "any platform".
      const pendingPlatform = ctx.platform ?? '';
      const alreadyPending =
        kind === 'cancelled'
          ? await pendingAlready(
              db,
              all.filter((n) => !matched.ordersByNo.has(n.orderNo)).map((n) => n.orderNo),
              pendingPlatform,
            )
          : new Set<string>();
      const { apply, newPending, added, duplicates, missing, ordersMatched } = sortNumbers(
        kind,
        all,
        matched,
        alreadyPending,
      );

      return {
        counts: {
          added: added.length,
          duplicates: duplicates.length,
          ordersMatched,
          rejected: parsed.rejectedRows,
          ...(kind === 'cancelled' ? { unmatched: missing.length } : { notFound: missing.length }),
        },
        validUnits: all.length,
        rejectedKeys: [],
        keys: { added, duplicates, [kind === 'cancelled' ? 'unmatched' : 'notFound']: missing },
        async write(db, w) {
          const defaultNote = kind === 'cancelled' ? `Import via ${ctx.sourceLabel}` : null;
          const touched = await writeMarkers(db, w, kind, apply, defaultNote);
          if (kind === 'cancelled') {
            await writePending(db, w, newPending, pendingPlatform, defaultNote);
            await refreshClosedAtByIds(w.tx, touched, w.now);
          }
          if (kind === 'issued') {
            // An issued order's lines count as picked at least once (docs/domain/allocation.md#issuing).
            await updateIn(
              db,
              'order_lines',
              { sql: 'picking_count = 1', args: [] },
              'order_id',
              touched,
              'picking_count < 1',
            );
          }
        },
      };
    },
  };
}

export const cancelledHandler = markerHandler('cancelled');
export const issuedHandler = markerHandler('issued');
export const billEmptyHandler = markerHandler('bill_empty');

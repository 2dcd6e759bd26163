// Order actions (spec 4): `POST /api/orders/actions/:action` with line ids. Each action applies
// to the whole order of each line; the state rules are re-checked inside the write transaction
// (accept against the global allocation as it is NOW), refused orders are reported with a Thai
// reason, and the change, its one audit row and the idempotency record commit together.
import { sql } from 'drizzle-orm';
import { AppError, badRequest, conflict } from '../../errors';
import {
  checkActionOnOrder,
  SKIP_REASONS,
  type OrderActionName,
  type OrderActionState,
  type PileLine,
  type SkipCode,
} from '../../domain/piles';
import { writeAudit } from '../audit';
import { refreshClosedAtByIds } from './closed-state';
import type { ReadModel } from './read-model';
import type { BackupRecord } from '../backups';
import type { Actor } from '../context';
import type { Db, StoragePort } from '../../storage';

export interface ActionInput {
  ids: number[];
  reason?: string | null;
  round?: number | null;
  idempotencyKey?: string | null;
}

export interface SkippedOrder {
  /** The (first) requested line id of the order. */
  id: number;
  orderId: number | null;
  orderNo: string | null;
  code: SkipCode;
  reason: string;
}

export interface ActionResult {
  action: OrderActionName;
  /** Orders changed. */
  affected: number;
  /** Lines of those orders that the change touched. */
  linesAffected: number;
  skipped: SkippedOrder[];
  orderIds: number[];
  /** Purge only: the pre_purge backup taken first. */
  backup?: string;
  /** A repeated idempotency key: the stored answer, nothing changed. */
  replayed?: boolean;
}

const CHUNK = 500;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};
const list = (values: readonly (number | string)[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

interface LoadedOrder {
  id: number;
  orderNo: string;
  platform: string;
  /** First requested line of this order. */
  lineId: number;
  lineIds: number[];
  acceptedLines: number;
  state: OrderActionState;
}

/** The requested lines' orders with their markers, packed flag, scans, rounds and lines. */
async function loadOrders(tx: Db, lineIds: number[]): Promise<{ orders: LoadedOrder[]; missing: number[] }> {
  const orderOfLine = new Map<number, number>();
  for (const part of chunks([...new Set(lineIds)])) {
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
  const ids = [...firstLine.keys()];
  const byId = new Map<number, LoadedOrder>();
  for (const part of chunks(ids)) {
    const orders = (await tx.values(sql`SELECT o.id, o.order_no, o.platform, o.scanned_at, o.dispatch_round,
        EXISTS (SELECT 1 FROM sales_status s WHERE s.order_no = o.order_no AND s.packed_at IS NOT NULL)
      FROM orders o WHERE o.id IN (${list(part)})`)) as unknown[][];
    for (const r of orders) {
      const id = Number(r[0]);
      byId.set(id, {
        id,
        orderNo: String(r[1]),
        platform: String(r[2]),
        lineId: firstLine.get(id)!,
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
      });
    }
    const markers = (await tx.values(
      sql`SELECT order_id, kind, note FROM order_markers WHERE order_id IN (${list(part)})`,
    )) as unknown[][];
    for (const r of markers) {
      const o = byId.get(Number(r[0]));
      if (!o) continue;
      const kind = String(r[1]);
      if (kind === 'cancelled') {
        o.state.cancelled = true;
        o.state.cancelReason = r[2] === null ? null : String(r[2]);
      } else if (kind === 'trashed') o.state.trashed = true;
      else if (kind === 'issued') o.state.issued = true;
      else if (kind === 'bill_empty') o.state.billEmpty = true;
    }
    const lines = (await tx.values(
      sql`SELECT order_id, id, accepted FROM order_lines WHERE order_id IN (${list(part)}) ORDER BY id`,
    )) as unknown[][];
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

export function createOrderActionsService(deps: {
  storage: StoragePort;
  clock: () => number;
  model: ReadModel;
  backup: (kind: 'pre_purge', actor: Actor) => Promise<BackupRecord>;
}) {
  const { storage, clock, model } = deps;

  function validate(action: OrderActionName, input: ActionInput): { reason: string | null; round: number | null } {
    let reason: string | null = null;
    let round: number | null = null;
    if (action === 'cancel') {
      reason = input.reason?.trim() ?? '';
      if (reason === '') throw badRequest('reason_required', 'กรุณาระบุสาเหตุการยกเลิก', [{ field: 'reason' }]);
    }
    if (action === 'dispatch-round') {
      round = input.round ?? null;
      if (round === null || !Number.isInteger(round) || round < 1) {
        throw badRequest('invalid_round', 'รอบที่จ่ายงานต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป', [
          { field: 'round', value: input.round ?? null },
        ]);
      }
    }
    return { reason, round };
  }

  async function storedAnswer(db: Pick<Db, 'values'>, key: string, action: OrderActionName, actor: Actor, now: number) {
    const [row] = (await db.values(
      sql`SELECT kind, user_id, response FROM idempotency_keys WHERE key = ${key} AND created_at >= ${now - IDEMPOTENCY_TTL_MS}`,
    )) as unknown[][];
    if (!row) return null;
    if (String(row[0]) !== `order.${action}` || (row[1] !== null && Number(row[1]) !== actor.userId)) {
      throw conflict('idempotency_key_reused', 'รหัสป้องกันการส่งซ้ำนี้ถูกใช้กับคำสั่งอื่นแล้ว', [{ field: 'idempotencyKey' }]);
    }
    return { ...(JSON.parse(String(row[2])) as ActionResult), replayed: true };
  }

  /** Orders a purge would delete now (read before the backup; re-checked in the transaction). */
  async function purgeCandidates(lineIds: number[]): Promise<number> {
    let n = 0;
    for (const part of chunks([...new Set(lineIds)])) {
      const rs = await storage.execute(
        `SELECT count(DISTINCT l.order_id) FROM order_lines l JOIN order_markers m ON m.order_id = l.order_id AND m.kind = 'trashed'
          WHERE l.id IN (${part.map(() => '?').join(', ')})`,
        part,
      );
      n += Number(rs.rows[0][0]);
    }
    return n;
  }

  async function run(action: OrderActionName, input: ActionInput, actor: Actor): Promise<ActionResult> {
    const { reason, round } = validate(action, input);
    const key = input.idempotencyKey?.trim() || null;

    let backup: BackupRecord | null = null;
    if (action === 'purge') {
      if (key) {
        const replay = await storedAnswer(storage.db, key, action, actor, clock());
        if (replay) return replay;
      }
      // Irreversible: a pre_purge backup first, or nothing at all.
      if ((await purgeCandidates(input.ids)) > 0) {
        try {
          backup = await deps.backup('pre_purge', actor);
        } catch {
          throw new AppError('backup_failed', 'สำรองข้อมูลก่อนลบถาวรไม่สำเร็จ จึงยังไม่ได้ลบข้อมูลใด ๆ กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ');
        }
      }
    }

    const now = clock();
    return storage.transaction(async (tx, exec) => {
      if (key) {
        await tx.run(sql`DELETE FROM idempotency_keys WHERE created_at < ${now - IDEMPOTENCY_TTL_MS}`);
        const replay = await storedAnswer(tx, key, action, actor, now);
        if (replay) {
          await writeAudit(
            tx,
            actor,
            { action: `order.${action}`, targetType: 'order', details: { replayed: true, idempotencyKey: key } },
            now,
          );
          return replay;
        }
      }

      const { orders, missing } = await loadOrders(tx, input.ids);
      const skipped: SkippedOrder[] = missing.map((id) => ({
        id,
        orderId: null,
        orderNo: null,
        code: 'not_found',
        reason: SKIP_REASONS.not_found,
      }));

      // Accept needs กอง 1 under the global allocation of the data this transaction sees.
      const snapshot = action === 'accept' ? await model.inTransaction(exec) : null;
      const eligible: LoadedOrder[] = [];
      for (const o of orders) {
        let state = o.state;
        const current = snapshot?.orders.get(o.id);
        if (current) state = { ...state, lines: current.lines.map((l) => l.alloc) };
        const check = checkActionOnOrder(action, state, { reason, round });
        if (check.ok) eligible.push(o);
        else skipped.push({ id: o.lineId, orderId: o.id, orderNo: o.orderNo, code: check.code, reason: check.reason });
      }

      const ids = eligible.map((o) => o.id);
      const details: Record<string, unknown> = {};
      let linesAffected = eligible.reduce((n, o) => n + o.lineIds.length, 0);
      const by = { id: actor.userId, name: actor.username };

      for (const part of chunks(ids)) {
        const inIds = list(part);
        switch (action) {
          case 'accept':
            await tx.run(sql`UPDATE order_lines SET accepted = 1, accepted_at = ${now}, accepted_by_user_id = ${by.id}, accepted_by_username = ${by.name}
              WHERE order_id IN (${inIds})`);
            break;
          case 'unaccept':
            await tx.run(sql`UPDATE order_lines SET accepted = 0, accepted_at = NULL, accepted_by_user_id = NULL, accepted_by_username = NULL
              WHERE order_id IN (${inIds}) AND accepted = 1`);
            break;
          case 'cancel':
            await tx.run(sql`INSERT INTO order_markers (order_id, kind, note, source, created_at, created_by_user_id, created_by_username)
              SELECT id, 'cancelled', ${reason}, 'manual', ${now}, ${by.id}, ${by.name} FROM orders WHERE id IN (${inIds})
              ON CONFLICT (order_id, kind) DO UPDATE SET note = excluded.note, source = excluded.source, created_at = excluded.created_at,
                created_by_user_id = excluded.created_by_user_id, created_by_username = excluded.created_by_username`);
            break;
          case 'uncancel':
            await tx.run(sql`DELETE FROM order_markers WHERE kind = 'cancelled' AND order_id IN (${inIds})`);
            break;
          case 'trash':
            await tx.run(sql`INSERT INTO order_markers (order_id, kind, source, created_at, created_by_user_id, created_by_username)
              SELECT id, 'trashed', 'manual', ${now}, ${by.id}, ${by.name} FROM orders WHERE id IN (${inIds})
              ON CONFLICT (order_id, kind) DO NOTHING`);
            break;
          case 'restore':
            await tx.run(sql`DELETE FROM order_markers WHERE kind = 'trashed' AND order_id IN (${inIds})`);
            break;
          case 'unissue':
            await tx.run(sql`DELETE FROM order_markers WHERE kind = 'issued' AND order_id IN (${inIds})`);
            break;
          case 'scan':
            await tx.run(
              sql`UPDATE orders SET scanned_at = ${now}, scanned_by_user_id = ${by.id}, scanned_by_username = ${by.name} WHERE id IN (${inIds})`,
            );
            break;
          case 'reset-scans':
            await tx.run(
              sql`UPDATE orders SET scanned_at = NULL, scanned_by_user_id = NULL, scanned_by_username = NULL WHERE id IN (${inIds})`,
            );
            break;
          case 'dispatch-round':
            await tx.run(sql`UPDATE orders SET dispatch_round = ${round} WHERE id IN (${inIds})`);
            break;
          case 'purge':
            // Explicit children first: the result must not depend on the adapter enforcing FKs.
            await tx.run(sql`UPDATE print_job_orders SET order_id = NULL WHERE order_id IN (${inIds})`);
            await tx.run(sql`DELETE FROM order_print_counters WHERE order_id IN (${inIds})`);
            await tx.run(sql`DELETE FROM order_markers WHERE order_id IN (${inIds})`);
            await tx.run(sql`DELETE FROM order_lines WHERE order_id IN (${inIds})`);
            await tx.run(sql`DELETE FROM orders WHERE id IN (${inIds})`);
            break;
        }
      }

      if (action === 'unaccept') linesAffected = eligible.reduce((n, o) => n + o.acceptedLines, 0);
      if (action === 'uncancel' && eligible.length > 0) {
        // The reasons leave the marker table but stay here; pending cancellations of the number
        // (this platform or any) would otherwise cancel the order again at the next import.
        details.removedReasons = eligible.map((o) => ({
          orderId: o.id,
          orderNo: o.orderNo,
          reason: o.state.cancelReason,
        }));
        const byPlatform = new Map<string, string[]>();
        for (const o of eligible) byPlatform.set(o.platform, [...(byPlatform.get(o.platform) ?? []), o.orderNo]);
        let pendingRemoved = 0;
        for (const [platform, numbers] of byPlatform) {
          for (const part of chunks([...new Set(numbers)])) {
            const rs = await tx.run(
              sql`DELETE FROM pending_cancellations WHERE platform IN (${platform}, '') AND order_no IN (${list(part)})`,
            );
            pendingRemoved += rs.rowsAffected;
          }
        }
        details.pendingCancellationsRemoved = pendingRemoved;
      }
      if (action === 'cancel') {
        details.reason = reason;
        const updated = eligible.filter((o) => o.state.cancelled);
        if (updated.length > 0)
          details.previousReasons = updated.map((o) => ({ orderId: o.id, reason: o.state.cancelReason }));
      }
      if (action === 'dispatch-round') {
        details.round = round;
        details.previousRounds = eligible.map((o) => ({ orderId: o.id, round: o.state.dispatchRound }));
      }
      if (action === 'purge' && backup) details.backup = backup.name;
      if (['cancel', 'uncancel', 'trash', 'restore'].includes(action) && ids.length > 0)
        await refreshClosedAtByIds(tx, ids, now);

      const result: ActionResult = {
        action,
        affected: eligible.length,
        linesAffected,
        skipped,
        orderIds: ids,
        ...(backup ? { backup: backup.name } : {}),
      };
      const requested = orders.length;
      await writeAudit(
        tx,
        actor,
        {
          action: `order.${action}`,
          targetType: 'order',
          targetId: requested === 1 ? orders[0].id : null,
          targetLabel:
            orders
              .slice(0, 10)
              .map((o) => o.orderNo)
              .join(', ') + (requested > 10 ? ` (+${requested - 10})` : '') || null,
          counts: { orders: eligible.length, lines: linesAffected, skipped: skipped.length },
          details: {
            ...details,
            orderIds: ids,
            orderNos: eligible.map((o) => o.orderNo),
            lineIds: input.ids.slice(0, 1000),
            skipped: skipped.map((s) => ({ orderId: s.orderId, orderNo: s.orderNo, lineId: s.id, code: s.code })),
            ...(key ? { idempotencyKey: key } : {}),
          },
        },
        now,
      );
      if (key) {
        await tx.run(sql`INSERT INTO idempotency_keys (key, kind, user_id, created_at, response)
          VALUES (${key}, ${`order.${action}`}, ${actor.userId}, ${now}, ${JSON.stringify(result)})`);
      }
      return result;
    });
  }

  return { run };
}

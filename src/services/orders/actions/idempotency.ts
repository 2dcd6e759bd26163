// A repeated `idempotencyKey` (docs/api.md#writes) gets the stored answer for 24 hours; the
// same key for another action or another user is a conflict.
import { sql } from 'drizzle-orm';
import type { OrderActionName } from '../../../domain/piles';
import { conflict } from '../../../errors';
import type { Db, SqlExecutor, SqlStatement } from '../../../storage';
import { writeAudit } from '../../audit';
import type { Actor } from '../../context';
import { askTogether } from './sql';
import type { ActionResult } from './types';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const STORED = 'SELECT kind, user_id, response FROM idempotency_keys WHERE key = ? AND created_at >= ?';

/** The stored row's answer, marked replayed; a key of another action or user is a conflict. */
function answerOf(row: ArrayLike<unknown> | undefined, action: OrderActionName, actor: Actor): ActionResult | null {
  if (!row) return null;
  if (String(row[0]) !== `order.${action}` || (row[1] !== null && Number(row[1]) !== actor.userId)) {
    throw conflict('idempotency_key_reused', 'รหัสป้องกันการส่งซ้ำนี้ถูกใช้กับคำสั่งอื่นแล้ว', [{ field: 'idempotencyKey' }]);
  }
  return { ...(JSON.parse(String(row[2])) as ActionResult), replayed: true };
}

/** The answer stored under `key`, marked replayed, or null when the key is new (or expired). */
export async function storedAnswer(
  db: Pick<Db, 'values'>,
  key: string,
  action: OrderActionName,
  actor: Actor,
  now: number,
): Promise<ActionResult | null> {
  const [row] = (await db.values(
    sql`SELECT kind, user_id, response FROM idempotency_keys WHERE key = ${key} AND created_at >= ${now - IDEMPOTENCY_TTL_MS}`,
  )) as unknown[][];
  return answerOf(row, action, actor);
}

/**
 * Inside the action's transaction: expired keys go, and a repeated key's answer is audited as a
 * replay. The clean-up and the look-up are asked together (one round trip on a remote database):
 * the one deletes only keys older than the look-up reads.
 */
export async function replayInTransaction(
  tx: Db,
  exec: SqlExecutor,
  key: string,
  action: OrderActionName,
  actor: Actor,
  now: number,
): Promise<ActionResult | null> {
  const since = now - IDEMPOTENCY_TTL_MS;
  const [, found] = await askTogether(exec, [
    { sql: 'DELETE FROM idempotency_keys WHERE created_at < ?', args: [since] },
    { sql: STORED, args: [key, since] },
  ]);
  const replay = answerOf(found.rows[0], action, actor);
  if (replay) {
    await writeAudit(
      tx,
      actor,
      { action: `order.${action}`, targetType: 'order', details: { replayed: true, idempotencyKey: key } },
      now,
    );
  }
  return replay;
}

/** The statement that stores an action's answer under its key (sent with the action's last writes). */
export function rememberStatement(
  key: string,
  action: OrderActionName,
  actor: Actor,
  now: number,
  result: ActionResult,
): SqlStatement {
  return {
    sql: 'INSERT INTO idempotency_keys (key, kind, user_id, created_at, response) VALUES (?, ?, ?, ?, ?)',
    args: [key, `order.${action}`, actor.userId, now, JSON.stringify(result)],
  };
}

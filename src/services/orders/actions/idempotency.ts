// A repeated `idempotencyKey` (docs/api.md#writes) gets the stored answer for 24 hours; the
// same key for another action or another user is a conflict.
import { sql } from 'drizzle-orm';
import type { OrderActionName } from '../../../domain/piles';
import { conflict } from '../../../errors';
import type { Db } from '../../../storage';
import { writeAudit } from '../../audit';
import type { Actor } from '../../context';
import type { ActionResult } from './types';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

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
  if (!row) return null;
  if (String(row[0]) !== `order.${action}` || (row[1] !== null && Number(row[1]) !== actor.userId)) {
    throw conflict('idempotency_key_reused', 'รหัสป้องกันการส่งซ้ำนี้ถูกใช้กับคำสั่งอื่นแล้ว', [{ field: 'idempotencyKey' }]);
  }
  return { ...(JSON.parse(String(row[2])) as ActionResult), replayed: true };
}

/** Inside the action's transaction: expired keys go, and a repeated key's answer is audited as a replay. */
export async function replayInTransaction(
  tx: Db,
  key: string,
  action: OrderActionName,
  actor: Actor,
  now: number,
): Promise<ActionResult | null> {
  await tx.run(sql`DELETE FROM idempotency_keys WHERE created_at < ${now - IDEMPOTENCY_TTL_MS}`);
  const replay = await storedAnswer(tx, key, action, actor, now);
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

export async function rememberAnswer(
  tx: Db,
  key: string,
  action: OrderActionName,
  actor: Actor,
  now: number,
  result: ActionResult,
): Promise<void> {
  await tx.run(sql`INSERT INTO idempotency_keys (key, kind, user_id, created_at, response)
    VALUES (${key}, ${`order.${action}`}, ${actor.userId}, ${now}, ${JSON.stringify(result)})`);
}

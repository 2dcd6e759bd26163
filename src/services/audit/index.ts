// The audit log (docs/domain/auth.md#audit-log): one row per mutating request, failed login, denied
// admin request and download, written with the same transaction handle as the change it records.
import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import type { Actor } from '../context';
import type { Logger } from '../../log';
import {
  rootCauseMessage,
  type SqlStatement,
  type SqlValue,
  storageFaultOf,
  type Db,
  type StoragePort,
} from '../../storage';

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  targetLabel?: string | null;
  counts?: Record<string, number> | null;
  details?: Record<string, unknown> | null;
}

const STRIP = /pass|token|secret|authorization|cookie|private|credential/i;

function stripSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = STRIP.test(k) ? '[stripped]' : stripSecrets(v);
    return out;
  }
  return value;
}

function auditInsert(tx: Db, actor: Actor, entry: AuditEntry, at: number) {
  const details = {
    outcome: 'ok',
    auth: actor.method,
    ...(entry.details ?? {}),
    ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
  };
  return tx
    .insert(auditLog)
    .values({
      at,
      requestId: actor.requestId,
      userId: actor.userId,
      username: actor.username,
      role: actor.role,
      ip: actor.ip,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId == null ? null : String(entry.targetId),
      targetLabel: entry.targetLabel ?? null,
      counts: entry.counts ? JSON.stringify(entry.counts) : null,
      details: JSON.stringify(stripSecrets(details)),
    })
    .returning({ id: auditLog.id });
}

export async function writeAudit(tx: Db, actor: Actor, entry: AuditEntry, at: number): Promise<number> {
  const [row] = await auditInsert(tx, actor, entry, at);
  return row.id;
}

/**
 * The same audit row as one raw statement, for a caller that sends it with the transaction's raw
 * executor beside other statements: drizzle's own execution reaches the driver a few turns later,
 * too late to share their round trip on a remote database (docs/domain/read-model.md#the-event-loop).
 */
export function auditStatement(tx: Db, actor: Actor, entry: AuditEntry, at: number): SqlStatement {
  const query = auditInsert(tx, actor, entry, at).toSQL();
  return { sql: query.sql, args: query.params as SqlValue[] };
}

/**
 * An audit write in its own transaction, for the rows of reads (a download, an export, a denied
 * request). When the volume is full the read still answers: the row is dropped with one log line
 * instead (docs/api.md: reads and exports keep working when the volume is full).
 */
export async function auditUnlessFull(
  storage: StoragePort,
  log: Logger,
  actor: Actor,
  action: string,
  write: (tx: Db) => Promise<unknown>,
): Promise<void> {
  try {
    await storage.transaction(write);
  } catch (error) {
    if (storageFaultOf(error) !== 'full') throw error;
    log.warn(
      `Storage full: audit row ${action} of ${actor.username ?? 'anonymous'} not written (${rootCauseMessage(error)})`,
      {
        requestId: actor.requestId,
      },
    );
  }
}

/** The audit row of a read (see auditUnlessFull). */
export async function writeReadAudit(
  storage: StoragePort,
  log: Logger,
  actor: Actor,
  entry: AuditEntry,
  at: number,
): Promise<void> {
  await auditUnlessFull(storage, log, actor, entry.action, (tx) => writeAudit(tx, actor, entry, at));
}

/**
 * Rows an anonymous caller can produce at will (failed sign-ins, denied calls). Their repeats are
 * coalesced and, unlike the rows of writes and downloads, they expire after AUDIT_KEEP_DAYS.
 */
export const NOISE_ACTIONS = ['auth.login_failed', 'access.denied'] as const;
export type NoiseAction = (typeof NOISE_ACTIONS)[number];

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600_000;

/**
 * Writes a failed sign-in or a denied call as one row per minute and per action, username,
 * address, reason and route: a repeat within the same clock minute adds to `details.count`
 * (with `lastAt`, and the row takes the latest request id) instead of adding a row. A new row
 * also prunes the noise rows older than `keepDays`, so the table stays bounded on every runtime
 * without a scheduler; nothing else in the log is ever pruned.
 */
export async function writeNoiseAudit(
  tx: Db,
  actor: Actor,
  entry: AuditEntry & { action: NoiseAction },
  at: number,
  keepDays: number,
): Promise<number> {
  const minute = at - (at % MINUTE_MS);
  const reason = typeof entry.details?.reason === 'string' ? entry.details.reason : null;
  const targetId = entry.targetId == null ? null : String(entry.targetId);
  const [same] = await tx
    .select({ id: auditLog.id, details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, entry.action),
        gte(auditLog.at, minute),
        lt(auditLog.at, minute + MINUTE_MS),
        sql`${auditLog.username} IS ${actor.username}`,
        sql`${auditLog.ip} IS ${actor.ip}`,
        sql`${auditLog.targetId} IS ${targetId}`,
        sql`json_extract(${auditLog.details}, '$.reason') IS ${reason}`,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  if (same) {
    const details = JSON.parse(same.details ?? '{}') as Record<string, unknown>;
    const count = (typeof details.count === 'number' ? details.count : 1) + 1;
    await tx
      .update(auditLog)
      .set({
        requestId: actor.requestId,
        details: JSON.stringify({ ...details, count, lastAt: new Date(at).toISOString() }),
      })
      .where(eq(auditLog.id, same.id));
    return same.id;
  }
  await tx
    .delete(auditLog)
    .where(and(inArray(auditLog.action, [...NOISE_ACTIONS]), lt(auditLog.at, at - keepDays * DAY_MS)));
  return writeAudit(tx, actor, { ...entry, details: { ...entry.details, count: 1 } }, at);
}

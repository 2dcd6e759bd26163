// The audit log (operations 6.3): one row per mutating request, failed login, denied admin
// request and download, written with the same transaction handle as the change it records.
import { auditLog } from '../db/schema';
import type { Actor } from '../context';
import type { Logger } from '../log';
import type { Db, StoragePort } from '../storage';
import { rootCauseMessage, storageFaultOf } from '../storage-faults';

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

export async function writeAudit(tx: Db, actor: Actor, entry: AuditEntry, at: number): Promise<number> {
  const details = {
    outcome: 'ok',
    auth: actor.method,
    ...(entry.details ?? {}),
    ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
  };
  const [row] = await tx
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
  return row.id;
}

/**
 * The audit row of a read (a download, an export, a denied request) in its own transaction. When
 * the volume is full the read still answers: the row is dropped with one log line instead
 * (API.md "Errors": reads and exports keep working when the volume is full).
 */
export async function writeReadAudit(storage: StoragePort, log: Logger, actor: Actor, entry: AuditEntry, at: number): Promise<void> {
  try {
    await storage.transaction((tx) => writeAudit(tx, actor, entry, at));
  } catch (error) {
    if (storageFaultOf(error) !== 'full') throw error;
    log.warn(`Storage full: audit row ${entry.action} of ${actor.username ?? 'anonymous'} not written (${rootCauseMessage(error)})`, {
      requestId: actor.requestId,
    });
  }
}

// Reading the audit log (admin): newest first, cursor paging on id.
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema';
import { badRequest } from '../errors';
import { bangkokDayRange } from '../domain/time';
import type { StoragePort } from '../storage';

export interface AuditQuery {
  from?: string;
  to?: string;
  action?: string;
  userId?: number;
  limit?: number;
  cursor?: number;
}

/** A Bangkok date (whole day) or an ISO instant. */
function instant(value: string, edge: 'start' | 'end'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [start, end] = bangkokDayRange(value);
    return edge === 'start' ? start : end;
  }
  const ms = Date.parse(value);
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || Number.isNaN(ms)) {
    throw badRequest('invalid_date', 'วันที่ต้องเป็น YYYY-MM-DD หรือ ISO 8601 พร้อมเขตเวลา', [{ value }]);
  }
  return ms;
}

const parseJson = (text: string | null) => (text ? JSON.parse(text) : null);

export async function readAuditLog(storage: StoragePort, q: AuditQuery) {
  const limit = Math.min(500, Math.max(1, q.limit ?? 100));
  const conditions: SQL[] = [];
  if (q.from) conditions.push(gte(auditLog.at, instant(q.from, 'start')));
  if (q.to) conditions.push(lt(auditLog.at, instant(q.to, 'end')));
  if (q.action) conditions.push(eq(auditLog.action, q.action));
  if (q.userId !== undefined) conditions.push(eq(auditLog.userId, q.userId));
  if (q.cursor !== undefined) conditions.push(lt(auditLog.id, q.cursor));
  const rows = await storage.db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ ...r, at: new Date(r.at).toISOString(), counts: parseJson(r.counts), details: parseJson(r.details) })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    limit,
  };
}

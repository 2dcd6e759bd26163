// Reading the audit log (admin): newest first. `cursor` (the last id of the previous page) is the
// stable way to walk it while rows are being added; `page` works too, like every other list.
import { and, count, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import { badRequest } from '../../errors';
import { bangkokDayRange, tryIsoDateToEpochDay } from '../../domain/time';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { StoragePort } from '../../storage';
import { auditUnlessFull, writeNoiseAudit } from '.';
import { toPage } from '../paging';
import type { Actor } from '../context';

export interface AuditQuery {
  from?: string;
  to?: string;
  action?: string;
  userId?: number;
  limit?: number;
  page?: number;
  cursor?: number;
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A `from`/`to` bound: a Bangkok date (the whole day) or an ISO instant with its zone; null when
 * it is neither (a real calendar date is required). `to` is exclusive: the next Bangkok midnight
 * for a date, the instant + 1 ms for an instant.
 */
export function auditBound(value: string, edge: 'start' | 'end'): number | null {
  if (tryIsoDateToEpochDay(value) !== null) {
    const [start, end] = bangkokDayRange(value);
    return edge === 'start' ? start : end;
  }
  const m = ISO_INSTANT.exec(value);
  const ms = m && tryIsoDateToEpochDay(m[1]) !== null ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) return null;
  return edge === 'start' ? ms : ms + 1;
}

function instant(value: string, edge: 'start' | 'end'): number {
  const ms = auditBound(value, edge);
  if (ms === null) throw badRequest('invalid_date', 'วันที่ต้องเป็น YYYY-MM-DD หรือ ISO 8601 พร้อมเขตเวลา', [{ value }]);
  return ms;
}

const parseJson = (text: string | null) => (text ? JSON.parse(text) : null);

export async function readAuditLog(storage: StoragePort, q: AuditQuery) {
  const { page, limit } = toPage(q.page, q.limit);
  const filters: SQL[] = [];
  const from = q.from ? instant(q.from, 'start') : undefined;
  const to = q.to ? instant(q.to, 'end') : undefined;
  if (from !== undefined && to !== undefined && from >= to) {
    throw badRequest('invalid_date_range', 'วันที่เริ่มต้องไม่อยู่หลังวันที่สิ้นสุด', [{ from: q.from, to: q.to }]);
  }
  if (from !== undefined) filters.push(gte(auditLog.at, from));
  if (to !== undefined) filters.push(lt(auditLog.at, to));
  if (q.action) filters.push(eq(auditLog.action, q.action));
  if (q.userId !== undefined) filters.push(eq(auditLog.userId, q.userId));
  const where = [...filters, ...(q.cursor !== undefined ? [lt(auditLog.id, q.cursor)] : [])];
  const rows = await storage.db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1)
    .offset(q.cursor === undefined ? (page - 1) * limit : 0);
  const [{ n }] = await storage.db
    .select({ n: count() })
    .from(auditLog)
    .where(filters.length ? and(...filters) : undefined);
  const items = rows.slice(0, limit);
  return {
    items: items.map((r) => ({
      ...r,
      at: new Date(r.at).toISOString(),
      counts: parseJson(r.counts),
      details: parseJson(r.details),
    })),
    total: n,
    page: q.cursor === undefined ? page : null,
    limit,
    nextCursor: rows.length > limit ? items[items.length - 1].id : null,
  };
}

/** The audit log as the HTTP layer uses it: reading it, and recording a refused admin request. */
export function createAuditService(deps: {
  storage: StoragePort;
  log: Logger;
  clock: () => number;
  config: Pick<Config, 'AUDIT_KEEP_DAYS'>;
}) {
  const { storage, log, clock, config } = deps;
  return {
    list: (query: AuditQuery) => readAuditLog(storage, query),
    actions: () => auditActions(storage),

    /**
     * A request refused below the admin role (docs/domain/auth.md#audit-log): one coalesced row per
     * actor, route and minute, in its own transaction; dropped with a log line on a full volume.
     */
    accessDenied(actor: Actor, route: string, path: string): Promise<void> {
      return auditUnlessFull(storage, log, actor, 'access.denied', (tx) =>
        writeNoiseAudit(
          tx,
          actor,
          { action: 'access.denied', targetType: 'route', targetId: route, details: { outcome: 'denied', path } },
          clock(),
          config.AUDIT_KEEP_DAYS,
        ),
      );
    },
  };
}

/** Every action the log holds, for a filter list (read through the action index). */
export async function auditActions(storage: StoragePort): Promise<string[]> {
  const rows = await storage.db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

// Holidays for SLA business days (docs/domain/sla.md#business-days-and-holidays): settings key
// `holidays`, a JSON list of Bangkok dates `YYYY-MM-DD`, default empty. Writing it bumps the data
// version, so the cached allocation view (which carries the calendar) picks the new list up at
// once.
import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import { badRequest } from '../../errors';
import { tryIsoDateToEpochDay } from '../../domain/time';
import { writeAudit } from '../audit';
import { parseHolidays } from '../orders/read-model';
import type { Actor } from '../context';
import type { StoragePort } from '../../storage';

export const HOLIDAYS_KEY = 'holidays';

export function createHolidaysService(deps: { storage: StoragePort; clock: () => number }) {
  const { storage, clock } = deps;

  return {
    async get(): Promise<{ holidays: string[]; updatedAt: string | null; updatedBy: string | null }> {
      const [row] = await storage.db.select().from(settings).where(eq(settings.key, HOLIDAYS_KEY));
      return {
        holidays: row ? parseHolidays(row.value).sort() : [],
        updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
        updatedBy: row?.updatedByUsername ?? null,
      };
    },

    async set(input: string[], actor: Actor) {
      const bad = input.filter((d) => tryIsoDateToEpochDay(d.trim()) === null);
      if (bad.length > 0) {
        throw badRequest(
          'invalid_date',
          'วันหยุดต้องอยู่ในรูปแบบ YYYY-MM-DD',
          bad.map((value) => ({ field: 'holidays', value })),
        );
      }
      const holidays = [...new Set(input.map((d) => d.trim()))].sort();
      const now = clock();
      await storage.transaction(async (tx) => {
        const [before] = await tx.select().from(settings).where(eq(settings.key, HOLIDAYS_KEY));
        const value = JSON.stringify(holidays);
        await tx
          .insert(settings)
          .values({
            key: HOLIDAYS_KEY,
            value,
            updatedAt: now,
            updatedByUserId: actor.userId,
            updatedByUsername: actor.username,
          })
          .onConflictDoUpdate({
            target: settings.key,
            set: { value, updatedAt: now, updatedByUserId: actor.userId, updatedByUsername: actor.username },
          });
        await writeAudit(
          tx,
          actor,
          {
            action: 'settings.holidays',
            targetType: 'settings',
            targetId: HOLIDAYS_KEY,
            targetLabel: 'วันหยุด',
            counts: { holidays: holidays.length },
            details: { before: before ? parseHolidays(before.value) : [], after: holidays },
          },
          now,
        );
      });
      return { holidays, updatedAt: new Date(now).toISOString(), updatedBy: actor.username };
    },
  };
}

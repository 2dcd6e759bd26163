// When the daily backup runs: BACKUP_DAILY_AT (HH:MM) in Asia/Bangkok, as users were told
// (docs/domain/data-safety.md#schedule); the legacy ran it at 19:00 server time, i.e. 02:00 in
// Bangkok.
import { BANGKOK_OFFSET_MS, DAY_MS, bangkokEpochDay } from './time';

/** The first instant >= `now` that is `hhmm` on a Bangkok clock. */
export function nextDailyRun(now: number, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  const today = bangkokEpochDay(now) * DAY_MS - BANGKOK_OFFSET_MS + (h * 60 + m) * 60_000;
  return today >= now ? today : today + DAY_MS;
}

/** The latest instant <= `now` that is `hhmm` on a Bangkok clock. */
export function previousDailyRun(now: number, hhmm: string): number {
  return nextDailyRun(now, hhmm) - (nextDailyRun(now, hhmm) === now ? 0 : DAY_MS);
}

/** ISO 8601 with the +07:00 offset, for showing Bangkok instants in JSON. */
export function toBangkokIso(ms: number): string {
  return new Date(ms + BANGKOK_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

// The daily backup (docs/domain/data-safety.md#schedule): at BACKUP_DAILY_AT Asia/Bangkok, as users
// were told. Two parts:
//   - `createScheduledBackups`: runs one day's slot at most once, whoever asks (the Node timer,
//     the worker's cron, a second process): a lease row keeps runners apart, and a slot that
//     already has its `scheduled` backup is not run again. A failure is written to the audit log
//     (backup.create, outcome error), where system status finds it as backups.lastError.
//   - `createBackupScheduler`: the Node timer, with the clock and timers injected so tests can
//     drive it: a catch-up at start when the newest scheduled backup is older than 24 h, then
//     one timer per day.
import { and, desc, eq, gte, max } from 'drizzle-orm';
import { backups } from '../../db/schema';
import { systemActor } from '../context';
import { DAY_MS } from '../../domain/time';
import { nextDailyRun, previousDailyRun } from '../../domain/schedule';
import { createBackup, type BackupDeps } from '.';
import { withLease } from '../system/leases';
import { writeAudit } from '../audit';
import type { Logger } from '../../log';

export const SCHEDULED_BACKUP_LEASE = 'backup.scheduled';
const LEASE_TTL_MS = 30 * 60_000;

export type SlotOutcome = 'created' | 'already_done' | 'busy' | 'failed';
export type ScheduledBackups = ReturnType<typeof createScheduledBackups>;

export function createScheduledBackups(deps: { backupDeps: BackupDeps }) {
  const { storage, clock, log } = deps.backupDeps;

  async function newestScheduledAt(): Promise<number | null> {
    const [row] = await storage.db
      .select({ at: max(backups.createdAt) })
      .from(backups)
      .where(eq(backups.kind, 'scheduled'));
    return row?.at ?? null;
  }

  async function doneSince(slot: number): Promise<boolean> {
    const rows = await storage.db
      .select({ name: backups.name })
      .from(backups)
      .where(and(eq(backups.kind, 'scheduled'), gte(backups.createdAt, slot)))
      .orderBy(desc(backups.createdAt))
      .limit(1);
    return rows.length > 0;
  }

  async function recordFailure(slot: number, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Scheduled backup failed: ${message}`);
    try {
      await storage.transaction((tx) =>
        writeAudit(
          tx,
          systemActor(),
          {
            action: 'backup.create',
            targetType: 'backup',
            details: {
              outcome: 'error',
              kind: 'scheduled',
              slot: new Date(slot).toISOString(),
              error: message.slice(0, 500),
            },
          },
          clock(),
        ),
      );
    } catch (auditError) {
      log.error(`Could not record the failed scheduled backup: ${(auditError as Error).message}`);
    }
  }

  /** Takes the scheduled backup of the day whose run time is `slot`, unless it exists already. */
  async function runSlot(slot: number): Promise<SlotOutcome> {
    try {
      const leased = await withLease(
        storage,
        SCHEDULED_BACKUP_LEASE,
        LEASE_TTL_MS,
        clock,
        async (): Promise<SlotOutcome> => {
          if (await doneSince(slot)) return 'already_done';
          await createBackup(deps.backupDeps, 'scheduled', systemActor(), { audit: true });
          return 'created';
        },
      );
      return leased.acquired ? leased.result : 'busy';
    } catch (error) {
      await recordFailure(slot, error);
      return 'failed';
    }
  }

  return { newestScheduledAt, runSlot };
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createBackupScheduler(deps: {
  now: () => number;
  timers: Timers;
  dailyAt: string;
  jobs: ScheduledBackups;
  log: Logger;
}) {
  const { now, timers, dailyAt, jobs } = deps;
  let handle: unknown = null;
  let plannedAt: number | null = null;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  function arm(from: number) {
    if (stopped) return;
    const at = nextDailyRun(from, dailyAt);
    plannedAt = at;
    handle = timers.set(() => fire(at), Math.max(0, at - now()));
  }

  function fire(slot: number) {
    handle = null;
    if (stopped) return;
    // A timer may wake early (clock adjustments): never run a slot before its time.
    if (now() < slot) return arm(now());
    running = jobs.runSlot(slot).then(() => arm(Math.max(now(), slot + 1)));
  }

  return {
    /** Arms the daily timer and, when the newest scheduled backup is older than 24 h, catches up now. */
    async start(): Promise<void> {
      stopped = false;
      const t = now();
      const newest = await jobs.newestScheduledAt();
      if (newest !== null && t - newest > DAY_MS) {
        deps.log.info('The newest scheduled backup is older than 24 h: taking one now');
        running = jobs.runSlot(previousDailyRun(t, dailyAt));
      }
      arm(t);
    },
    /** Stops the timer; a backup in progress is abandoned (its temp file is removed by the caller). */
    stop() {
      stopped = true;
      if (handle !== null) timers.clear(handle);
      handle = null;
      plannedAt = null;
    },
    nextRunAt: () => plannedAt,
    /** Resolves when the run in progress (if any) has finished. */
    idle: () => running.then(() => undefined),
  };
}

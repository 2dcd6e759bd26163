// The daily backup (docs/domain/data-safety.md#schedule, docs/domain/data-safety.md#retention)
// driven by an injected clock and timers: 19:00 Asia/Bangkok is 12:00 UTC; a catch-up at start when
// the newest scheduled backup is older than 24 h; the newest 7 kept; a lease and the per-slot check
// keep it to one run per day; a failure shows as backups.lastError in system status until a run
// succeeds.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileTarget } from '../support/targets';
import { createBackupScheduler, type Timers } from '../../src/services/backups/scheduler';
import { createBackup } from '../../src/services/backups';
import { systemActor } from '../../src/services/context';
import { silentLogger } from '../../src/log';

type FileTarget = Awaited<ReturnType<typeof fileTarget>>;
const open: FileTarget[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

const HOUR = 3_600_000;

function fakeTimers(clock: { now: number | null }) {
  let nextId = 1;
  const pending: { id: number; at: number; fn: () => void }[] = [];
  const timers: Timers = {
    set(fn, ms) {
      const id = nextId++;
      pending.push({ id, at: clock.now! + ms, fn });
      return id;
    },
    clear(id) {
      const i = pending.findIndex((p) => p.id === id);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    timers,
    pending,
    /** Moves the clock to the earliest timer and fires it. */
    fireNext() {
      pending.sort((a, b) => a.at - b.at);
      const t = pending.shift()!;
      clock.now = t.at;
      t.fn();
    },
  };
}

async function setup(env: Record<string, string> = {}) {
  const target = await fileTarget({ env });
  open.push(target);
  const fake = fakeTimers(target.clock!);
  const scheduler = createBackupScheduler({
    now: () => target.clock!.now!,
    timers: fake.timers,
    dailyAt: target.parts.deps.config.BACKUP_DAILY_AT,
    jobs: target.services.scheduledBackups,
    log: silentLogger,
  });
  const scheduled = async () =>
    (await target.services.backups.list({ limit: 500 })).items
      .filter((b) => b.kind === 'scheduled')
      .map((b) => b.createdAt);
  return { target, fake, scheduler, scheduled };
}

describe('scheduled backups', () => {
  it('runs daily at 19:00 Asia/Bangkok, which is 12:00 UTC', async () => {
    const { target, fake, scheduler, scheduled } = await setup();
    target.clock!.now = Date.UTC(2025, 2, 10, 3, 0); // 10:00 in Bangkok
    await scheduler.start();
    expect(scheduler.nextRunAt()).toBe(Date.UTC(2025, 2, 10, 12, 0));
    expect(await scheduled()).toEqual([]);

    fake.fireNext();
    await scheduler.idle();
    expect(await scheduled()).toEqual(['2025-03-10T12:00:00.000Z']);
    expect(scheduler.nextRunAt()).toBe(Date.UTC(2025, 2, 11, 12, 0));
    const audit = await target.sql.execute(
      `SELECT username, details FROM audit_log WHERE action = 'backup.create' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0].username).toBe('system');
    expect(JSON.parse(String(audit.rows[0].details))).toMatchObject({ outcome: 'ok', kind: 'scheduled' });

    // After 19:00 Bangkok the next run is tomorrow's.
    scheduler.stop();
    target.clock!.now = Date.UTC(2025, 2, 11, 12, 30);
    await scheduler.start();
    expect(scheduler.nextRunAt()).toBe(Date.UTC(2025, 2, 12, 12, 0));
    scheduler.stop();
    expect(fake.pending).toEqual([]);
  });

  it('follows BACKUP_DAILY_AT on the Bangkok clock', async () => {
    const { target, scheduler } = await setup({ BACKUP_DAILY_AT: '02:30' });
    target.clock!.now = Date.UTC(2025, 2, 10, 3, 0); // 10:00 Bangkok: today's 02:30 has passed
    await scheduler.start();
    expect(scheduler.nextRunAt()).toBe(Date.UTC(2025, 2, 10, 19, 30)); // 02:30 on 11 March in Bangkok
    scheduler.stop();
  });

  it('catches up at start when the newest scheduled backup is older than 24 h, not otherwise', async () => {
    const { target, scheduler, scheduled } = await setup();
    const t = Date.UTC(2025, 2, 10, 3, 0);
    target.clock!.now = t;
    await scheduler.start();
    await scheduler.idle();
    // No scheduled backup at all: nothing to catch up (the first one comes at 19:00).
    expect(await scheduled()).toEqual([]);
    scheduler.stop();

    target.clock!.now = t - 23 * HOUR;
    await createBackup(target.parts.backupDeps, 'scheduled', systemActor());
    target.clock!.now = t;
    await scheduler.start();
    await scheduler.idle();
    expect((await scheduled()).length).toBe(1);
    scheduler.stop();

    target.clock!.now = t + 2 * HOUR; // the newest is now 25 h old
    await scheduler.start();
    await scheduler.idle();
    expect(await scheduled()).toEqual([new Date(t + 2 * HOUR).toISOString(), new Date(t - 23 * HOUR).toISOString()]);
    scheduler.stop();
  });

  it('keeps the newest 7 scheduled backups', async () => {
    const { target, fake, scheduler, scheduled } = await setup();
    target.clock!.now = Date.UTC(2025, 2, 1, 0, 0);
    await scheduler.start();
    for (let day = 0; day < 9; day++) {
      fake.fireNext();
      await scheduler.idle();
    }
    const kept = await scheduled();
    expect(kept).toEqual(Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2025, 2, 9 - i, 12, 0)).toISOString()));
    scheduler.stop();
  });

  it('runs a day once: a second runner for the same slot, or another holder of the lease, does not take another backup', async () => {
    const { target, scheduler, fake, scheduled } = await setup();
    const second = createBackupScheduler({
      now: () => target.clock!.now!,
      timers: fake.timers,
      dailyAt: '19:00',
      jobs: target.services.scheduledBackups,
      log: silentLogger,
    });
    target.clock!.now = Date.UTC(2025, 2, 10, 11, 59);
    await scheduler.start();
    await second.start();
    expect(fake.pending.map((p) => p.at)).toEqual([Date.UTC(2025, 2, 10, 12), Date.UTC(2025, 2, 10, 12)]);
    fake.fireNext();
    fake.fireNext();
    await Promise.all([scheduler.idle(), second.idle()]);
    expect(await scheduled()).toEqual(['2025-03-10T12:00:00.000Z']);

    const slot = Date.UTC(2025, 2, 11, 12);
    target.clock!.now = slot;
    await target.sql.execute({
      sql: `INSERT INTO leases (name, holder, expires_at, acquired_at) VALUES ('backup.scheduled', 'other-process', ?, ?)`,
      args: [slot + HOUR, slot],
    });
    expect(await target.services.scheduledBackups.runSlot(slot)).toBe('busy');
    expect((await scheduled()).length).toBe(1);
    await target.sql.execute(`DELETE FROM leases`);
    expect(await target.services.scheduledBackups.runSlot(slot)).toBe('created');
    expect(await target.services.scheduledBackups.runSlot(slot)).toBe('already_done');
    expect((await scheduled()).length).toBe(2);
    scheduler.stop();
    second.stop();
  });

  it('shows a failed run as backups.lastError until a scheduled backup succeeds', async () => {
    const { target, fake, scheduler } = await setup();
    const dir = join(target.dir, 'backups');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a folder');
    target.clock!.now = Date.UTC(2025, 2, 10, 3, 0);
    await scheduler.start();
    fake.fireNext();
    await scheduler.idle();
    const failed = (await target.services.status.systemStatus()).backups;
    expect(failed.lastError).toMatchObject({ at: '2025-03-10T12:00:00.000Z', kind: 'scheduled' });
    expect(failed.lastError!.message).toBeTruthy();
    expect(failed.nextScheduledAt).toBe('2025-03-11T19:00:00+07:00');

    rmSync(dir, { force: true });
    fake.fireNext();
    await scheduler.idle();
    expect((await target.services.status.systemStatus()).backups.lastError).toBeNull();
    scheduler.stop();
  });
});

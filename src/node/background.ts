// Background work of the Node server: the daily backup timer (docs/domain/data-safety.md#schedule),
// with its catch-up at start. The entry point owns it: what this returns stops it on shutdown
// (docs/domain/data-safety.md#graceful-shutdown step 4: a backup in progress is abandoned and its
// temp file deleted).
import { createBackupScheduler, realTimers } from '../services/backups/scheduler';
import { toBangkokIso } from '../domain/schedule';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { ServiceParts, Services } from '../services';

export function startBackground(
  services: Services,
  parts: ServiceParts,
  config: Config,
  log: Logger,
): () => Promise<void> {
  const scheduler = createBackupScheduler({
    now: parts.deps.clock,
    timers: realTimers,
    dailyAt: config.BACKUP_DAILY_AT,
    jobs: services.scheduledBackups,
    log,
  });
  scheduler
    .start()
    .then(() => {
      const next = scheduler.nextRunAt();
      log.info(
        `Scheduled backups daily at ${config.BACKUP_DAILY_AT} Asia/Bangkok; next ${next ? toBangkokIso(next) : 'not planned'}`,
      );
    })
    .catch((error) => log.error(`The backup scheduler did not start: ${(error as Error).message}`));
  return async () => {
    scheduler.stop();
    await parts.deps.backupStore.cleanTemp();
  };
}

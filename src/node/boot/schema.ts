// Step 6: the schema. A remote database migrated by a newer build is refused before anything
// writes; pending migrations are applied (with a pre_migration backup when data exists;
// docs/domain/data-safety.md#migrations).
import { redactDatabaseUrl } from '../../../adapters/libsql-remote';
import type { DatabaseLocation } from '../../config';
import { MigrationError, migrationState } from '../../db/migrate';
import type { Logger } from '../../log';
import type { createApp } from '../../app';
import { systemActor } from '../../services/context';
import type { StoragePort } from '../../storage';
import { BootError } from './error';

type Services = ReturnType<typeof createApp>['services'];

export async function refuseNewerRemoteSchema(storage: StoragePort, location: DatabaseLocation): Promise<void> {
  if (location.kind !== 'remote') return;
  const unknown = (await migrationState(storage)).unknown;
  if (unknown > 0) {
    throw new BootError(
      `The database ${redactDatabaseUrl(location.url)} was migrated by a newer version of Order Desk (${unknown} migration(s) this build does not know). Nothing was changed. Deploy the newer build.`,
    );
  }
}

export async function applyPendingMigrations(services: Services, log: Logger): Promise<void> {
  const state = await services.migrations.state();
  if (state.pending.length === 0) {
    log.info(`Schema up to date (${state.current})`);
    return;
  }
  try {
    const result = await services.migrations.apply(systemActor(), { confirm: true });
    log.info(`Migrations applied: ${result.applied.length} (latest ${result.latest})`);
  } catch (error) {
    if (error instanceof MigrationError) {
      throw new BootError(
        `${error.message}. The database stays at the previous migration (${state.current ?? 'empty'}).`,
      );
    }
    throw new BootError(`Migrations were not applied: ${(error as Error).message}`);
  }
}

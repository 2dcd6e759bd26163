// Step 5: a legacy database is converted when LEGACY_ADOPT=true (a backup first, one transaction;
// docs/domain/data-safety.md#legacy-adoption). Preflight has already refused one without it.
import type { Config } from '../../config';
import { isLegacyDatabase } from '../../db/migrate';
import type { Logger } from '../../log';
import type { BackupStore } from '../../services/backups/store';
import type { StoragePort } from '../../storage';
import { adoptLegacyFile } from '../legacy-adoption';
import { BootError } from './error';

export async function adoptIfLegacy(deps: {
  storage: StoragePort;
  store: BackupStore;
  config: Config;
  clock: () => number;
  log: Logger;
  /** The database as the logs name it. */
  path: string;
}): Promise<void> {
  const { storage, config, log, path } = deps;
  if (!(await isLegacyDatabase(storage))) {
    if (config.LEGACY_ADOPT)
      log.warn('LEGACY_ADOPT is set, but this database needs no conversion: remove the variable.');
    return;
  }
  if (!config.LEGACY_ADOPT) {
    throw new BootError(
      `Legacy database detected at ${path}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`,
    );
  }
  log.info(`Legacy database detected at ${path}: LEGACY_ADOPT=true, converting it`);
  try {
    await adoptLegacyFile({ storage, store: deps.store, clock: deps.clock, log, path });
  } catch (error) {
    throw new BootError((error as Error).message);
  }
}

// The file backup store: BACKUP_DIR, else `backups/` beside the database file (or in the working
// directory for a remote database); unfinished files a killed process left are removed.
import { dirname, resolve } from 'node:path';
import type { Config, DatabaseLocation } from '../../config';
import type { Logger } from '../../log';
import { createFileBackupStore } from '../file-backup-store';

export async function openBackupStore(config: Config, cwd: string, location: DatabaseLocation, log: Logger) {
  const backupDir = config.BACKUP_DIR
    ? resolve(cwd, config.BACKUP_DIR)
    : location.kind === 'file'
      ? resolve(dirname(location.path), 'backups')
      : resolve(cwd, 'backups');
  const store = createFileBackupStore(backupDir);
  const cleaned = await store.cleanTemp();
  if (cleaned > 0) log.info(`Removed ${cleaned} unfinished backup file(s) from ${backupDir}`);
  return store;
}

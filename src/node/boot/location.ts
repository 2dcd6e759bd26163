// Step 1: where the database is (docs/domain/data-safety.md#database-location), logged once, and
// whether that place survives a redeploy (#persistence-warning).
import { resolve } from 'node:path';
import { redactDatabaseUrl } from '../../../adapters/libsql-remote';
import { assessPersistence, type Config, type DatabaseLocation, resolveDatabaseLocation } from '../../config';
import type { Logger } from '../../log';
import { isMountPoint } from '../storage-facts';

export interface ResolvedLocation {
  location: DatabaseLocation;
  /** RAILWAY_VOLUME_MOUNT_PATH, resolved. */
  mountPath: string | undefined;
  persistence: ReturnType<typeof assessPersistence>;
}

export function resolveLocation(config: Config, cwd: string, log: Logger): ResolvedLocation {
  const { location, warnings } = resolveDatabaseLocation(config, cwd);
  for (const w of warnings) log.warn(w);
  log.info(`Database path: ${describeLocation(location)}`);

  const mountPath = config.RAILWAY_VOLUME_MOUNT_PATH ? resolve(cwd, config.RAILWAY_VOLUME_MOUNT_PATH) : undefined;
  const persistence = assessPersistence({
    location,
    onRailway: config.onRailway,
    mountPath,
    mountPathIsMountPoint: isMountPoint(mountPath),
  });
  if (persistence.warning) log.warn(persistence.warning);
  return { location, mountPath, persistence };
}

/** The database as the logs may name it (a remote URL without its credentials). */
export const describeLocation = (location: DatabaseLocation): string =>
  location.kind === 'file' ? location.path : redactDatabaseUrl(location.url);

// Whether the database survives a redeploy (docs/domain/data-safety.md#persistence-warning).
import { type DatabaseLocation, resolvePosixPath } from './location';

/**
 * Persistent storage: the database is remote; or the service is not on Railway; or the file is
 * inside RAILWAY_VOLUME_MOUNT_PATH and that directory is a real mount.
 */
export function assessPersistence(input: {
  location: DatabaseLocation;
  onRailway: boolean;
  mountPath?: string;
  /** Whether mountPath is a mount point (device differs from its parent); null = unknown. */
  mountPathIsMountPoint: boolean | null;
}): { persistent: boolean; dbInsideVolume: boolean; warning: string | null } {
  const { location, onRailway, mountPath } = input;
  if (location.kind === 'remote') return { persistent: true, dbInsideVolume: false, warning: null };
  const normalisedMount = mountPath ? resolvePosixPath('/', mountPath) : undefined;
  const dbInsideVolume = !!normalisedMount && location.path.startsWith(normalisedMount.replace(/\/?$/, '/'));
  if (!onRailway) return { persistent: true, dbInsideVolume, warning: null };
  const persistent = dbInsideVolume && input.mountPathIsMountPoint === true;
  return {
    persistent,
    dbInsideVolume,
    warning: persistent
      ? null
      : `WARNING: the database at ${location.path} is not on a persistent volume and will be lost on the next deploy. ` +
        'Attach a Railway volume mounted at /data or set DATABASE_URL to a remote libSQL database.',
  };
}

// What the status page shows about the host: Railway, its volume, and free space (read on every
// status request: it changes as data and backups grow).
import { dirname } from 'node:path';
import type { Config } from '../../config';
import type { HostInfo } from '../../services/status';
import { freeBytes, isMountPoint } from '../storage-facts';
import type { ResolvedLocation } from './location';

export function hostInfo(config: Config, { location, mountPath, persistence }: ResolvedLocation): HostInfo {
  return {
    railway: {
      detected: config.onRailway,
      environment: config.RAILWAY_ENVIRONMENT_NAME ?? config.RAILWAY_ENVIRONMENT ?? null,
      serviceId: config.RAILWAY_SERVICE_ID ?? null,
      deploymentId: config.RAILWAY_DEPLOYMENT_ID ?? null,
      volume: {
        name: config.RAILWAY_VOLUME_NAME ?? null,
        mountPath: mountPath ?? null,
        mounted: isMountPoint(mountPath),
        dbInsideVolume: persistence.dbInsideVolume,
        get freeBytes() {
          return mountPath ? freeBytes(mountPath) : null;
        },
      },
    },
    storageWarning: persistence.warning,
    databaseFreeBytes: location.kind === 'file' ? () => freeBytes(dirname(location.path)) : undefined,
  };
}

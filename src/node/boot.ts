// Node start-up, in the order operations 1 and 2 require: resolve the database location once,
// log it, warn about throwaway disk, open storage (failing fast), refuse a legacy file unless
// adoption is asked for (then convert it: backup first, one transaction), migrate (with a pre_migration backup when data exists), bootstrap the
// first admin or setup mode, then build the app.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { openFileStorage } from '../../adapters/libsql-file';
import { openRemoteStorage, redactDatabaseUrl } from '../../adapters/libsql-remote';
import { assessPersistence, resolveDatabaseLocation, type Config } from '../config';
import { createApp } from '../app';
import { isLegacyDatabase, MigrationError } from '../db/migrate';
import { AppError } from '../errors';
import { systemActor } from '../context';
import type { Logger } from '../log';
import type { StoragePort } from '../storage';
import type { BuildInfo, HostInfo, Lifecycle } from '../services/status';
import type { TransactionHooks } from '../services/hooks';
import { createFileBackupStore } from './file-backup-store';
import { verifyWerkzeugHash } from './legacy-hash';
import { adoptLegacyFile } from './legacy-adoption';
import { freeBytes, isMountPoint } from './storage-facts';
import { createNodeSheetsReader } from '../sheets/googleapis';

export class BootError extends Error {}

export interface Booted {
  app: ReturnType<typeof createApp>['app'];
  services: ReturnType<typeof createApp>['services'];
  storage: StoragePort;
  lifecycle: Lifecycle;
  host: HostInfo;
}

export async function boot(
  config: Config,
  opts: { cwd: string; log: Logger; build: BuildInfo; clock?: () => number; hooks?: TransactionHooks },
): Promise<Booted> {
  const { log, cwd } = opts;
  const clock = opts.clock ?? Date.now;
  const { location, warnings } = resolveDatabaseLocation(config, cwd);
  for (const w of warnings) log.warn(w);
  log.info(`Database path: ${location.kind === 'file' ? location.path : redactDatabaseUrl(location.url)}`);

  const mountPath = config.RAILWAY_VOLUME_MOUNT_PATH ? resolve(cwd, config.RAILWAY_VOLUME_MOUNT_PATH) : undefined;
  const persistence = assessPersistence({
    location,
    onRailway: config.onRailway,
    mountPath,
    mountPathIsMountPoint: isMountPoint(mountPath),
  });
  if (persistence.warning) log.warn(persistence.warning);

  let storage: StoragePort;
  try {
    if (location.kind === 'file') {
      storage = await openFileStorage({ path: location.path, persistent: persistence.persistent });
    } else {
      storage = await openRemoteStorage({ url: location.url, authToken: location.authToken });
      await storage.execute('SELECT 1');
    }
  } catch (error) {
    throw new BootError(
      location.kind === 'file'
        ? `Cannot open the database at ${location.path}: ${(error as Error).message}`
        : `The remote database ${redactDatabaseUrl(location.url)} is unreachable: ${(error as Error).message}`,
    );
  }

  try {
    const backupDir = config.BACKUP_DIR
      ? resolve(cwd, config.BACKUP_DIR)
      : location.kind === 'file'
        ? resolve(dirname(location.path), 'backups')
        : resolve(cwd, 'backups');
    const backupStore = createFileBackupStore(backupDir);
    const cleaned = await backupStore.cleanTemp();
    if (cleaned > 0) log.info(`Removed ${cleaned} unfinished backup file(s) from ${backupDir}`);

    if (await isLegacyDatabase(storage)) {
      const path = location.kind === 'file' ? location.path : redactDatabaseUrl(location.url);
      if (!config.LEGACY_ADOPT) {
        throw new BootError(`Legacy database detected at ${path}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`);
      }
      log.info(`Legacy database detected at ${path}: LEGACY_ADOPT=true, converting it`);
      try {
        await adoptLegacyFile({ storage, store: backupStore, clock, log, path });
      } catch (error) {
        throw new BootError((error as Error).message);
      }
    } else if (config.LEGACY_ADOPT) {
      log.warn('LEGACY_ADOPT is set, but this database needs no conversion: remove the variable.');
    }

    const host: HostInfo = {
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
          // Read on every status request: free space changes as data and backups grow.
          get freeBytes() {
            return mountPath ? freeBytes(mountPath) : null;
          },
        },
      },
      storageWarning: persistence.warning,
    };

    // Setup mode needs a token: SETUP_TOKEN, or one generated now and logged once.
    const setupToken = config.SETUP_TOKEN ?? randomBytes(32).toString('base64url');
    const lifecycle: Lifecycle = { draining: false };
    const sheets = createNodeSheetsReader(config, { log, credentialsFileText: googleCredentialsFile(config, cwd, log) });
    const { app, services } = createApp({
      storage,
      config,
      log,
      clock,
      build: opts.build,
      host,
      lifecycle,
      backupStore,
      legacyVerify: verifyWerkzeugHash,
      setupToken,
      hooks: opts.hooks,
      sheets,
      remoteAddress: (c: Context) => {
        try {
          return getConnInfo(c).remote.address ?? null;
        } catch {
          return null;
        }
      },
    });

    const state = await services.migrations.state();
    if (state.pending.length === 0) {
      log.info(`Schema up to date (${state.current})`);
    } else {
      try {
        const result = await services.migrations.apply(systemActor(), { confirm: true });
        log.info(`Migrations applied: ${result.applied.length} (latest ${result.latest})`);
      } catch (error) {
        if (error instanceof MigrationError) {
          throw new BootError(`${error.message}. The database stays at the previous migration (${state.current ?? 'empty'}).`);
        }
        throw new BootError(`Migrations were not applied: ${(error as Error).message}`);
      }
    }

    try {
      await services.auth.bootstrap();
    } catch (error) {
      if (error instanceof AppError) throw new BootError(error.message);
      throw error;
    }
    if (await services.auth.isSetupRequired()) {
      if (config.SETUP_TOKEN) log.warn('Setup required: no user exists. Create the first admin at /setup in a browser (or POST /api/setup) with SETUP_TOKEN.');
      else log.warn(`Setup required: no user exists. Create the first admin at /setup in a browser (or POST /api/setup) using this one-time setup token: ${setupToken}`);
    }
    return { app, services, storage, lifecycle, host };
  } catch (error) {
    await storage.close().catch(() => {});
    throw error;
  }
}


/**
 * The service-account key file for local Node development (operations 9.2): GOOGLE_CREDENTIALS_FILE,
 * else ./credentials.json when present. Only read when no key is given in the environment.
 */
function googleCredentialsFile(config: Config, cwd: string, log: Logger): string | null {
  if (config.GOOGLE_CREDENTIALS_JSON || config.GOOGLE_PRIVATE_KEY) return null;
  const path = config.GOOGLE_CREDENTIALS_FILE ? resolve(cwd, config.GOOGLE_CREDENTIALS_FILE) : resolve(cwd, 'credentials.json');
  if (!existsSync(path)) {
    if (config.GOOGLE_CREDENTIALS_FILE) log.warn(`GOOGLE_CREDENTIALS_FILE does not exist: ${path}`);
    return null;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    log.warn(`Cannot read the Google credentials file ${path}: ${(error as Error).message}`);
    return null;
  }
}

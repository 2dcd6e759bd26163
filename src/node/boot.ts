// Node start-up, in the order operations 1 and 2 require: resolve the database location once,
// log it, warn about throwaway disk, inspect a file read-only and refuse what must not be opened
// (src/node/preflight.ts: a refused file stays byte for byte as it was), open storage (failing
// fast: a read-only file too), take the file's writer lease (one writer process per file),
// convert a legacy file when adoption is asked for (backup first, one transaction), migrate (with
// a pre_migration backup when data exists), catalogue or remove orphan backup files, bootstrap
// the first admin or setup mode, then build the app.
import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  claimWriterLease,
  openFileStorage,
  type WriterIdentity,
  type WriterLease,
  type WriterLeaseHolder,
} from '../../adapters/libsql-file';
import { openRemoteStorage, redactDatabaseUrl } from '../../adapters/libsql-remote';
import { assessPersistence, resolveDatabaseLocation, type Config } from '../config';
import { createApp } from '../app';
import { isLegacyDatabase, migrationState, MigrationError } from '../db/migrate';
import { rootCauseMessage, storageFaultOf } from '../storage';

import { heldByMessage, preflightDatabaseFile, PreflightRefusal } from './preflight';
import { AppError } from '../errors';
import { systemActor } from '../services/context';
import type { Logger } from '../log';
import type { StoragePort } from '../storage';
import type { BuildInfo, HostInfo, Lifecycle } from '../services/status';
import type { TransactionHooks } from '../services/system/hooks';
import { createFileBackupStore } from './file-backup-store';
import { adoptOrphanBackups } from '../services/backups';
import { verifyWerkzeugHash } from './legacy-hash';
import { adoptLegacyFile } from './legacy-adoption';
import { freeBytes, isMountPoint } from './storage-facts';
import { createNodeSheetsReader } from '../sheets/googleapis';
import { giveWayIfHeld } from '../lib/steps';

export class BootError extends Error {}

export interface Booted {
  app: ReturnType<typeof createApp>['app'];
  services: ReturnType<typeof createApp>['services'];
  parts: ReturnType<typeof createApp>['parts'];
  storage: StoragePort;
  lifecycle: Lifecycle;
  host: HostInfo;
  /** File adapter: this process's writer lease, released at shutdown. */
  writerLease: WriterLease | null;
}

const tableExists = async (storage: StoragePort, name: string) =>
  (await storage.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])).rows.length > 0;

/** One line when renewals start failing (a full volume, say), then at most one a minute. */
function renewErrorLogger(log: Logger) {
  let last = 0;
  return (error: unknown) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    log.warn(`Could not renew the writer lease (kept until it expires; retried): ${rootCauseMessage(error)}`);
  };
}

export async function boot(
  config: Config,
  opts: {
    cwd: string;
    log: Logger;
    build: BuildInfo;
    clock?: () => number;
    hooks?: TransactionHooks;
    maxPageCount?: number;
    /** Called when another process took this one's writer lease (the server then shuts down). */
    onWriterLeaseLost?: () => void;
  },
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

  const me: WriterIdentity = { pid: process.pid, host: hostname(), id: randomUUID() };
  if (location.kind === 'file') {
    try {
      await preflightDatabaseFile(location, { legacyAdopt: config.LEGACY_ADOPT, me, now: clock() });
    } catch (error) {
      if (error instanceof PreflightRefusal) throw new BootError(error.message);
      throw error;
    }
  }

  let storage: StoragePort;
  try {
    if (location.kind === 'file') {
      storage = await openFileStorage({
        path: location.path,
        persistent: persistence.persistent,
        maxPageCount: opts.maxPageCount,
        beforeStatement: () => giveWayIfHeld(),
      });
    } else {
      storage = await openRemoteStorage({ url: location.url, authToken: location.authToken });
      await storage.execute('SELECT 1');
    }
  } catch (error) {
    if (location.kind === 'file' && storageFaultOf(error) === 'busy') {
      throw new BootError(
        `Another process is writing the database ${location.path} (${rootCauseMessage(error)}): a database file has exactly one writer process; stop the other one first.`,
      );
    }
    throw new BootError(
      location.kind === 'file'
        ? `Cannot open the database at ${location.path}: ${(error as Error).message}`
        : `The remote database ${redactDatabaseUrl(location.url)} is unreachable: ${(error as Error).message}`,
    );
  }

  let writerLease: WriterLease | null = null;
  const filePath = location.kind === 'file' ? location.path : null;
  const onLost = (holder: WriterLeaseHolder | null) => {
    log.error(
      `The writer lease of ${filePath} was taken by ${holder ? `pid ${holder.pid} on host ${holder.host}` : 'another process'}: stopping, a file has one writer`,
    );
    opts.onWriterLeaseLost?.();
  };
  const takeWriterLease = async () => {
    if (location.kind !== 'file' || writerLease) return;
    let claimed: Awaited<ReturnType<typeof claimWriterLease>>;
    try {
      claimed = await claimWriterLease(location.path, me, { onLost, onRenewError: renewErrorLogger(log) });
    } catch (error) {
      const fault = storageFaultOf(error);
      if (fault === 'busy') {
        throw new BootError(
          `Another process is writing the database ${location.path} (${rootCauseMessage(error)}): a database file has exactly one writer process; stop the other one first.`,
        );
      }
      // A full volume must not keep the service from starting (reads and the rescue export work).
      if (fault === 'full')
        return log.warn(
          `Could not take the writer lease of ${location.path}: the volume is full (${rootCauseMessage(error)})`,
        );
      throw error;
    }
    if (!claimed.ok) throw new BootError(heldByMessage(location.path, claimed.holder));
    writerLease = claimed.lease;
  };

  try {
    // The writer lease first, before anything writes; a database without the table yet (a new
    // file, a legacy one) gets it once migrations have created it.
    if (location.kind === 'file' && (await tableExists(storage, 'leases'))) await takeWriterLease();
    if (location.kind === 'remote') {
      const unknown = (await migrationState(storage)).unknown;
      if (unknown > 0) {
        throw new BootError(
          `The database ${redactDatabaseUrl(location.url)} was migrated by a newer version of Order Desk (${unknown} migration(s) this build does not know). Nothing was changed. Deploy the newer build.`,
        );
      }
    }

    const backupDir = config.BACKUP_DIR
      ? resolve(cwd, config.BACKUP_DIR)
      : location.kind === 'file'
        ? resolve(dirname(location.path), 'backups')
        : resolve(cwd, 'backups');
    const backupStore = createFileBackupStore(backupDir);
    const cleaned = await backupStore.cleanTemp();
    if (cleaned > 0) log.info(`Removed ${cleaned} unfinished backup file(s) from ${backupDir}`);

    // Preflight has refused a legacy file without LEGACY_ADOPT; this is the conversion.
    if (await isLegacyDatabase(storage)) {
      const path = location.kind === 'file' ? location.path : redactDatabaseUrl(location.url);
      if (!config.LEGACY_ADOPT) {
        throw new BootError(
          `Legacy database detected at ${path}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`,
        );
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
      databaseFreeBytes: location.kind === 'file' ? () => freeBytes(dirname(location.path)) : undefined,
    };

    // Setup mode needs a token: SETUP_TOKEN, or one generated now and logged once.
    const setupToken = config.SETUP_TOKEN ?? randomBytes(32).toString('base64url');
    const lifecycle: Lifecycle = { draining: false };
    const sheets = createNodeSheetsReader(config, {
      log,
      credentialsFileText: googleCredentialsFile(config, cwd, log),
    });
    const { app, services, parts } = createApp({
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
          throw new BootError(
            `${error.message}. The database stays at the previous migration (${state.current ?? 'empty'}).`,
          );
        }
        throw new BootError(`Migrations were not applied: ${(error as Error).message}`);
      }
    }

    // Backup files a killed process left without their catalogue row: adopted or removed.
    await adoptOrphanBackups(parts.backupDeps).catch((error) =>
      log.warn(`Could not check the backup folder for orphan files: ${rootCauseMessage(error)}`),
    );

    try {
      await services.auth.bootstrap();
    } catch (error) {
      if (error instanceof AppError) throw new BootError(error.message);
      throw error;
    }
    if (await services.auth.isSetupRequired()) {
      if (config.SETUP_TOKEN)
        log.warn(
          'Setup required: no user exists. Create the first admin at /setup in a browser (or POST /api/setup) with SETUP_TOKEN.',
        );
      else
        log.warn(
          `Setup required: no user exists. Create the first admin at /setup in a browser (or POST /api/setup) using this one-time setup token: ${setupToken}`,
        );
    }
    await takeWriterLease();
    return { app, services, parts, storage, lifecycle, host, writerLease };
  } catch (error) {
    await (writerLease as WriterLease | null)?.release().catch(() => {});
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
  const path = config.GOOGLE_CREDENTIALS_FILE
    ? resolve(cwd, config.GOOGLE_CREDENTIALS_FILE)
    : resolve(cwd, 'credentials.json');
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

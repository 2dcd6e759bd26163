// The services container: every use case, built once per app from the entry point's deps.
// It holds use cases only; what they are built from (ServiceParts) goes back to the entry point.
import { createAuthService } from './auth/index';
import { createUsersService } from './users';
import { createLoginThrottle } from './auth/login-throttle';
import { createShopsService } from './catalog/shops';
import { createProductsService } from './catalog/products';
import { createStockService } from './catalog/stock';
import { createMigrationsService } from './system/migrations';
import { createStatusService, type BuildInfo, type HostInfo, type Lifecycle } from './status';
import { createBackup, createBackupFailures, retentionFor, type BackupDeps } from './backups';
import { createBackupAdminService } from './backups/admin';
import { createAuditService } from './audit/log';
import { createScheduledBackups } from './backups/scheduler';
import { createClearService } from './clear';
import { createExportService } from './export';
import { createRestoreService } from './restore';
import { createLegacyService } from '../legacy';
import { createReadModel } from './orders/read-model';
import { createOrdersService } from './orders';
import { createReportsService } from './reports';
import { createOrderActionsService } from './orders/actions';
import { createHolidaysService } from './settings/holidays';
import { createImportsService } from './imports';
import { createSheetUrlsService } from './settings/sheet-urls';
import { createDashboardChartsService } from './orders/dashboard-charts';
import { createStockLevelsService } from './orders/stock-levels';
import { createRestSheetsReader } from '../sheets/reader';
import type { SheetsReader } from '../sheets/types';
import type { BackupStore } from './backups/store';
import type { TransactionHooks } from './system/hooks';
import type { LegacyVerifier } from './auth/passwords';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { StoragePort } from '../storage';
import type { Context } from 'hono';
import { createStorageCondition, watchWrites, type StorageCondition } from '../storage-faults';
import { shutdownCheckpoint } from './system/shutdown';

export interface AppDeps {
  storage: StoragePort;
  config: Config;
  log: Logger;
  /** Injectable clock (epoch ms). */
  clock: () => number;
  build: BuildInfo;
  host: HostInfo;
  lifecycle: Lifecycle;
  backupStore: BackupStore;
  /** Node only: verifies legacy Werkzeug hashes once, then they are rehashed. */
  legacyVerify?: LegacyVerifier;
  setupToken?: string;
  /** The TCP peer address (Node), used when no trusted proxy header applies. */
  remoteAddress?: (c: Context) => string | null;
  /** Process tests only (src/services/hooks.ts); never set in production. */
  hooks?: TransactionHooks;
  /** Google Sheets for imports (Node: googleapis; edge: REST + jose). Default: the REST reader from config. */
  sheets?: SheetsReader;
}

/**
 * What the services are built from, for the entry points that built them and for tests: the
 * entry point's deps, the storage every service uses (writes watched for a full volume), what
 * this process has seen of the volume and the backup machinery.
 */
export interface ServiceParts {
  deps: AppDeps;
  storage: StoragePort;
  storageCondition: StorageCondition;
  backupDeps: BackupDeps;
}

export function createServices(deps: AppDeps) {
  const { config, log, clock } = deps;
  // Every write's outcome is noted, so health and status can say when the volume is full.
  const storageCondition = createStorageCondition(clock);
  const storage = watchWrites(deps.storage, storageCondition);
  const backupDeps: BackupDeps = {
    storage,
    store: deps.backupStore,
    clock,
    log,
    keep: retentionFor(config),
    failures: createBackupFailures(),
    hooks: deps.hooks,
  };
  const auth = createAuthService({
    storage,
    config,
    log,
    clock,
    legacyVerify: deps.legacyVerify,
    setupToken: deps.setupToken,
  });
  const migrations = createMigrationsService({
    storage,
    log,
    clock,
    backup: (kind, actor) => createBackup(backupDeps, kind, actor),
  });
  const invalidateCaches = () => auth.invalidate();
  const readModel = createReadModel({ storage, log });
  const reports = createReportsService({ storage, clock, model: readModel, log });
  const orders = createOrdersService({
    storage,
    clock,
    model: readModel,
    extras: reports,
    shareRunning: deps.config.runtime !== 'edge',
  });
  const services = {
    auth,
    migrations,
    audit: createAuditService({ storage, log, clock, config }),
    users: createUsersService({ storage, clock, throttle: createLoginThrottle(config) }),
    shops: createShopsService({ storage, clock }),
    products: createProductsService({ storage, clock }),
    stock: createStockService({ storage, clock }),
    backups: createBackupAdminService({ backupDeps }),
    scheduledBackups: createScheduledBackups({ backupDeps }),
    clear: createClearService({
      backupDeps,
      sessionKey: async () => (await auth.loadKeys()).primary,
      invalidateCaches,
      hooks: deps.hooks,
    }),
    exports: createExportService({ backupDeps, migrations }),
    restore: createRestoreService({
      config,
      backupDeps,
      migrations,
      invalidateCaches,
      hooks: deps.hooks,
      checkpoint: shutdownCheckpoint(deps.lifecycle),
    }),
    legacy: createLegacyService({ backupDeps }),
    /** The open orders with their allocation, kept up to date by the change feed. */
    readModel,
    orders,
    /** Warehouse paper: reports, prints and the print ledger, rounds, histories, exports (issue 14). */
    reports,
    /** For the web pages: the dashboard's charts and the stock levels of the allocation. */
    dashboardCharts: createDashboardChartsService({ storage, clock, orders }),
    stockLevels: createStockLevelsService({ model: readModel }),
    orderActions: createOrderActionsService({
      storage,
      clock,
      model: readModel,
      // backupDeps is read at call time, so the store in use is always the current one.
      backup: (kind, actor) => createBackup(backupDeps, kind, actor),
    }),
    holidays: createHolidaysService({ storage, clock }),
    imports: createImportsService({
      storage,
      clock,
      log,
      sheets: deps.sheets ?? createRestSheetsReader(config, { log, clock }),
      checkpoint: shutdownCheckpoint(deps.lifecycle),
      // On Node the model is brought up to date once imports have stopped for a moment
      // (docs/domain/read-model.md#after-an-import); an edge isolate is not kept running after its
      // answer, so there the first read does it.
      refreshAfter: deps.config.runtime === 'edge' ? undefined : readModel.refreshInBackground,
    }),
    sheetUrls: createSheetUrlsService({ storage, clock }),
    status: createStatusService({
      storage,
      storageCondition,
      backupFailures: backupDeps.failures!,
      config,
      clock,
      build: deps.build,
      host: deps.host,
      lifecycle: deps.lifecycle,
      migrations,
      auth,
      backupStore: deps.backupStore,
    }),
  };
  const parts: ServiceParts = { deps, storage, storageCondition, backupDeps };
  return { services, parts };
}

/** Every use case, built once per app. */
export type Services = ReturnType<typeof createServices>['services'];

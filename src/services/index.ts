// The services container: every use case, built once per app from the entry point's deps.
import { createAuthService } from './auth';
import { createUsersService } from './users';
import { createShopsService } from './shops';
import { createProductsService } from './products';
import { createStockService } from './stock';
import { createMigrationsService } from './migrations';
import { createStatusService, type BuildInfo, type HostInfo, type Lifecycle, type BackupHealth } from './status';
import { createBackup } from './backups';
import { createImportsService } from './imports';
import { createSheetUrlsService } from './sheet-urls';
import { createRestSheetsReader } from '../sheets/reader';
import type { SheetsReader } from '../sheets/types';
import type { BackupStore } from './backup-store';
import type { LegacyVerifier } from '../auth/passwords';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { StoragePort } from '../storage';
import type { Context } from 'hono';

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
  /** Google Sheets for imports (Node: googleapis; edge: REST + jose). Default: the REST reader from config. */
  sheets?: SheetsReader;
}

export function createServices(deps: AppDeps) {
  const { storage, config, log, clock } = deps;
  const backupHealth: BackupHealth = { lastError: null };
  const backupDeps = { storage, store: deps.backupStore, clock, log };
  const auth = createAuthService({ storage, config, log, clock, legacyVerify: deps.legacyVerify, setupToken: deps.setupToken });
  const migrations = createMigrationsService({
    storage,
    log,
    clock,
    backup: (kind, actor) => createBackup(backupDeps, kind, actor),
  });
  return {
    deps,
    backupDeps,
    backupHealth,
    /** Stops timers and background jobs (the scheduler registers here). */
    stopBackground: undefined as undefined | (() => Promise<void>),
    auth,
    migrations,
    users: createUsersService({ storage, clock }),
    shops: createShopsService({ storage, clock }),
    products: createProductsService({ storage, clock }),
    stock: createStockService({ storage, clock }),
    imports: createImportsService({ storage, clock, log, sheets: deps.sheets ?? createRestSheetsReader(config, { log, clock }) }),
    sheetUrls: createSheetUrlsService({ storage, clock }),
    status: createStatusService({
      storage,
      config,
      clock,
      build: deps.build,
      host: deps.host,
      lifecycle: deps.lifecycle,
      migrations,
      auth,
      backupStore: deps.backupStore,
      backupHealth,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;

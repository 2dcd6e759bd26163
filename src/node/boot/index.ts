// Node start-up, in the order the data-safety rules require (docs/domain/data-safety.md): resolve
// the database location once and log it, warn about throwaway disk, inspect a file read-only and
// refuse what must not be opened, open storage, take the file's writer lease, convert a legacy
// file when adoption is asked for, build the app, migrate, catalogue or remove orphan backup
// files, bootstrap the first admin or setup mode. Each step is a function of this folder; the
// background jobs start in src/server.ts (src/node/background.ts) once boot returns.
import type { WriterLease } from '../../../adapters/libsql-file';
import type { createApp } from '../../app';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import { adoptOrphanBackups } from '../../services/backups';
import type { BuildInfo, HostInfo, Lifecycle } from '../../services/status';
import type { TransactionHooks } from '../../services/system/hooks';
import { rootCauseMessage, type StoragePort } from '../../storage';
import { buildNodeApp } from './app';
import { openBackupStore } from './backups';
import { bootstrapFirstAdmin } from './first-admin';
import { hostInfo } from './host';
import { adoptIfLegacy } from './legacy';
import { describeLocation, resolveLocation } from './location';
import { openStorage, preflight } from './open-storage';
import { applyPendingMigrations, refuseNewerRemoteSchema } from './schema';
import { writerIdentity, writerLeaseTaker } from './writer-lease';

export { BootError } from './error';

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

export interface BootOptions {
  cwd: string;
  log: Logger;
  build: BuildInfo;
  clock?: () => number;
  hooks?: TransactionHooks;
  maxPageCount?: number;
  /** Called when another process took this one's writer lease (the server then shuts down). */
  onWriterLeaseLost?: () => void;
}

const tableExists = async (storage: StoragePort, name: string) =>
  (await storage.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])).rows.length > 0;

export async function boot(config: Config, opts: BootOptions): Promise<Booted> {
  const { log, cwd } = opts;
  const clock = opts.clock ?? Date.now;
  const resolved = resolveLocation(config, cwd, log);
  const { location } = resolved;
  const me = writerIdentity();
  await preflight(resolved, config, me, clock());
  const storage = await openStorage(resolved, opts.maxPageCount);
  const lease = writerLeaseTaker(location, me, log, opts.onWriterLeaseLost);

  try {
    // The writer lease first, before anything writes; a database without the table yet (a new
    // file, a legacy one) gets it once migrations have created it.
    if (location.kind === 'file' && (await tableExists(storage, 'leases'))) await lease.take();
    await refuseNewerRemoteSchema(storage, location);
    const backupStore = await openBackupStore(config, cwd, location, log);
    await adoptIfLegacy({ storage, store: backupStore, config, clock, log, path: describeLocation(location) });

    const host = hostInfo(config, resolved);
    const { app, services, parts, lifecycle, setupToken } = buildNodeApp({
      ...opts,
      storage,
      config,
      clock,
      host,
      backupStore,
    });
    await applyPendingMigrations(services, log);
    // Backup files a killed process left without their catalogue row: adopted or removed.
    await adoptOrphanBackups(parts.backupDeps).catch((error) =>
      log.warn(`Could not check the backup folder for orphan files: ${rootCauseMessage(error)}`),
    );
    await bootstrapFirstAdmin(services, config, setupToken, log);
    await lease.take();
    return { app, services, parts, storage, lifecycle, host, writerLease: lease.held() };
  } catch (error) {
    await lease
      .held()
      ?.release()
      .catch(() => {});
    await storage.close().catch(() => {});
    throw error;
  }
}

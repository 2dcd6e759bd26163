// The app the in-process benches measure: a fresh libSQL file in a temp folder, migrated, with an
// admin bootstrapped, a settable clock (14 March 2025, 10:00 Bangkok) and a silent log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openFileStorage } from '../../adapters/libsql-file';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { applyPendingMigrations } from '../../src/db/migrate';
import { silentLogger } from '../../src/log';
import { createFileBackupStore } from '../../src/node/file-backup-store';

export async function openBenchApp(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const password = `B-${randomBytes(12).toString('base64url')}-9`;
  const storage = await openFileStorage({ path: join(dir, 'data.db'), persistent: true });
  await applyPendingMigrations(storage);
  const parsed = loadConfig(
    { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: password, NODE_ENV: 'test', COOKIE_SECURE: 'false', LOG_LEVEL: 'error' },
    'node',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const clock = { now: Date.UTC(2025, 2, 14, 3, 0) };
  const { app, services } = createApp({
    storage,
    config: parsed.config,
    log: silentLogger,
    clock: () => clock.now,
    build: { version: 'bench', commit: 'bench', runtime: 'node bench', startedAt: Date.now() },
    host: {
      railway: {
        detected: false,
        environment: null,
        serviceId: null,
        deploymentId: null,
        volume: { name: null, mountPath: null, mounted: null, dbInsideVolume: false, freeBytes: null },
      },
      storageWarning: null,
    },
    lifecycle: { draining: false },
    backupStore: createFileBackupStore(join(dir, 'backups')),
  });
  await services.auth.bootstrap();
  return { dir, password, storage, app, services, clock };
}

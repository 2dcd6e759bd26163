// Edge entry (Cloudflare Workers; local dev and tests under wrangler/miniflare): the same app
// over the remote libSQL adapter built from bindings. State lives in the database; this
// module only caches the built app per isolate.
import { createApp } from './app';
import { openRemoteStorage } from '../adapters/libsql-remote';
import { loadConfig, secretValues, type Env } from './config';
import { createLogger } from './log';
import { AppError, errorBody } from './errors';
import { buildInfo } from './build-info';
import { redactUrlsInText } from './lib/redact-url';
import { backupContentReader, createDbBackupStore } from './services/backups/store';
import { applyPendingMigrations } from './db/migrate';
import { NOT_ON_RAILWAY } from './services/status';
import { previousDailyRun } from './domain/schedule';
import { createRestSheetsReader } from './sheets/reader';
import type { ExecutionContext } from 'hono';

type Instance = ReturnType<typeof createApp> & { ready: boolean };

let instance: Promise<Instance> | null = null;
const isolateStartedAt = Date.now();

class ConfigurationError extends Error {
  constructor(readonly variables: string[]) {
    super(`Invalid configuration: ${variables.join(', ')}`);
  }
}

async function build(env: Env): Promise<Instance> {
  const parsed = loadConfig(env, 'edge');
  if (!parsed.ok) throw new ConfigurationError(parsed.errors.map((e) => `${e.variable} (${e.message})`));
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL, undefined, { secrets: secretValues(config) });
  const storage = await openRemoteStorage({ url: config.DATABASE_URL!, authToken: config.DATABASE_AUTH_TOKEN });
  const backupStore = createDbBackupStore(backupContentReader(storage));
  const created = createApp({
    storage,
    config,
    log,
    clock: Date.now,
    build: buildInfo('workerd', isolateStartedAt, config.RAILWAY_GIT_COMMIT_SHA),
    host: NOT_ON_RAILWAY,
    lifecycle: { draining: false },
    backupStore,
    setupToken: config.SETUP_TOKEN,
    // Sheets REST API with a jose-signed service-account JWT (secrets as bindings).
    sheets: createRestSheetsReader(config, { log }),
  });
  // A database with no tables at all holds nothing to lose or back up: initialise it here.
  // Anything else with pending migrations waits for an admin (POST /api/admin/migrations/apply)
  // or `npm run db:migrate`, and routes answer 503 schema_out_of_date meanwhile.
  if (await created.services.migrations.isEmptyDatabase()) {
    await applyPendingMigrations(storage);
    log.info('Initialised an empty database with the bundled migrations');
  }
  return { ...created, ready: false };
}

async function getInstance(env: Env): Promise<Instance> {
  instance ??= build(env).catch((error) => {
    instance = null;
    throw error;
  });
  const current = await instance;
  // The first admin and the session secret need the schema: bootstrap once it is current.
  if (!current.ready && !(await current.services.migrations.isPending())) {
    try {
      await current.services.auth.bootstrap();
    } catch (error) {
      // A weak ADMIN_PASSWORD is where Node exits 1 (docs/domain/auth.md#first-admin-and-setup):
      // refuse to serve until it is fixed, rather than falling back to setup mode.
      if (error instanceof AppError) throw new ConfigurationError([`ADMIN_PASSWORD (${error.code})`]);
      throw error;
    }
    current.ready = true;
  }
  return current;
}

// The security headers go on every response, these included
// (docs/domain/auth.md#security-rules-beyond-sign-in).
const FAILURE_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function failure(error: unknown): Response {
  const requestId = crypto.randomUUID();
  const headers = { ...FAILURE_HEADERS, 'X-Request-Id': requestId };
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    return Response.json(
      errorBody(
        'configuration_invalid',
        'การตั้งค่าระบบไม่ถูกต้อง',
        error.variables.map((v) => ({ variable: v })),
        requestId,
      ),
      { status: 503, headers },
    );
  }
  console.error(redactUrlsInText(`Worker start-up failed: ${(error as Error).message}`));
  return Response.json(errorBody('unavailable', 'เชื่อมต่อฐานข้อมูลไม่ได้ กรุณาลองใหม่', [], requestId), {
    status: 503,
    headers,
  });
}

/**
 * The daily backup on the edge (docs/domain/data-safety.md#schedule): the cron `0 12 * * *` in
 * wrangler.toml is 19:00 Asia/Bangkok. It runs the slot of BACKUP_DAILY_AT at or before the trigger
 * time; the lease and the "already done" check make a repeated or overlapping trigger harmless.
 */
async function runScheduledBackup(env: Env, scheduledTime: number): Promise<void> {
  try {
    const { services, parts } = await getInstance(env);
    const { log, config } = parts.deps;
    if (await services.migrations.isPending()) {
      log.warn('Scheduled backup skipped: migrations are pending');
      return;
    }
    const outcome = await services.scheduledBackups.runSlot(previousDailyRun(scheduledTime, config.BACKUP_DAILY_AT));
    log.info(`Scheduled backup: ${outcome}`);
  } catch (error) {
    console.error(redactUrlsInText(`Scheduled backup could not run: ${(error as Error).message}`));
  }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    try {
      const { app } = await getInstance(env);
      return await app.fetch(request, env, ctx);
    } catch (error) {
      return failure(error);
    }
  },
  async scheduled(controller: { scheduledTime: number; cron: string }, env: Env): Promise<void> {
    await runScheduledBackup(env, controller.scheduledTime);
  },
};

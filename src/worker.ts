// Edge entry (Cloudflare Workers; local dev and tests under wrangler/miniflare): the same app
// over the remote libSQL adapter built from bindings. State lives in the database; this
// module only caches the built app per isolate.
import { createApp } from './app';
import { openRemoteStorage } from '../adapters/libsql-remote';
import { loadConfig, type Env } from './config';
import { createLogger } from './log';
import { errorBody } from './errors';
import { buildInfo } from './build-info';
import { createDbBackupStore } from './services/backup-store';
import { backups } from './db/schema';
import { eq } from 'drizzle-orm';
import { applyPendingMigrations } from './db/migrate';
import { createRestSheetsReader } from './sheets/reader';
import type { HostInfo } from './services/status';
import type { ExecutionContext } from 'hono';

type Instance = ReturnType<typeof createApp> & { ready: boolean };

let instance: Promise<Instance> | null = null;
const isolateStartedAt = Date.now();

const noRailway: HostInfo = {
  railway: {
    detected: false,
    environment: null,
    serviceId: null,
    deploymentId: null,
    volume: { name: null, mountPath: null, mounted: null, dbInsideVolume: false, freeBytes: null },
  },
  storageWarning: null,
};

class ConfigurationError extends Error {
  constructor(readonly variables: string[]) {
    super(`Invalid configuration: ${variables.join(', ')}`);
  }
}

async function build(env: Env): Promise<Instance> {
  const parsed = loadConfig(env, 'edge');
  if (!parsed.ok) throw new ConfigurationError(parsed.errors.map((e) => `${e.variable} (${e.message})`));
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL);
  const storage = await openRemoteStorage({ url: config.DATABASE_URL!, authToken: config.DATABASE_AUTH_TOKEN });
  const backupStore = createDbBackupStore(async (name) => {
    const [row] = await storage.db.select({ content: backups.content }).from(backups).where(eq(backups.name, name));
    return row?.content ? new Uint8Array(row.content as unknown as ArrayBuffer) : null;
  });
  const created = createApp({
    storage,
    config,
    log,
    clock: Date.now,
    build: buildInfo('workerd', isolateStartedAt, config.RAILWAY_GIT_COMMIT_SHA),
    host: noRailway,
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
    await current.services.auth.bootstrap().catch((error) => current.services.deps.log.error(`Bootstrap failed: ${(error as Error).message}`));
    current.ready = true;
  }
  return current;
}

function failure(error: unknown): Response {
  const requestId = crypto.randomUUID();
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    return Response.json(errorBody('configuration_invalid', 'การตั้งค่าระบบไม่ถูกต้อง', error.variables.map((v) => ({ variable: v })), requestId), { status: 503 });
  }
  console.error(`Worker start-up failed: ${(error as Error).message}`);
  return Response.json(errorBody('unavailable', 'เชื่อมต่อฐานข้อมูลไม่ได้ กรุณาลองใหม่', [], requestId), { status: 503 });
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
};

// Health and system status (docs/domain/data-safety.md#health-and-system-status): the truth about
// where the data lives, whether it survives the next deploy, the schema, backups and counts. Health
// never shows paths or counts.
import { sql, count, desc, and, eq, gte } from 'drizzle-orm';
import { BACKUP_KINDS, TABLES_IN_FK_ORDER, auditLog, backups, users, type BackupKind } from '../db/schema';
import { retentionFor } from './backups';
import { describeConfig, type Config } from '../config';
import { nextDailyRun, toBangkokIso } from '../domain/schedule';
import type { StoragePort } from '../storage';
import type { MigrationsService } from './system/migrations';
import type { AuthService } from './auth/index';
import type { BackupStore } from './backups/store';
import type { BackupFailures } from './backups';
import type { StorageCondition } from '../storage-faults';

export interface BuildInfo {
  version: string;
  commit: string;
  /** `node v20.x` or `workerd`. */
  runtime: string;
  startedAt: number;
}

export interface RailwayFacts {
  detected: boolean;
  environment: string | null;
  serviceId: string | null;
  deploymentId: string | null;
  volume: {
    name: string | null;
    mountPath: string | null;
    mounted: boolean | null;
    dbInsideVolume: boolean;
    freeBytes: number | null;
  };
}

export interface HostInfo {
  railway: RailwayFacts;
  /** The no-volume warning (docs/domain/data-safety.md#persistence-warning), or null when persistent. */
  storageWarning: string | null;
  /** Free bytes on the database's volume, where the runtime can tell (Node, file adapter). */
  databaseFreeBytes?: () => number | null;
}

/** Below this much free space the volume counts as full: the next import would fail. */
export const LOW_SPACE_BYTES = 1024 * 1024;

/** Host facts when not on Railway (the edge, tests). */
export const NOT_ON_RAILWAY: HostInfo = {
  railway: {
    detected: false,
    environment: null,
    serviceId: null,
    deploymentId: null,
    volume: { name: null, mountPath: null, mounted: null, dbInsideVolume: false, freeBytes: null },
  },
  storageWarning: null,
};

export interface Lifecycle {
  draining: boolean;
}

export type StatusService = ReturnType<typeof createStatusService>;

const HEALTH_TIMEOUT_MS = 800;
/** How long a healthy probe stands on its own (see `health`). */
const HEALTHY_FOR_MS = 1000;
/** How long a healthy probe may still answer while the next one runs (see `health`). */
const HEALTHY_WHILE_PROBING_MS = 5000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function createStatusService(deps: {
  storage: StoragePort;
  config: Config;
  clock: () => number;
  build: BuildInfo;
  host: HostInfo;
  lifecycle: Lifecycle;
  migrations: MigrationsService;
  auth: AuthService;
  backupStore: BackupStore;
  storageCondition: StorageCondition;
  backupFailures: BackupFailures;
}) {
  const { storage, config, clock, build } = deps;
  const keep = retentionFor(config);

  /** Full: a write failed for lack of space a moment ago, or the volume has (almost) no room left. */
  function storageFull(): boolean {
    if (deps.storageCondition.isFull()) return true;
    const free = deps.host.databaseFreeBytes?.() ?? null;
    return free !== null && free < LOW_SPACE_BYTES;
  }

  /**
   * When (performance.now(), real time whatever the injected clock says) a probe last found the
   * database reachable, the schema current and setup done, and the probe now running, if any.
   * /health answers from memory for HEALTHY_FOR_MS after a healthy probe. For up to
   * HEALTHY_WHILE_PROBING_MS it still answers from memory while one probe runs in the
   * background: under a burst every statement queues behind the others' work, and a health check
   * that waits there restarts a service that is only busy. A failed probe forgets the healthy
   * one, so the next call waits for its own probe and shows the problem; all callers that wait
   * share one probe (docs/domain/data-safety.md#health-and-system-status).
   */
  let healthyAt = -Infinity;
  let probing: Promise<{ status: 200 | 503; body: Record<string, unknown> }> | null = null;

  async function health(): Promise<{ status: 200 | 503; body: Record<string, unknown> }> {
    const base = {
      version: build.version,
      commit: build.commit,
      uptimeS: Math.floor((clock() - build.startedAt) / 1000),
    };
    if (deps.lifecycle.draining) {
      return {
        status: 503,
        body: {
          status: 'unavailable',
          reason: 'draining',
          db: 'unknown',
          schema: 'unknown',
          setup: 'unknown',
          ...base,
        },
      };
    }
    const age = performance.now() - healthyAt;
    if (age < HEALTHY_FOR_MS) return healthyAnswer(base, 'done');
    probing ??= probe().finally(() => {
      probing = null;
    });
    if (age < HEALTHY_WHILE_PROBING_MS) return healthyAnswer(base, 'done');
    const { status, body } = await probing;
    return { status, body: { ...body, ...base } };
  }

  /**
   * One probe of the database, the schema and setup; the answer without `base`. It never throws:
   * a probe may run with nobody waiting for it, and a failure to read counts as unreachable.
   */
  async function probe(): Promise<{ status: 200 | 503; body: Record<string, unknown> }> {
    const answer = await probeOnce();
    healthyAt = answer.status === 200 && answer.body.setup === 'done' ? performance.now() : -Infinity;
    return answer;
  }

  async function probeOnce(): Promise<{ status: 200 | 503; body: Record<string, unknown> }> {
    try {
      await withTimeout(storage.execute('SELECT 1'), HEALTH_TIMEOUT_MS);
      const state = await withTimeout(deps.migrations.state(), HEALTH_TIMEOUT_MS);
      if (state.pending.length > 0) {
        return {
          status: 503,
          body: {
            status: 'unavailable',
            reason: 'migration_pending',
            db: 'ok',
            schema: 'pending',
            pending: state.pending,
            setup: 'unknown',
          },
        };
      }
      return healthyAnswer({}, (await deps.auth.isSetupRequired()) ? 'required' : 'done');
    } catch {
      return {
        status: 503,
        body: {
          status: 'unavailable',
          reason: 'database_unreachable',
          db: 'error',
          schema: 'unknown',
          setup: 'unknown',
        },
      };
    }
  }

  function healthyAnswer(
    base: Record<string, unknown>,
    setup: 'done' | 'required',
  ): { status: 200; body: Record<string, unknown> } {
    // Still 200 when the volume is full: reads and the rescue export keep working.
    if (storageFull())
      return {
        status: 200,
        body: { status: 'degraded', storage: 'full', db: 'ok', schema: 'current', setup, ...base },
      };
    return { status: 200, body: { status: 'ok', db: 'ok', schema: 'current', setup, ...base } };
  }

  async function tableCounts(): Promise<Record<string, number>> {
    const selects = TABLES_IN_FK_ORDER.map(([name]) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(', ');
    const rs = await storage.execute(
      `SELECT ${selects}, (SELECT count(DISTINCT order_no) FROM orders) AS "__distinct"`,
    );
    const row = rs.rows[0];
    const out: Record<string, number> = {};
    for (const [name] of TABLES_IN_FK_ORDER) out[name] = Number(row[name]);
    out.__distinct = Number(row.__distinct);
    return out;
  }

  /**
   * The newest failed backup (audit action backup.create, outcome error), until a backup of
   * the same kind succeeds after it. Kept in the audit log, so every process and isolate sees
   * the failure of a run that happened elsewhere (the worker's cron, another replica).
   */
  async function lastBackupError() {
    const [logged] = await storage.db
      .select({ at: auditLog.at, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'backup.create'), sql`json_extract(${auditLog.details}, '$.outcome') = 'error'`))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(1);
    const details = JSON.parse(logged?.details ?? '{}') as { kind?: BackupKind; error?: string };
    const candidates = [
      ...(logged
        ? [{ at: logged.at, kind: details.kind ?? ('scheduled' as BackupKind), message: details.error ?? null }]
        : []),
      // This process's own failures: any kind, and ones a full volume kept out of the audit log.
      ...(deps.backupFailures.last() ? [deps.backupFailures.last()!] : []),
    ];
    const failure = candidates.sort((a, b) => b.at - a.at)[0];
    if (!failure) return null;
    const kind = failure.kind;
    const [since] = await storage.db
      .select({ n: count() })
      .from(backups)
      .where(and(eq(backups.kind, kind), gte(backups.createdAt, failure.at)));
    if (since.n > 0) return null;
    return { at: new Date(failure.at).toISOString(), kind, message: failure.message };
  }

  async function systemStatus() {
    const now = clock();
    const description = await storage.describe();
    const schema = await deps.migrations.state();
    const counts = await tableCounts();
    const distinctOrderNumbers = counts.__distinct;
    delete counts.__distinct;

    const [backupAgg] = await storage.db
      .select({ n: count(), total: sql<number>`coalesce(sum(${backups.sizeBytes}), 0)` })
      .from(backups);
    const [latest] = await storage.db
      .select({
        name: backups.name,
        kind: backups.kind,
        format: backups.format,
        createdAt: backups.createdAt,
        sizeBytes: backups.sizeBytes,
      })
      .from(backups)
      .orderBy(desc(backups.createdAt))
      .limit(1);
    const [admins] = await storage.db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.disabled, false)));

    return {
      app: {
        name: config.APP_NAME,
        version: build.version,
        commit: build.commit,
        runtime: build.runtime,
        startedAt: new Date(build.startedAt).toISOString(),
        uptimeS: Math.floor((now - build.startedAt) / 1000),
        timezone: 'Asia/Bangkok',
        now: new Date(now).toISOString(),
        nowBangkok: toBangkokIso(now),
      },
      railway: deps.host.railway,
      storage: {
        ...description,
        warning: deps.host.storageWarning,
        status: storageFull() ? ('full' as const) : ('ok' as const),
        lastFullAt:
          deps.storageCondition.lastFullAt === null ? null : new Date(deps.storageCondition.lastFullAt).toISOString(),
        freeBytes: deps.host.databaseFreeBytes?.() ?? null,
      },
      schema: {
        applied: schema.applied,
        bundled: schema.bundled,
        pending: schema.pending,
        destructivePending: schema.destructivePending,
        current: schema.current,
      },
      tables: counts,
      distinctOrderNumbers,
      backups: {
        location: deps.backupStore.location,
        count: backupAgg.n,
        totalBytes: Number(backupAgg.total),
        latest: latest ? { ...latest, createdAt: new Date(latest.createdAt).toISOString() } : null,
        // A run due this very millisecond is under way: the next one is the one after it.
        nextScheduledAt: toBangkokIso(nextDailyRun(now + 1, config.BACKUP_DAILY_AT)),
        retention: { ...Object.fromEntries(BACKUP_KINDS.map((kind) => [kind, keep(kind)])), legacy: 'never' },
        freeBytes: deps.backupStore.freeBytes ? await deps.backupStore.freeBytes() : null,
        lastError: await lastBackupError(),
      },
      auth: {
        secretSource: await deps.auth.secretSource(),
        activeAdmins: admins.n,
        users: counts.users,
      },
      config: describeConfig(config),
    };
  }

  /**
   * Whether the data survives the next deploy (docs/domain/data-safety.md#persistence-warning), for
   * the pages' red banner. Fixed for the life of the process, so it is worked out once.
   */
  let persistence: Promise<{ persistent: boolean; warning: string | null }> | null = null;
  function storagePersistence() {
    persistence ??= storage.describe().then(
      (d) => ({ persistent: d.persistent && !deps.host.storageWarning, warning: deps.host.storageWarning }),
      (error) => {
        persistence = null;
        throw error;
      },
    );
    return persistence;
  }

  return { health, systemStatus, tableCounts, storagePersistence };
}

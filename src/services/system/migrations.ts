// Schema migrations as a use case (docs/domain/data-safety.md#migrations): state for status pages,
// the gate that keeps routes at 503 `schema_out_of_date` while migrations are pending, and applying
// them behind a lease with a `pre_migration` backup first when there is data to lose.
import { applyPendingMigrations, hasBusinessData, migrationState, type MigrationState } from '../../db/migrate';
import { bundledMigrations } from '../../db/migrations.generated';
import { AppError, conflict } from '../../errors';
import { withLease } from './leases';
import { writeAudit } from '../audit';
import type { BackupRecord } from '../backups';
import type { Actor } from '../context';
import type { StoragePort } from '../../storage';
import type { Logger } from '../../log';
import type { BackupKind } from '../../db/schema';

export type MigrationsService = ReturnType<typeof createMigrationsService>;

export interface ApplyOutcome {
  applied: string[];
  latest: string | null;
  backup: string | null;
}

export function createMigrationsService(deps: {
  storage: StoragePort;
  log: Logger;
  clock: () => number;
  backup: (kind: BackupKind, actor: Actor) => Promise<BackupRecord>;
}) {
  const { storage, log, clock } = deps;
  let pendingCache: boolean | null = null;

  async function state(): Promise<MigrationState> {
    const s = await migrationState(storage);
    pendingCache = s.pending.length > 0;
    return s;
  }

  async function isEmptyDatabase(): Promise<boolean> {
    const rs = await storage.execute(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    return Number(rs.rows[0]?.n ?? 0) === 0;
  }

  async function apply(actor: Actor, opts: { confirm?: boolean } = {}): Promise<ApplyOutcome> {
    const before = await state();
    if (before.pending.length === 0) return { applied: [], latest: before.latest, backup: null };
    if (before.destructivePending.length > 0 && !opts.confirm) {
      throw conflict('confirmation_required', 'มี migration ที่อาจลบหรือแก้ไขข้อมูล ต้องยืนยันด้วย {"confirm": true}', [
        { destructive: before.destructivePending },
      ]);
    }
    for (const tag of before.destructivePending) log.warn(`Applying destructive migration ${tag}`);
    const leased = await withLease(storage, 'migrations', 10 * 60_000, clock, async () => {
      const backup = (await hasBusinessData(storage)) ? await deps.backup('pre_migration', actor) : null;
      const result = await applyPendingMigrations(storage);
      const now = clock();
      await storage.transaction((tx) =>
        writeAudit(
          tx,
          actor,
          {
            action: 'migration.apply',
            targetType: 'schema',
            targetId: result.latest,
            details: { applied: result.applied, backup: backup?.name ?? null },
          },
          now,
        ),
      );
      return { applied: result.applied, latest: result.latest, backup: backup?.name ?? null };
    });
    if (!leased.acquired) throw new AppError('migration_in_progress', 'กำลังปรับปรุงฐานข้อมูลอยู่ กรุณารอสักครู่');
    pendingCache = false;
    return leased.result;
  }

  return {
    state,
    /** The state with every bundled migration: applied or not, destructive or not. */
    async overview() {
      const s = await state();
      return {
        applied: s.applied,
        pending: s.pending,
        bundled: s.bundled,
        current: s.current,
        migrations: bundledMigrations.map((m) => ({
          tag: m.tag,
          applied: s.applied.includes(m.tag),
          destructive: m.destructive,
        })),
      };
    },
    apply,
    isEmptyDatabase,
    /**
     * The request gate's check. "Current" is cached (only this build could change it); "pending"
     * is re-read, so migrations applied by the CLI or another isolate are seen at once.
     */
    async isPending(): Promise<boolean> {
      if (pendingCache === false) return false;
      await state();
      return pendingCache!;
    },
    markCurrent() {
      pendingCache = false;
    },
  };
}

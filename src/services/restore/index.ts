// Restore (docs/domain/data-safety.md#restore): from an uploaded export or a catalogued backup.
// Every validation step runs before any write, in the spec's order: size, structure (validate.ts),
// the includeUsers lock-out guard; then a pre_restore backup, then one transaction (apply.ts) with
// the audit row.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { eq } from 'drizzle-orm';
import { backups } from '../../db/schema';
import { AppError, badRequest, conflict, notFound, unprocessable } from '../../errors';
import { isValidBackupName } from '../backups/names';
import { backupBeforeOrRefuse, type BackupDeps } from '../backups';
import { writeAudit } from '../audit';
import { refreshAllClosedAt } from '../orders/closed-state';
import { applyExport, restorableTables } from './apply';
import { tooLarge, validateExport, type ExportSummary } from './validate';
import type { Actor } from '../context';
import type { Config } from '../../config';
import type { TableName } from '../../db/schema';
import type { MigrationsService } from '../system/migrations';
import type { TransactionHooks } from '../system/hooks';
import { rootCauseMessage } from '../../storage';

import type { Checkpoint } from '../system/shutdown';

/**
 * The remote adapter applies a restore as one interactive transaction over HTTP: every batch of
 * 500 rows is a round trip, and the hosted database's only write lock is held throughout (a
 * stream also expires after 10 s without a statement). Past these sizes - about 400 round trips,
 * several times this product's yearly volume of order lines - it refuses up front with
 * 413 restore_too_large instead of risking a transaction the server aborts. The file adapter
 * has no such limit.
 */
export const REMOTE_RESTORE_LIMITS = { rows: 200_000, ndjsonBytes: 64 * 1024 * 1024 };

export interface RestoreOptions {
  dryRun?: boolean;
  includeUsers?: boolean;
}

export interface RestoreResult {
  dryRun: boolean;
  /** The pre_restore backup (null on a dry run). */
  backup: string | null;
  restored: Partial<Record<TableName, number>>;
  /** Rows present in the export that a restore leaves alone. */
  skipped: Partial<Record<TableName, number>>;
  schema: string;
  auditId: number | null;
}

export function createRestoreService(deps: {
  config: Config;
  backupDeps: BackupDeps;
  migrations: MigrationsService;
  /** Called after a restore so cached auth/setup state is re-read. */
  invalidateCaches: () => void;
  hooks?: TransactionHooks;
  limits?: { rows: number; ndjsonBytes: number } | null;
  /** Between batches: throws 503 shutting_down once the service drains (src/services/system/shutdown.ts). */
  checkpoint?: Checkpoint;
}) {
  const { config, backupDeps } = deps;
  const { storage, store, clock } = backupDeps;
  const limits = deps.limits !== undefined ? deps.limits : storage.kind === 'remote' ? REMOTE_RESTORE_LIMITS : null;

  async function run(
    source: Uint8Array,
    origin: { kind: 'upload' | 'backup'; name: string },
    opts: RestoreOptions,
    actor: Actor,
  ): Promise<RestoreResult> {
    if (source.byteLength > config.MAX_RESTORE_BYTES) throw tooLarge();
    const state = await deps.migrations.state();
    const summary = await validateExport(source, {
      knownTags: state.bundled,
      currentTag: state.current,
      maxBytes: config.MAX_RESTORE_BYTES,
      checkpoint: deps.checkpoint,
    });
    const includeUsers = opts.includeUsers === true;
    const { restorable, skipped } = split(summary, includeUsers);

    if (limits) {
      const rows = Object.values(restorable).reduce((a, b) => a + b, 0);
      if (rows > limits.rows || summary.ndjsonBytes > limits.ndjsonBytes) {
        throw new AppError('restore_too_large', 'ไฟล์นี้ใหญ่เกินกว่าจะกู้คืนบนฐานข้อมูลระยะไกลได้ในธุรกรรมเดียว จึงไม่ได้กู้คืน', [
          { rows, ndjsonBytes: summary.ndjsonBytes, maxRows: limits.rows, maxNdjsonBytes: limits.ndjsonBytes },
        ]);
      }
    }
    if (includeUsers) {
      const me = summary.users.find((u) => u.username === actor.username);
      if (me?.role !== 'admin' || me.disabled) {
        throw conflict(
          'would_lock_out',
          'บัญชีผู้ดูแลระบบที่กำลังใช้งานไม่มีอยู่ในไฟล์ในฐานะแอดมินที่ใช้งานได้ การกู้คืนพร้อมผู้ใช้จะทำให้เข้าระบบไม่ได้',
        );
      }
    }
    if (opts.dryRun)
      return {
        dryRun: true,
        backup: null,
        restored: restorable,
        skipped,
        schema: summary.header.schema,
        auditId: null,
      };

    await deps.checkpoint?.();
    const backup = await backupBeforeOrRefuse(backupDeps, 'pre_restore', actor);
    await deps.checkpoint?.();
    const now = clock();
    const { restored, auditId } = await storage.transaction(async (tx, sql) => {
      const restored = await applyExport(sql, source, {
        includeUsers,
        users: summary.users,
        maxBytes: config.MAX_RESTORE_BYTES,
        checkpoint: deps.checkpoint,
      });
      // closed_at must agree with the restored markers and sales rows (an older export may lack it).
      await refreshAllClosedAt(tx, now);
      await deps.hooks?.insideTransaction?.('restore');
      const auditId = await writeAudit(
        tx,
        actor,
        {
          action: 'data.restore',
          targetType: 'data',
          targetId: origin.kind === 'backup' ? origin.name : null,
          targetLabel: origin.name,
          counts: restored as Record<string, number>,
          details: {
            source: origin.kind,
            name: origin.name,
            includeUsers,
            backup: backup.name,
            schema: summary.header.schema,
            exportCreatedAt: summary.header.createdAt,
            skipped,
          },
        },
        now,
      );
      return { restored, auditId };
    });
    deps.invalidateCaches();
    backupDeps.log.info(`Restore applied from ${origin.kind} ${origin.name}`, { backup: backup.name });
    return { dryRun: false, backup: backup.name, restored, skipped, schema: summary.header.schema, auditId };
  }

  async function backupBytes(name: string): Promise<Uint8Array> {
    if (!isValidBackupName(name)) throw badRequest('invalid_backup_name', 'ชื่อไฟล์สำรองไม่ถูกต้อง');
    const [row] = await storage.db
      .select({ format: backups.format, checksum: backups.checksum, sizeBytes: backups.sizeBytes })
      .from(backups)
      .where(eq(backups.name, name));
    // 404 only when no backup has that name; a catalogued one that cannot be used is 422.
    if (!row) throw notFound('backup_not_found', 'ไม่พบไฟล์สำรองนี้');
    if (row.sizeBytes > config.MAX_RESTORE_BYTES) throw tooLarge();
    const invalid = (code: string, message: string, extra: Record<string, unknown> = {}) =>
      unprocessable('invalid_backup', `ไฟล์สำรอง ${name} ใช้กู้คืนไม่ได้: ${message} จึงไม่ได้กู้คืน`, [
        { name, code, message, ...extra },
      ]);
    const checkSize = (actualBytes: number) => {
      if (actualBytes < row.sizeBytes) {
        throw invalid('truncated', `ไฟล์ถูกตัดสั้น (มี ${actualBytes} ไบต์ จาก ${row.sizeBytes} ไบต์ที่บันทึกไว้)`, {
          expectedBytes: row.sizeBytes,
          actualBytes,
        });
      }
      if (actualBytes > row.sizeBytes) {
        throw invalid('size_mismatch', `ขนาดไฟล์ไม่ตรงกับที่บันทึกไว้ (${actualBytes} ไบต์ แทน ${row.sizeBytes} ไบต์)`, {
          expectedBytes: row.sizeBytes,
          actualBytes,
        });
      }
    };
    const missing = () => invalid('file_missing', 'ไม่พบเนื้อไฟล์ (ไฟล์อาจถูกลบออกจาก volume)');
    const checksumMismatch = () =>
      invalid('checksum_mismatch', 'เนื้อไฟล์ไม่ตรงกับ checksum ในรายการสำรอง (ไฟล์ถูกแก้ไขหรือเสียหาย)');

    if (row.format === 'sqlite') {
      if (!store.sqliteAsExport || !store.inspectSqlite) {
        throw conflict('unsupported_on_adapter', 'ไฟล์สำรองแบบ sqlite กู้คืนได้เฉพาะบนเซิร์ฟเวอร์ Node');
      }
      const actual = await store.sizeOf?.(name);
      if (actual === null) throw missing();
      if (actual !== undefined) checkSize(actual);
      const facts = await store.inspectSqlite(name).catch((error: Error) => {
        throw invalid('unreadable', `อ่านไฟล์ไม่ได้ (${rootCauseMessage(error)})`);
      });
      if (row.checksum && facts.checksum !== row.checksum) throw checksumMismatch();
      return store.sqliteAsExport(name, new Date(clock()));
    }
    const stream = await store.open(name);
    if (!stream) throw missing();
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    checkSize(bytes.byteLength);
    if (row.checksum && bytesToHex(sha256(bytes)) !== row.checksum) throw checksumMismatch();
    return bytes;
  }

  return {
    fromUpload: (file: { bytes: Uint8Array; name: string }, opts: RestoreOptions, actor: Actor) =>
      run(file.bytes, { kind: 'upload', name: file.name.slice(0, 200) }, opts, actor),
    fromBackup: async (name: string, opts: RestoreOptions, actor: Actor) =>
      run(await backupBytes(name), { kind: 'backup', name }, opts, actor),
  };
}

function split(summary: ExportSummary, includeUsers: boolean) {
  const restorable: Partial<Record<TableName, number>> = {};
  for (const table of restorableTables(includeUsers)) restorable[table] = summary.counts[table] ?? 0;
  restorable.settings = (restorable.settings ?? 0) - summary.keptSettingsRows;
  const skipped: Partial<Record<TableName, number>> = { audit_log: summary.counts.audit_log ?? 0 };
  if (!includeUsers) skipped.users = summary.counts.users ?? 0;
  if (summary.keptSettingsRows) skipped.settings = summary.keptSettingsRows;
  return { restorable, skipped };
}

// Taking a backup (docs/domain/data-safety.md#backups): a consistent snapshot from the storage
// port, stored by the backup store and catalogued in `backups` with its counts and checksum. Used
// before every destructive action (pre_*), by the scheduler and on demand. Retention runs after a
// backup of a kind succeeds, in the transaction that catalogues it.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { backups, type BackupKind } from '../../db/schema';
import { AppError, conflict, unavailable } from '../../errors';
import { validateExport } from '../restore/validate';
import { migrationState } from '../../db/migrate';
import { exportNdjsonGz } from '../../db/logical-export';
import { newBackupName, parseBackupName, type BackupFormat } from './names';
import { writeAudit } from '../audit';
import type { BackupStore } from './store';
import type { Actor } from '../context';
import type { Config } from '../../config';
import type { Logger } from '../../log';

import type { TransactionHooks } from '../system/hooks';
import { storageFaultError } from '../../storage-faults';
import { rootCauseMessage, storageFaultOf, type Db, type StoragePort } from '../../storage';

export interface BackupRecord {
  name: string;
  kind: BackupKind;
  format: BackupFormat;
  sizeBytes: number;
  checksum: string;
  rowCounts: Record<string, number>;
  schemaVersion: string | null;
  createdAt: string;
  /** Older backups of the same kind removed by retention after this one. */
  pruned?: string[];
}

export interface BackupDeps {
  storage: StoragePort;
  store: BackupStore;
  clock: () => number;
  log: Logger;
  /** How many backups of a kind to keep (docs/domain/data-safety.md#retention); unset = keep all. */
  keep?: (kind: BackupKind) => number;
  /** Where this process notes a failed backup, for system status (`backups.lastError`). */
  failures?: BackupFailures;
  /** Process tests only (src/services/system/hooks.ts). */
  hooks?: TransactionHooks;
}

export interface BackupFailure {
  at: number;
  kind: BackupKind;
  message: string;
}

/**
 * The newest backup failure seen by this process. The audit log keeps failures of scheduled
 * runs for every process, but a failure caused by a full volume cannot be written there.
 */
export function createBackupFailures() {
  let last: BackupFailure | null = null;
  return {
    note(kind: BackupKind, error: unknown, at: number) {
      last = { at, kind, message: rootCauseMessage(error).slice(0, 500) };
    },
    last: () => last,
  };
}
export type BackupFailures = ReturnType<typeof createBackupFailures>;

/** BACKUP_KEEP_DAILY for scheduled, BACKUP_KEEP_MANUAL for manual, BACKUP_KEEP_PRE for each pre_* kind. */
export function retentionFor(config: Pick<Config, 'BACKUP_KEEP_DAILY' | 'BACKUP_KEEP_MANUAL' | 'BACKUP_KEEP_PRE'>) {
  return (kind: BackupKind): number =>
    kind === 'scheduled'
      ? config.BACKUP_KEEP_DAILY
      : kind === 'manual'
        ? config.BACKUP_KEEP_MANUAL
        : config.BACKUP_KEEP_PRE;
}

async function catalogueExists(storage: StoragePort): Promise<boolean> {
  const rs = await storage.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backups'");
  return rs.rows.length > 0;
}

export async function createBackup(
  deps: BackupDeps,
  kind: BackupKind,
  actor: Actor,
  opts: { format?: BackupFormat; legacy?: boolean; audit?: boolean } = {},
): Promise<BackupRecord> {
  try {
    return await takeBackup(deps, kind, actor, opts);
  } catch (error) {
    deps.failures?.note(kind, error, deps.clock());
    throw error;
  }
}

async function takeBackup(
  deps: BackupDeps,
  kind: BackupKind,
  actor: Actor,
  opts: { format?: BackupFormat; legacy?: boolean; audit?: boolean },
): Promise<BackupRecord> {
  const { storage, store, clock } = deps;
  const format: BackupFormat = opts.format ?? (storage.kind === 'file' && store.kind === 'file' ? 'sqlite' : 'ndjson');
  if (format === 'sqlite' && (storage.kind !== 'file' || !store.pathFor || !store.inspectSqlite)) {
    throw conflict('unsupported_on_adapter', 'การสำรองแบบ sqlite ใช้ได้เฉพาะฐานข้อมูลแบบไฟล์ (ใช้ format ndjson แทน)');
  }
  const now = clock();
  const name = newBackupName(kind, format, now, opts.legacy);
  const schemaVersion = (await migrationState(storage)).current;

  let sizeBytes: number;
  let checksum: string;
  let rowCounts: Record<string, number>;
  let content: Uint8Array | null = null;
  try {
    if (format === 'sqlite') {
      await storage.snapshot({ path: store.pathFor!(name) });
      const facts = await store.inspectSqlite!(name);
      ({ sizeBytes, checksum, rowCounts } = facts);
    } else {
      const exported = await exportNdjsonGz(storage, now);
      sizeBytes = exported.bytes.byteLength;
      checksum = bytesToHex(sha256(exported.bytes));
      rowCounts = exported.counts;
      if (store.kind === 'file') await store.put(name, exported.bytes);
      else content = exported.bytes;
    }
  } catch (error) {
    // Nothing of a failed backup stays on the volume (a full one least of all).
    if (store.kind === 'file') await store.remove(name).catch(() => {});
    throw error;
  }

  const record: BackupRecord = {
    name,
    kind,
    format,
    sizeBytes,
    checksum,
    rowCounts,
    schemaVersion,
    createdAt: new Date(now).toISOString(),
  };
  await deps.hooks?.insideTransaction?.('backup');
  // A legacy or empty database has no catalogue yet: the file is the record.
  if (await catalogueExists(storage)) {
    try {
      record.pruned = await storage.transaction(async (tx) => {
        await tx.insert(backups).values({
          name,
          kind,
          format,
          createdAt: now,
          createdByUserId: actor.userId,
          createdByUsername: actor.username,
          storage: store.kind,
          fileName: store.kind === 'file' ? name : null,
          sizeBytes,
          schemaVersion,
          rowCounts: JSON.stringify(rowCounts),
          checksum,
          // libsql binds a Uint8Array as a blob; Buffer is not needed (nor available on the edge).
          content: content as unknown as Buffer | null,
        });
        const pruned = await pruneCatalogue(tx, kind, deps.keep?.(kind));
        if (opts.audit) {
          await writeAudit(
            tx,
            actor,
            {
              action: 'backup.create',
              targetType: 'backup',
              targetId: name,
              targetLabel: name,
              counts: rowCounts,
              details: { kind, format, pruned },
            },
            now,
          );
        }
        return pruned;
      });
    } catch (error) {
      if (store.kind === 'file') await store.remove(name).catch(() => {});
      throw error;
    }
    for (const old of record.pruned) {
      await store
        .remove(old)
        .catch((error) => deps.log.warn(`Could not remove pruned backup ${old}: ${(error as Error).message}`));
    }
  }
  deps.log.info(`Backup created: ${name}`, { kind, format, sizeBytes, pruned: record.pruned?.length ?? 0 });
  return record;
}

/** Drops the catalogue rows beyond the newest `keep` of a kind; `_legacy` backups are never pruned. */
async function pruneCatalogue(tx: Db, kind: BackupKind, keep: number | undefined): Promise<string[]> {
  if (keep === undefined) return [];
  const rows = await tx
    .select({ name: backups.name })
    .from(backups)
    .where(eq(backups.kind, kind))
    .orderBy(desc(backups.createdAt), desc(backups.id));
  const victims = rows
    .map((r) => r.name)
    .filter((n) => !parseBackupName(n)?.legacy)
    .slice(keep);
  if (victims.length) await tx.delete(backups).where(and(eq(backups.kind, kind), inArray(backups.name, victims)));
  return victims;
}

/**
 * A pre_* backup before a destructive action: when it cannot be taken, the action must not run
 * (503 backup_failed, nothing changed).
 */
export async function backupBeforeOrRefuse(deps: BackupDeps, kind: BackupKind, actor: Actor): Promise<BackupRecord> {
  try {
    return await createBackup(deps, kind, actor);
  } catch (error) {
    deps.log.error(`The ${kind} backup failed; nothing was changed (${rootCauseMessage(error)})`, {
      requestId: actor.requestId,
    });
    // A full volume has its own answer (507): the operator must free space, retrying will not do.
    if (storageFaultOf(error) === 'full') throw storageFaultError('full');
    throw unavailable(
      'backup_failed',
      'สำรองข้อมูลก่อนดำเนินการไม่สำเร็จ จึงยังไม่ได้เปลี่ยนแปลงข้อมูลใด ๆ กรุณาตรวจสอบพื้นที่จัดเก็บแล้วลองใหม่',
    );
  }
}

/**
 * Backup files with no catalogue row (docs/domain/data-safety.md#orphan-backup-files): a process
 * killed after writing the file but before committing its row (kill -9 during a clear leaves its
 * pre_clear backup so). At boot each is checked: a whole one (quick_check, or the export's own
 * trailer and sha256) is catalogued under the kind and time its name carries, so it is listed and
 * pruned like any other; anything else is removed. One log line each.
 */
export async function adoptOrphanBackups(deps: BackupDeps): Promise<{ adopted: string[]; removed: string[] }> {
  const { storage, store, log } = deps;
  const result = { adopted: [] as string[], removed: [] as string[] };
  if (store.kind !== 'file' || !store.listNames || !(await catalogueExists(storage))) return result;
  const files = await store.listNames();
  if (files.length === 0) return result;
  const known = new Set((await storage.db.select({ name: backups.name }).from(backups)).map((r) => r.name));
  const state = await migrationState(storage);
  for (const name of files.filter((n) => !known.has(n))) {
    const parsed = parseBackupName(name)!;
    let facts: { sizeBytes: number; checksum: string; rowCounts: Record<string, number>; schemaVersion: string | null };
    try {
      if (parsed.format === 'sqlite') {
        if (!store.inspectSqlite) continue;
        const inspected = await store.inspectSqlite(name, { verify: true });
        facts = { ...inspected, schemaVersion: inspected.schemaVersion ?? null };
      } else {
        const stream = await store.open(name);
        if (!stream) continue;
        const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
        const summary = await validateExport(bytes, {
          knownTags: state.bundled,
          currentTag: state.current,
          maxBytes: Number.MAX_SAFE_INTEGER,
        });
        facts = {
          sizeBytes: bytes.byteLength,
          checksum: bytesToHex(sha256(bytes)),
          rowCounts: summary.counts as Record<string, number>,
          schemaVersion: summary.header.schema,
        };
      }
    } catch (error) {
      await store.remove(name);
      result.removed.push(name);
      log.warn(
        `Removed incomplete backup file ${name} (not in the catalogue): ${error instanceof AppError ? error.message : rootCauseMessage(error)}`,
      );
      continue;
    }
    await storage.transaction(async (tx) => {
      await tx
        .insert(backups)
        .values({
          name,
          kind: parsed.kind,
          format: parsed.format,
          createdAt: stampToMs(parsed.stamp),
          createdByUserId: null,
          createdByUsername: 'system',
          storage: 'file',
          fileName: name,
          sizeBytes: facts.sizeBytes,
          schemaVersion: facts.schemaVersion,
          rowCounts: JSON.stringify(facts.rowCounts),
          checksum: facts.checksum,
        })
        .onConflictDoNothing();
    });
    result.adopted.push(name);
    log.info(
      `Adopted orphan backup ${name} into the catalogue (complete; ${facts.sizeBytes} bytes, sha256 ${facts.checksum.slice(0, 12)}...)`,
    );
  }
  return result;
}

/** `20250131T120000Z` -> epoch ms. */
function stampToMs(stamp: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(stamp)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

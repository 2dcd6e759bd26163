// Taking a backup (operations 4): a consistent snapshot from the storage port, stored by the
// backup store and catalogued in `backups` with its counts and checksum. Used before every
// destructive action (pre_*), by the scheduler and on demand.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { backups, type BackupKind } from '../db/schema';
import { conflict } from '../errors';
import { migrationState } from '../db/migrate';
import { gzipText, writeLogicalExport } from '../db/logical-export';
import { newBackupName, type BackupFormat } from './backup-names';
import { writeAudit } from './audit';
import type { BackupStore } from './backup-store';
import type { Actor } from '../context';
import type { StoragePort } from '../storage';
import type { Logger } from '../log';

export interface BackupRecord {
  name: string;
  kind: BackupKind;
  format: BackupFormat;
  sizeBytes: number;
  checksum: string;
  rowCounts: Record<string, number>;
  schemaVersion: string | null;
  createdAt: string;
}

export interface BackupDeps {
  storage: StoragePort;
  store: BackupStore;
  clock: () => number;
  log: Logger;
}

async function catalogueExists(storage: StoragePort): Promise<boolean> {
  const rs = await storage.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backups'");
  return rs.rows.length > 0;
}

/** The NDJSON export of the whole database as gzipped bytes, read in one read transaction. */
export async function exportNdjsonGz(storage: StoragePort, nowMs: number) {
  const state = await migrationState(storage);
  let counts: Record<string, number> = {};
  const bytes = await gzipText((sink) =>
    storage.readTransaction(async (_tx, sql) => {
      const trailer = await writeLogicalExport(sql, { schema: state.current ?? '', source: storage.kind, now: new Date(nowMs) }, sink);
      counts = trailer.counts;
    }),
  );
  return { bytes, counts, schema: state.current };
}

export async function createBackup(
  deps: BackupDeps,
  kind: BackupKind,
  actor: Actor,
  opts: { format?: BackupFormat; legacy?: boolean; audit?: boolean } = {},
): Promise<BackupRecord> {
  const { storage, store, clock } = deps;
  const format: BackupFormat = opts.format ?? (storage.kind === 'file' && store.kind === 'file' ? 'sqlite' : 'ndjson');
  if (format === 'sqlite' && (storage.kind !== 'file' || !store.pathFor || !store.inspectSqlite)) {
    throw conflict('unsupported_on_adapter', 'การสำรองแบบ sqlite ใช้ได้เฉพาะฐานข้อมูลแบบไฟล์');
  }
  const now = clock();
  const name = newBackupName(kind, format, now, opts.legacy);
  const schemaVersion = (await migrationState(storage)).current;

  let sizeBytes: number;
  let checksum: string;
  let rowCounts: Record<string, number>;
  let content: Uint8Array | null = null;
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
  // A legacy or empty database has no catalogue yet: the file is the record.
  if (await catalogueExists(storage)) {
    await storage.transaction(async (tx) => {
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
      if (opts.audit) {
        await writeAudit(tx, actor, { action: 'backup.create', targetType: 'backup', targetId: name, targetLabel: name, counts: rowCounts, details: { kind, format } }, now);
      }
    });
  }
  deps.log.info(`Backup created: ${name}`, { kind, format, sizeBytes });
  return record;
}

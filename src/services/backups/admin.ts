// The backup API (admin, audited; docs/domain/data-safety.md#backups): list the catalogue, take a
// manual backup, download one (streamed), delete one. Names are checked against the one name
// pattern before anything else, so no request can reach a path outside the backup folder.
import { count, desc, eq } from 'drizzle-orm';
import { backups } from '../../db/schema';
import { badRequest, notFound } from '../../errors';
import { isValidBackupName, parseBackupName, type BackupFormat } from './names';
import { createBackup, type BackupDeps } from '.';
import { writeAudit, writeReadAudit } from '../audit';
import { storageFaultOf } from '../../storage';

import { toPage } from '../paging';
import type { Actor } from '../context';

export type BackupAdminService = ReturnType<typeof createBackupAdminService>;

function checkName(name: string) {
  if (!isValidBackupName(name)) throw badRequest('invalid_backup_name', 'ชื่อไฟล์สำรองไม่ถูกต้อง');
}

const columns = {
  name: backups.name,
  kind: backups.kind,
  format: backups.format,
  storage: backups.storage,
  sizeBytes: backups.sizeBytes,
  schemaVersion: backups.schemaVersion,
  rowCounts: backups.rowCounts,
  checksum: backups.checksum,
  createdAt: backups.createdAt,
  createdByUserId: backups.createdByUserId,
  createdByUsername: backups.createdByUsername,
};

type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null };

function view(row: Row) {
  return {
    name: row.name!,
    kind: row.kind!,
    format: row.format!,
    storage: row.storage!,
    legacy: parseBackupName(row.name!)?.legacy ?? false,
    sizeBytes: row.sizeBytes ?? 0,
    schemaVersion: row.schemaVersion,
    rowCounts: row.rowCounts ? (JSON.parse(row.rowCounts) as Record<string, number>) : {},
    checksum: row.checksum,
    createdAt: new Date(row.createdAt!).toISOString(),
    createdBy: { userId: row.createdByUserId, username: row.createdByUsername },
  };
}

export function createBackupAdminService(deps: { backupDeps: BackupDeps }) {
  const { storage, store, clock, log } = deps.backupDeps;

  async function find(name: string) {
    checkName(name);
    const [row] = await storage.db.select(columns).from(backups).where(eq(backups.name, name));
    return row ?? null;
  }

  return {
    async list(query: { page?: number; limit?: number }) {
      const { page, limit, offset } = toPage(query.page, query.limit);
      const rows = await storage.db
        .select(columns)
        .from(backups)
        .orderBy(desc(backups.createdAt), desc(backups.id))
        .limit(limit)
        .offset(offset);
      const [{ n }] = await storage.db.select({ n: count() }).from(backups);
      return { items: rows.map(view), total: n, page, limit };
    },

    /** One catalogued backup (404 when no backup has that name). */
    async get(name: string) {
      const row = await find(name);
      if (!row) throw notFound('backup_not_found', 'ไม่พบไฟล์สำรองนี้');
      return view(row);
    },

    async create(input: { format?: BackupFormat }, actor: Actor) {
      const record = await createBackup(deps.backupDeps, 'manual', actor, { format: input.format, audit: true });
      return view((await find(record.name))!);
    },

    /** The stored bytes as a stream; the download is audited before the first byte. */
    async download(name: string, actor: Actor) {
      const row = await find(name);
      if (!row) throw notFound('backup_not_found', 'ไม่พบไฟล์สำรองนี้');
      const stream = await store.open(name);
      if (!stream) throw notFound('backup_not_found', 'ไม่พบเนื้อไฟล์ของไฟล์สำรองนี้');
      const now = clock();
      await writeReadAudit(
        storage,
        log,
        actor,
        {
          action: 'backup.download',
          targetType: 'backup',
          targetId: name,
          targetLabel: name,
          details: { kind: row.kind, format: row.format },
        },
        now,
      );
      return { stream, sizeBytes: row.sizeBytes, format: row.format };
    },

    async remove(name: string, actor: Actor) {
      const row = await find(name);
      if (!row) throw notFound('backup_not_found', 'ไม่พบไฟล์สำรองนี้');
      const now = clock();
      const forget = () =>
        storage.transaction(async (tx) => {
          await tx.delete(backups).where(eq(backups.name, name));
          await writeAudit(
            tx,
            actor,
            {
              action: 'backup.delete',
              targetType: 'backup',
              targetId: name,
              targetLabel: name,
              details: { kind: row.kind, format: row.format },
            },
            now,
          );
        });
      try {
        await forget();
      } catch (error) {
        // Deleting backups is how an admin frees a full volume: the file goes first, then the
        // catalogue row has room to be deleted.
        if (storageFaultOf(error) !== 'full' || store.kind !== 'file') throw error;
        await store.remove(name);
        log.warn(`Storage full: removed backup file ${name} to make room, then removing its catalogue row`, {
          requestId: actor.requestId,
        });
        await forget();
      }
      await store.remove(name);
    },
  };
}

// "Export Database" (docs/domain/data-safety.md#export): the NDJSON.gz logical export streamed from
// one read transaction, or on the file adapter a fresh VACUUM INTO snapshot. Every download is
// audited (data.export) before the first byte; exports carry password hashes and are secrets.
import { conflict } from '../errors';
import { utcStamp } from './backups/names';
import { streamNdjsonGz } from '../db/logical-export';
import type { BackupDeps } from './backups';
import { writeReadAudit } from './audit';
import type { Actor } from './context';
import type { MigrationsService } from './system/migrations';

export interface ExportDownload {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  contentType: string;
  sizeBytes: number | null;
}

export function createExportService(deps: { backupDeps: BackupDeps; migrations: MigrationsService }) {
  const { storage, store, clock, log } = deps.backupDeps;

  async function audit(actor: Actor, format: 'ndjson' | 'sqlite', fileName: string, now: number) {
    await writeReadAudit(
      storage,
      log,
      actor,
      { action: 'data.export', targetType: 'data', targetLabel: fileName, details: { format, fileName } },
      now,
    );
  }

  return {
    async download(format: 'ndjson' | 'sqlite', actor: Actor): Promise<ExportDownload> {
      const now = clock();
      if (format === 'sqlite') {
        if (storage.kind !== 'file' || !store.snapshotStream) {
          throw conflict('unsupported_on_adapter', 'การส่งออกแบบ sqlite ใช้ได้เฉพาะฐานข้อมูลแบบไฟล์ (ใช้ค่าเริ่มต้น ndjson แทน)');
        }
        const fileName = `export_${utcStamp(now)}.db`;
        const { stream, sizeBytes } = await store.snapshotStream((path) => storage.snapshot({ path }));
        await audit(actor, format, fileName, now);
        return { stream, fileName, contentType: 'application/vnd.sqlite3', sizeBytes };
      }
      const fileName = `export_${utcStamp(now)}.ndjson.gz`;
      const schema = (await deps.migrations.state()).current ?? '';
      await audit(actor, format, fileName, now);
      return {
        stream: streamNdjsonGz(storage, schema, now).stream,
        fileName,
        contentType: 'application/gzip',
        sizeBytes: null,
      };
    },
  };
}

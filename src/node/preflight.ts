// What boot learns about a database file before it opens it for writing
// (docs/domain/data-safety.md#one-writer, docs/domain/data-safety.md#legacy-adoption): everything
// here reads the file strictly read-only, so a start it refuses - a legacy file without
// LEGACY_ADOPT, a file of another application, a schema newer than this build, a file that is not a
// database or cannot be read, a file another process is writing - leaves the file byte for byte as
// it was, with no -wal/-shm beside it.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import {
  readDatabaseFile,
  writerLeaseBlocks,
  WRITER_LEASE,
  WRITER_LEASE_TTL_MS,
  FileStorageError,
  type WriterIdentity,
  type WriterLeaseHolder,
} from '../../adapters/libsql-file';
import { isLegacyDatabase, JOURNAL_TABLE, migrationState } from '../db/migrate';
import { bundledMigrations } from '../db/migrations.generated';
import type { DatabaseLocation } from '../config';

type FileLocation = Extract<DatabaseLocation, { kind: 'file' }>;

export class PreflightRefusal extends Error {}

export type FileKind = 'new' | 'ours' | 'legacy';

/** The message naming the process that holds the writer lease (shared by both checks). */
export function heldByMessage(path: string, holder: WriterLeaseHolder): string {
  const who = `pid ${holder.pid ?? '?'} on host ${holder.host ?? '?'}`;
  return (
    `Another process is using the database ${path}: ${who}, its writer since ${new Date(holder.since).toISOString()}. ` +
    'A database file has exactly one writer process: stop the other one first (a volume service runs 1 replica). ' +
    `If that process has died, the file is free within ${WRITER_LEASE_TTL_MS / 1000} s (at once on the same host).`
  );
}

/**
 * Classifies the file at the location or refuses it with the message an operator needs. The
 * legacy file with LEGACY_ADOPT is the caller's to convert.
 */
export async function preflightDatabaseFile(
  location: FileLocation,
  opts: { legacyAdopt: boolean; me: WriterIdentity; now: number },
): Promise<FileKind> {
  const { path } = location;
  if (!existsSync(path)) return 'new';
  if (statSync(path).isDirectory()) {
    const named =
      location.source === 'DATABASE_PATH' || location.source === 'DATABASE_URL'
        ? `${location.source} is a directory`
        : 'The database path is a directory';
    throw new PreflightRefusal(
      `${named}: ${path}. Point it at a database file, for example ${path.replace(/\/$/, '')}/data.db.`,
    );
  }
  // Permissions first: nothing below may open a file it could not then write.
  if (!accessible(path, constants.R_OK)) {
    throw new PreflightRefusal(
      `The database file ${path} cannot be read by this process (uid ${process.getuid?.() ?? '?'}). Nothing was changed.`,
    );
  }
  if (!accessible(path, constants.W_OK)) {
    throw new PreflightRefusal(
      `The database file ${path} is read-only for this process (uid ${process.getuid?.() ?? '?'}). Nothing was changed. ` +
        'Make the file (and its -wal/-shm files, if any) writable by the user the service runs as.',
    );
  }
  if (statSync(path).size === 0) return 'new';
  try {
    return await readDatabaseFile(path, async (file) => {
      const tables = (
        await file.execute(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
      ).rows.map((r) => String(r.name));
      if (tables.length === 0) return 'new';
      if (await isLegacyDatabase(file)) {
        if (!opts.legacyAdopt)
          throw new PreflightRefusal(
            `Legacy database detected at ${path}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`,
          );
        return 'legacy';
      }
      if (!tables.includes(JOURNAL_TABLE)) {
        const shown = tables.slice(0, 8).join(', ') + (tables.length > 8 ? ', ...' : '');
        throw new PreflightRefusal(
          `The database ${path} belongs to another application (tables: ${shown}; no Order Desk migration journal). Nothing was changed. ` +
            'Point DATABASE_PATH at the Order Desk database, or move this file away to start afresh.',
        );
      }
      const state = await migrationState(file);
      if (state.unknown > 0) {
        throw new PreflightRefusal(
          `The database ${path} was migrated by a newer version of Order Desk (${state.unknown} migration(s) this build does not know; ` +
            `this build knows up to ${bundledMigrations.at(-1)?.tag}). Nothing was changed. Deploy the newer build, or restore a backup made by this version.`,
        );
      }
      if (tables.includes('leases')) {
        const rs = await file.execute('SELECT holder, expires_at, acquired_at FROM leases WHERE name = ?', [
          WRITER_LEASE,
        ]);
        const row = rs.rows[0];
        const holder = writerLeaseBlocks(
          row
            ? { holder: String(row.holder), expiresAt: Number(row.expires_at), acquiredAt: Number(row.acquired_at) }
            : null,
          opts.me,
          opts.now,
        );
        if (holder) throw new PreflightRefusal(heldByMessage(path, holder));
      }
      return 'ours';
    });
  } catch (error) {
    if (error instanceof FileStorageError) throw new PreflightRefusal(`${error.message}. Nothing was changed.`);
    throw error;
  }
}

function accessible(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

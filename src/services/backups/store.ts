// Where backup content lives. On Node: files in BACKUP_DIR (on the volume, beside the
// database). On the edge: the `backups.content` column, an undo net only
// (docs/domain/data-safety.md#backups).
import type { StoragePort } from '../../storage';

export interface SqliteSnapshotFacts {
  sizeBytes: number;
  checksum: string;
  rowCounts: Record<string, number>;
  /** With `verify`: the newest migration applied in the file (null for a legacy file). */
  schemaVersion?: string | null;
}

export interface BackupStore {
  readonly kind: 'file' | 'db';
  /** A directory path, or `database` for content kept in the backups table. */
  readonly location: string;
  /** Destination path for a VACUUM INTO snapshot (file stores only). */
  pathFor?(name: string): string;
  /**
   * Counts rows and hashes a finished sqlite snapshot (file stores only). With `verify`, first
   * checks it is a whole database (PRAGMA quick_check) and reads its schema version.
   */
  inspectSqlite?(name: string, opts?: { verify?: boolean }): Promise<SqliteSnapshotFacts>;
  /** Names of the backup files present (file stores only). */
  listNames?(): Promise<string[]>;
  /** Stores bytes under a name atomically (file stores); db stores keep them in the row. */
  put(name: string, bytes: Uint8Array): Promise<void>;
  /** Streams a stored backup, or null when absent. */
  open(name: string): Promise<ReadableStream<Uint8Array> | null>;
  remove(name: string): Promise<void>;
  /** The stored file's size, null when it is missing (file stores only). */
  sizeOf?(name: string): Promise<number | null>;
  /** Deletes leftovers of interrupted backups (`*.tmp`). */
  cleanTemp(): Promise<number>;
  /** Free bytes where backups are written, when the runtime can tell. */
  freeBytes?(): Promise<number | null>;
  /**
   * A fresh sqlite snapshot for download (file stores): `take` writes it to a scratch path in
   * the backup folder, the stream reads it and the file is deleted once read or abandoned (a
   * leftover is a `*.tmp`, removed at boot).
   */
  snapshotStream?(
    take: (path: string) => Promise<unknown>,
  ): Promise<{ stream: ReadableStream<Uint8Array>; sizeBytes: number }>;
  /**
   * The rows of a stored sqlite backup as the gzipped NDJSON export of that file (Node), so a
   * sqlite backup is restored through exactly the same validation as an upload.
   */
  sqliteAsExport?(name: string, now: Date): Promise<Uint8Array>;
}

/** Reads `backups.content` by name: the content reader of the db store. */
export function backupContentReader(storage: StoragePort) {
  // Raw SQL: drizzle maps a buffer-mode blob through Buffer, which the edge does not have.
  return async (name: string): Promise<Uint8Array | null> => {
    const rs = await storage.execute('SELECT content FROM backups WHERE name = ?', [name]);
    const content = rs.rows[0]?.content as ArrayBuffer | Uint8Array | null | undefined;
    return content ? new Uint8Array(content) : null;
  };
}

/** Content kept in the database: nothing to do outside the row. */
export function createDbBackupStore(openFromDb: (name: string) => Promise<Uint8Array | null>): BackupStore {
  return {
    kind: 'db',
    location: 'database',
    async put() {},
    async open(name) {
      const bytes = await openFromDb(name);
      if (!bytes) return null;
      return new Response(bytes as BodyInit).body!;
    },
    async remove() {},
    async cleanTemp() {
      return 0;
    },
  };
}

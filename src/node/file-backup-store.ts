// Backups as files in BACKUP_DIR (on the volume beside the database by default).
import { createClient } from '@libsql/client';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fsyncAndRename } from '../../adapters/fsync';

import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { TABLES_IN_FK_ORDER } from '../db/schema';
import { gzipText, writeLogicalExport } from '../db/logical-export';
import { migrationState } from '../db/migrate';
import { isValidBackupName } from '../services/backups/names';
import type { BackupStore, SqliteSnapshotFacts } from '../services/backups/store';
import { freeBytes } from './storage-facts';

function hashFile(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => res(hash.digest('hex')))
      .on('error', rej);
  });
}

export function createFileBackupStore(dir: string): BackupStore {
  const root = resolve(dir);
  const pathFor = (name: string) => {
    // The name pattern has no separators, so a valid name can never leave the folder.
    if (!isValidBackupName(name)) throw new Error(`invalid backup name: ${name}`);
    return join(root, name);
  };
  const ensureDir = () => mkdirSync(root, { recursive: true });

  return {
    kind: 'file',
    location: root,
    pathFor(name) {
      ensureDir();
      return pathFor(name);
    },
    async inspectSqlite(name, opts = {}): Promise<SqliteSnapshotFacts> {
      const path = pathFor(name);
      if (!existsSync(path)) throw new Error(`backup file ${name} is missing`);
      const client = createClient({ url: `file:${path}` });
      const rowCounts: Record<string, number> = {};
      let schemaVersion: string | null | undefined;
      try {
        if (opts.verify) {
          const rs = await client.execute('PRAGMA quick_check');
          const verdict = String(rs.rows[0]?.[0] ?? '');
          if (verdict !== 'ok') throw new Error(`quick_check said: ${verdict}`);
          schemaVersion = (await migrationState({ execute: (sql, args = []) => client.execute({ sql, args }) }))
            .current;
        }
        const present = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
        const names = new Set(present.rows.map((r) => String(r.name)));
        for (const [table] of TABLES_IN_FK_ORDER) {
          if (!names.has(table)) continue;
          const rs = await client.execute(`SELECT count(*) AS n FROM "${table}"`);
          rowCounts[table] = Number(rs.rows[0].n);
        }
      } finally {
        client.close();
      }
      return {
        sizeBytes: statSync(path).size,
        checksum: await hashFile(path),
        rowCounts,
        ...(opts.verify ? { schemaVersion } : {}),
      };
    },
    async listNames() {
      return existsSync(root) ? readdirSync(root).filter(isValidBackupName) : [];
    },
    async put(name, bytes) {
      ensureDir();
      const target = pathFor(name);
      const temp = `${target}.tmp`;
      try {
        writeFileSync(temp, bytes);
        fsyncAndRename(temp, target);
      } catch (error) {
        // A full volume leaves a partial file: remove it now, not at the next boot.
        rmSync(temp, { force: true });
        throw error;
      }
    },
    async open(name) {
      const path = pathFor(name);
      if (!existsSync(path)) return null;
      return Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
    },
    async remove(name) {
      rmSync(pathFor(name), { force: true });
    },
    async sizeOf(name) {
      const path = pathFor(name);
      return existsSync(path) ? statSync(path).size : null;
    },
    async cleanTemp() {
      if (!existsSync(root)) return 0;
      let removed = 0;
      for (const entry of readdirSync(root)) {
        if (entry.endsWith('.tmp')) {
          rmSync(join(root, entry), { force: true });
          removed++;
        }
      }
      return removed;
    },
    async freeBytes() {
      return existsSync(root) ? freeBytes(root) : null;
    },
    async snapshotStream(take) {
      ensureDir();
      // Ends in .tmp, so a crash mid-download leaves nothing that survives the next boot.
      const scratch = join(root, `.export-${randomBytes(6).toString('hex')}.db.tmp`);
      try {
        await take(scratch);
        const sizeBytes = statSync(scratch).size;
        const file = createReadStream(scratch);
        // Once open, the name is no longer needed: the data stays readable until the stream closes.
        await new Promise<void>((res, rej) => file.once('open', () => res()).once('error', rej));
        rmSync(scratch, { force: true });
        return { stream: Readable.toWeb(file) as ReadableStream<Uint8Array>, sizeBytes };
      } catch (error) {
        rmSync(scratch, { force: true });
        throw error;
      }
    },
    async sqliteAsExport(name, now) {
      const path = pathFor(name);
      if (!existsSync(path)) throw new Error(`backup file ${name} is missing`);
      const client = createClient({ url: `file:${path}` });
      try {
        const state = await migrationState({
          execute: (sql, args = []) => client.execute({ sql, args }),
        });
        return await gzipText((sink) =>
          writeLogicalExport(client, { schema: state.current ?? '', source: 'file', now }, sink),
        );
      } finally {
        client.close();
      }
    },
  };
}

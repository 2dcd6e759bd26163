// Migrations (docs/domain/data-safety.md#migrations): from empty, upgrade from every earlier state,
// idempotent on restart, atomic per migration, the bundle never stale, and the same runner on the
// remote adapter.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileStorage } from '../../adapters/libsql-file';
import { openRemoteStorage } from '../../adapters/libsql-remote';
import { applyPendingMigrations, migrationState, MigrationError } from '../../src/db/migrate';
import { bundledMigrations } from '../../src/db/migrations.generated';
import { isDestructiveStatement, type BundledMigration } from '../../src/db/migration-bundle';
import { TABLES_IN_FK_ORDER } from '../../src/db/schema';
import { readFileSync } from 'node:fs';
import { renderBundleFromDisk, BUNDLE_MODULE } from '../../scripts/migration-files';
import { startLibsqlHttpServer } from '../support/libsql-http-server';
import { tempDir } from '../support/env';

const tables = async (storage: Awaited<ReturnType<typeof openFileStorage>>) =>
  (await storage.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).rows.map(
    (r) => String(r.name),
  );

describe('migration bundle', () => {
  it('is not stale: regenerating it from migrations/ gives the committed file', () => {
    expect(readFileSync(BUNDLE_MODULE, 'utf8')).toBe(renderBundleFromDisk());
  });

  it('classifies destructive statements', () => {
    expect(isDestructiveStatement('DROP TABLE `x`;')).toBe(true);
    expect(isDestructiveStatement('ALTER TABLE `x` DROP COLUMN `y`;')).toBe(true);
    expect(isDestructiveStatement('ALTER TABLE `__new_x` RENAME TO `x`;')).toBe(true);
    expect(isDestructiveStatement('INSERT INTO `__new_x`("a") SELECT "a" FROM `x`;')).toBe(true);
    expect(isDestructiveStatement('ALTER TABLE `x` ADD `y` text NOT NULL;')).toBe(true);
    expect(isDestructiveStatement("ALTER TABLE `x` ADD `y` text DEFAULT 'a' NOT NULL;")).toBe(false);
    expect(isDestructiveStatement('CREATE TABLE `x` (`id` integer PRIMARY KEY NOT NULL);')).toBe(false);
    expect(isDestructiveStatement('CREATE INDEX `i` ON `x` (`a`);')).toBe(false);
  });
});

describe('migration runner on the file adapter', () => {
  it('creates every schema table on an empty database and records drizzle journal rows', async () => {
    const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
    const result = await applyPendingMigrations(storage);
    expect(result.applied).toEqual(bundledMigrations.map((m) => m.tag));
    const names = await tables(storage);
    for (const [table] of TABLES_IN_FK_ORDER) expect(names).toContain(table);
    const journal = await storage.execute('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id');
    expect(journal.rows.map((r) => String(r.hash))).toEqual(bundledMigrations.map((m) => m.hash));
    await storage.close();
  });

  it('is idempotent: a restart applies nothing and changes nothing', async () => {
    const path = join(tempDir(), 'data.db');
    let storage = await openFileStorage({ path, persistent: true });
    await applyPendingMigrations(storage);
    await storage.close();
    storage = await openFileStorage({ path, persistent: true });
    expect((await applyPendingMigrations(storage)).applied).toEqual([]);
    const state = await migrationState(storage);
    expect(state.pending).toEqual([]);
    expect(state.current).toBe(bundledMigrations.at(-1)!.tag);
    expect(Number((await storage.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0].n)).toBe(
      bundledMigrations.length,
    );
    await storage.close();
  });

  it('upgrades from every earlier migration state, keeping the data written before', async () => {
    for (let k = 0; k < bundledMigrations.length; k++) {
      const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
      await applyPendingMigrations(storage, bundledMigrations.slice(0, k));
      const hasShops = (await tables(storage)).includes('shops');
      if (hasShops) {
        await storage.batch([
          {
            sql: "INSERT INTO shops (platform, name, name_key, created_at, updated_at) VALUES ('Shopee', 'Keep Me', 'keep me', 1, 1)",
          },
        ]);
      }
      const upgraded = await applyPendingMigrations(storage);
      expect(upgraded.applied).toEqual(bundledMigrations.slice(k).map((m) => m.tag));
      if (hasShops) {
        expect((await storage.execute("SELECT name FROM shops WHERE name_key = 'keep me'")).rows.length).toBe(1);
      }
      await storage.close();
    }
  });

  it('upgrades across a later migration atomically; a failing one leaves the previous state and names its tag', async () => {
    const storage = await openFileStorage({ path: join(tempDir(), 'data.db'), persistent: true });
    await applyPendingMigrations(storage);
    await storage.batch([{ sql: "INSERT INTO products (sku, created_at, updated_at) VALUES ('SKU-1', 1, 1)" }]);
    const last = bundledMigrations.at(-1)!;
    const addColumn: BundledMigration = {
      tag: '9998_add_note',
      when: last.when + 1,
      hash: 'h1',
      statements: ['ALTER TABLE `products` ADD `note` text;', "UPDATE products SET note = 'kept'"],
      destructive: true,
    };
    const broken: BundledMigration = {
      tag: '9999_broken',
      when: last.when + 2,
      hash: 'h2',
      statements: ['CREATE TABLE `half_done` (`id` integer);', 'THIS IS NOT SQL'],
      destructive: false,
    };
    await expect(applyPendingMigrations(storage, [...bundledMigrations, addColumn, broken])).rejects.toThrow(
      MigrationError,
    );
    await expect(applyPendingMigrations(storage, [...bundledMigrations, addColumn, broken])).rejects.toThrow(
      /9999_broken/,
    );
    const state = await migrationState(storage, [...bundledMigrations, addColumn, broken]);
    expect(state.current).toBe('9998_add_note');
    expect(state.pending).toEqual(['9999_broken']);
    expect((await tables(storage)).includes('half_done')).toBe(false);
    expect((await storage.execute("SELECT note FROM products WHERE sku = 'SKU-1'")).rows[0].note).toBe('kept');
    await storage.close();
  });
});

describe('migration runner on the remote adapter', () => {
  it('applies the same bundle over HTTP and never sends statements a hosted server refuses', async () => {
    const server = await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db') });
    const storage = await openRemoteStorage({ url: server.url });
    expect((await applyPendingMigrations(storage)).applied.length).toBe(bundledMigrations.length);
    expect((await migrationState(storage)).pending).toEqual([]);
    const snapshot = await storage.snapshot();
    expect(snapshot.format).toBe('ndjson');
    expect(server.stats.refused).toEqual([]);
    expect(server.stats.statements.some((s) => /journal_mode|VACUUM|ATTACH|CREATE TEMP/i.test(s))).toBe(false);
    await storage.close();
    await server.close();
  });
});

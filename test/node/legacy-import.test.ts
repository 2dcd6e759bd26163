// `npm run legacy:import -- <legacy file>` (docs/domain/data-safety.md#legacy-adoption, its last
// point): the same conversion into the configured database, here a remote libSQL server (the
// in-process test server over a real file). The write is one transaction of multi-row INSERTs; a
// failure leaves the target empty.
import { createClient } from '@libsql/client';
import { createClient as createWebClient } from '@libsql/client/web';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openRemoteStorage } from '../../adapters/libsql-remote';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { bundledMigrations } from '../../src/db/migrations.generated';
import { createLogger, silentLogger } from '../../src/log';
import { verifyWerkzeugHash } from '../../src/node/legacy-hash';
import { runLegacyImport, LEGACY_IMPORT_USAGE } from '../../src/node/legacy-import';
import { createDbBackupStore } from '../../src/services/backups/store';
import { importLegacy } from '../../src/legacy/adopt';
import type { LegacyQuery } from '../../src/legacy/read';

import { NOT_ON_RAILWAY } from '../../src/services/status';
import { startLibsqlHttpServer } from '../support/libsql-http-server';
import { tempDir, testEnv } from '../support/env';
import { LEGACY_FIXTURE, LEGACY_PASSWORDS, dumpDatabase, legacyCopy } from '../support/legacy';
import { samplePath } from '../support/samples';

const expected = JSON.parse(readFileSync(samplePath('legacy/expected.json'), 'utf8'));
const ROOT = join(import.meta.dirname, '..', '..');

/** Reads a copy of the fixture, as the CLI reads a legacy file. */
function fixtureQuery(): LegacyQuery {
  const { path } = legacyCopy();
  return async (text) => {
    const client = createClient({ url: `file:${path}` });
    try {
      const rs = await client.execute(text);
      return rs.rows.map((row) => Object.fromEntries(rs.columns.map((c, i) => [c, row[i]])));
    } finally {
      client.close();
    }
  };
}

describe('legacy import into a remote libSQL database', () => {
  it('writes the whole conversion in one transaction of batched INSERTs', async () => {
    const server = await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db') });
    const storage = await openRemoteStorage({ url: server.url });
    const sql = createWebClient({ url: server.url });
    try {
      const result = await importLegacy(storage, fixtureQuery(), {
        now: Date.parse('2025-11-20T02:00:00Z'),
        source: 'data.db',
      });
      expect(result.counts).toMatchObject({
        orders: expected.orders,
        order_lines: expected.order_lines,
        products: expected.products,
        stock: expected.stock,
        sales_status: expected.sales_status,
        shops: expected.shops,
        users: expected.users,
        imports: expected.imports,
      });
      const count = async (q: string) => Number((await sql.execute(q)).rows[0][0]);
      expect(await count('SELECT count(*) FROM orders')).toBe(expected.orders);
      expect(await count('SELECT count(*) FROM order_lines')).toBe(expected.order_lines);
      expect(await count("SELECT count(*) FROM order_markers WHERE kind = 'issued'")).toBe(expected.markers.issued);
      expect(await count("SELECT count(*) FROM order_markers WHERE kind = 'cancelled'")).toBe(
        expected.markers.cancelled,
      );
      expect(await count('SELECT count(*) FROM order_lines WHERE accepted = 1')).toBe(expected.accepted_lines);
      expect(await count('SELECT count(*) FROM pending_cancellations')).toBe(2);
      expect(await count('SELECT count(*) FROM __drizzle_migrations')).toBe(bundledMigrations.length);
      expect(await count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'legacy%'")).toBe(0);
      const audit = (await sql.execute("SELECT details FROM audit_log WHERE action = 'legacy.adopt'")).rows;
      expect(audit).toHaveLength(1);
      expect(JSON.parse(String(audit[0].details))).toMatchObject({ mode: 'import', source: 'data.db', backup: null });

      // Batched: one INSERT statement per table (the fixture is small), never one per row; and
      // nothing a hosted server refuses.
      // (The migration journal gets one row per migration, applied before the conversion.)
      const inserts = server.stats.statements.filter(
        (s) => /^\s*insert\s/i.test(s) && !s.includes('__drizzle_migrations'),
      );
      expect(inserts.length).toBeLessThanOrEqual(20);
      expect(server.stats.refused).toEqual([]);
      expect(server.stats.statements.some((s) => /^\s*(VACUUM|ATTACH|PRAGMA\s+journal_mode)/i.test(s))).toBe(false);

      // The target now holds data: a second import refuses and changes nothing.
      await expect(importLegacy(storage, fixtureQuery(), { now: Date.now(), source: 'data.db' })).rejects.toThrow(
        'already holds data',
      );
      expect(await count('SELECT count(*) FROM orders')).toBe(expected.orders);
      expect(await count("SELECT count(*) FROM audit_log WHERE action = 'legacy.adopt'")).toBe(1);

      // The adopted accounts sign in against the remote database (Node verifies Werkzeug hashes).
      const parsed = loadConfig(testEnv({ ADMIN_PASSWORD: '' }), 'node');
      if (!parsed.ok) throw new Error('config');
      const { app } = createApp({
        storage,
        config: parsed.config,
        log: silentLogger,
        clock: Date.now,
        build: { version: 'test', commit: 'test', runtime: 'node test', startedAt: Date.now() },
        host: NOT_ON_RAILWAY,
        lifecycle: { draining: false },
        backupStore: createDbBackupStore(async () => null),
        legacyVerify: verifyWerkzeugHash,
      });
      const login = await app.request('/api/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'kanya', password: LEGACY_PASSWORDS.kanya }),
      });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const shops = (await (
        await app.request('/api/shops', { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { total: number };
      expect(shops.total).toBe(4);
    } finally {
      sql.close();
      await storage.close();
      await server.close();
    }
  });

  it('is atomic: a failure at the last write leaves the remote database as it was (empty)', async () => {
    const server = await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db') });
    const storage = await openRemoteStorage({ url: server.url });
    const sql = createWebClient({ url: server.url });
    try {
      const bundle = bundledMigrations.map((m, i, all) =>
        i === all.length - 1
          ? {
              ...m,
              statements: [
                ...m.statements,
                "CREATE TRIGGER inject_failure BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
              ],
            }
          : m,
      );
      await expect(
        importLegacy(storage, fixtureQuery(), { now: Date.now(), source: 'data.db', bundle }),
      ).rejects.toThrow();
      expect((await sql.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")).rows).toEqual([]);
    } finally {
      sql.close();
      await storage.close();
      await server.close();
    }
  });

  it('npm run legacy:import -- <file> against DATABASE_URL: exit 0, the summary line, the legacy file untouched', async () => {
    const server = await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db') });
    const { dir, path } = legacyCopy();
    const before = await dumpDatabase(path);
    try {
      const { stdout, stderr } = await promisify(execFile)(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        [join(ROOT, 'scripts', 'legacy-import.ts'), 'data.db'],
        {
          cwd: dir,
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: server.url },
        },
      );
      expect(stdout).toContain(`Database path: ${server.url}`);
      expect(stdout).toContain(
        `Legacy database imported: 210 orders, 306 order lines, 70 markers, 2 pending cancellations, 4 shops, 3 users, 60 products, 60 stock rows, 112 sales status rows, 17 imports, 8 print jobs, 5 settings (from ${path})`,
      );
      expect(stderr).toContain('WARNING: the 3 legacy accounts keep their Werkzeug password hashes');
      const sql = createWebClient({ url: server.url });
      expect(Number((await sql.execute('SELECT count(*) FROM orders')).rows[0][0])).toBe(210);
      sql.close();
      expect((await dumpDatabase(path)).tables).toEqual(before.tables);
    } finally {
      await server.close();
    }
  });

  it('refuses without a file, with a non-legacy file, and when the target is the legacy file itself', async () => {
    const lines: string[] = [];
    const log = createLogger('info', (_l, line) => lines.push(line));
    const cwd = tempDir();
    expect(await runLegacyImport([], {}, { cwd, log })).toBe(1);
    expect(lines).toContain(LEGACY_IMPORT_USAGE);

    const { path } = legacyCopy();
    expect(await runLegacyImport([path], { DATABASE_PATH: path }, { cwd, log })).toBe(1);
    expect(lines.at(-1)).toContain('LEGACY_ADOPT=true');

    const notLegacy = join(cwd, 'other.db');
    const other = createClient({ url: `file:${notLegacy}` });
    await other.execute('CREATE TABLE t (x)');
    other.close();
    expect(await runLegacyImport(['--', notLegacy], { DATABASE_PATH: join(cwd, 'target.db') }, { cwd, log })).toBe(1);
    expect(lines.at(-1)).toContain('is not a legacy database');
  });

  it('imports into a configured file too (DATABASE_PATH), reading the legacy file only', async () => {
    const lines: string[] = [];
    const cwd = tempDir();
    const before = await dumpDatabase(LEGACY_FIXTURE);
    const code = await runLegacyImport(
      [LEGACY_FIXTURE],
      { DATABASE_PATH: 'new.db' },
      { cwd, log: createLogger('info', (_l, line) => lines.push(line)) },
    );
    expect(code).toBe(0);
    expect(lines.some((l) => l.startsWith('Legacy database imported: 210 orders, 306 order lines'))).toBe(true);
    const db = createClient({ url: `file:${join(cwd, 'new.db')}` });
    expect(Number((await db.execute('SELECT count(*) FROM orders')).rows[0][0])).toBe(210);
    expect(Number((await db.execute("SELECT count(*) FROM order_markers WHERE kind = 'trashed'")).rows[0][0])).toBe(
      expected.markers.trashed,
    );
    db.close();
    expect((await dumpDatabase(LEGACY_FIXTURE)).tables).toEqual(before.tables);
  });
});

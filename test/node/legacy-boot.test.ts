// Legacy adoption through the real process (dist/server.js, what Docker runs): LEGACY_ADOPT=true
// converts a copy of the fixture at start-up and the service then serves it; a restart does
// nothing more; without the flag, or when the conversion fails, the process exits 1 and the
// legacy file is as it was.
import { createClient } from '@libsql/client';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGACY_PASSWORDS, LEGACY_TABLE_COUNTS, dumpDatabase, legacyCopy, tableCounts } from '../support/legacy';
import { spawnServer, stopWith } from '../support/spawn-server';

async function token(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('legacy adoption at process start-up', () => {
  it('adopts with LEGACY_ADOPT=true, serves the data, and a restart finds nothing left to convert', async () => {
    const { dir, path } = legacyCopy();
    const s = await spawnServer({ LEGACY_ADOPT: 'true' }, { cwd: dir });
    try {
      const out = s.output();
      const backups = readdirSync(join(dir, 'backups'));
      expect(backups).toHaveLength(1);
      expect(backups[0]).toMatch(/^backup_pre_migration_\d{8}T\d{6}Z_[a-z0-9]{6}_legacy\.db$/);
      expect(out).toContain(`Database path: ${path}`);
      expect(out).toMatch(
        new RegExp(`Legacy database adopted: 210 orders, 306 order lines, .* \\(backup ${backups[0]}\\)`),
      );
      expect(out).toContain('Schema up to date (');
      expect(out).not.toContain('Setup required');

      // Bearer sign-in with the legacy passwords; the API serves the adopted rows.
      const staff = await token(s.url, 'kanya', LEGACY_PASSWORDS.kanya);
      const shops = (await (
        await fetch(`${s.url}/api/shops`, { headers: { authorization: `Bearer ${staff}` } })
      ).json()) as {
        total: number;
        items: { platform: string; name: string; orderCount: number }[];
      };
      expect(shops.total).toBe(4);
      expect(shops.items.reduce((sum, shop) => sum + shop.orderCount, 0)).toBe(210);
      const user = await token(s.url, 'thana', LEGACY_PASSWORDS.thana);
      const stock = (await (
        await fetch(`${s.url}/api/stock?limit=500`, { headers: { authorization: `Bearer ${user}` } })
      ).json()) as { total: number; items: { qty: number }[] };
      expect(stock.total).toBe(60);
      expect(stock.items.every((row) => row.qty >= 0)).toBe(true);
      // Every legacy install has admin / admin123: adopted, it may sign in only to change it.
      expect(out).toContain(
        'Adopted accounts with a weak password (they must change it at their next sign-in before anything else): admin',
      );
      const signIn = await fetch(`${s.url}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: LEGACY_PASSWORDS.admin }),
      });
      const weak = (await signIn.json()) as { token: string; passwordChangeRequired: boolean };
      expect(weak.passwordChangeRequired).toBe(true);
      const refused = await fetch(`${s.url}/api/admin/system-status`, {
        headers: { authorization: `Bearer ${weak.token}` },
      });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('password_change_required');
      const strong = 'Admin-changed-2025!';
      const changed = await fetch(`${s.url}/api/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${weak.token}` },
        body: JSON.stringify({ currentPassword: LEGACY_PASSWORDS.admin, newPassword: strong }),
      });
      expect(changed.status).toBe(200);
      const admin = await token(s.url, 'admin', strong);
      const status = await fetch(`${s.url}/api/admin/system-status`, { headers: { authorization: `Bearer ${admin}` } });
      expect(status.status).toBe(200);
    } finally {
      expect((await stopWith(s, 'SIGTERM')).code).toBe(0);
    }

    const again = await spawnServer({ LEGACY_ADOPT: 'true' }, { cwd: dir });
    try {
      expect(again.output()).not.toContain('Legacy database');
      expect(again.output()).toContain('Schema up to date (');
      expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
      // Sessions keep working after the restart, with the rehashed password.
      await token(again.url, 'thana', LEGACY_PASSWORDS.thana);
    } finally {
      await stopWith(again, 'SIGTERM');
    }
    const db = createClient({ url: `file:${path}` });
    expect(Number((await db.execute("SELECT count(*) FROM audit_log WHERE action = 'legacy.adopt'")).rows[0][0])).toBe(
      1,
    );
    expect(Number((await db.execute('SELECT count(*) FROM orders')).rows[0][0])).toBe(210);
    expect(String((await db.execute("SELECT password_hash FROM users WHERE username = 'thana'")).rows[0][0])).toMatch(
      /^pbkdf2_sha256\$/,
    );
    db.close();
  });

  it('without LEGACY_ADOPT: exit 1 with the exact message, the file untouched', async () => {
    const { dir, path } = legacyCopy();
    const before = await dumpDatabase(path);
    const s = await spawnServer({}, { cwd: dir, waitForListen: false });
    expect((await s.exited).code).toBe(1);
    expect(s.output()).toContain(
      `Legacy database detected at ${path}. Set LEGACY_ADOPT=true to convert it (a backup is taken first).`,
    );
    expect((await dumpDatabase(path)).tables).toEqual(before.tables);
  });

  it('a conversion that fails after the renames exits 1 naming the backup; the legacy file is as it was', async () => {
    const { dir, path } = legacyCopy();
    // An operator's view named like a new table: the renames succeed, creating the schema fails.
    const prep = createClient({ url: `file:${path}` });
    await prep.execute('CREATE VIEW stock AS SELECT sku, qty FROM stocks');
    prep.close();
    const before = await dumpDatabase(path);

    const s = await spawnServer({ LEGACY_ADOPT: 'true' }, { cwd: dir, waitForListen: false });
    expect((await s.exited).code).toBe(1);
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(s.output()).toContain('Legacy adoption failed: ');
    expect(s.output()).toContain(`Nothing was changed: the legacy database is as it was. Backup: ${backups[0]}`);
    expect(s.output()).not.toContain('Listening on');

    const after = await dumpDatabase(path);
    expect(after.tables).toEqual(before.tables);
    expect(after.objects).toEqual(before.objects);
    expect(await tableCounts(path)).toEqual(LEGACY_TABLE_COUNTS);
  });
});

// The legacy's security holes W1-W14 (docs/domain/auth.md#legacy-security-weaknesses), one describe
// each: every test here fails if its hole comes back. The rule that closes each is named in that
// table and spelled out in the section it links to. Broader coverage of the same rules: test/api/auth.suite.ts (all
// targets), test/node/route-access.test.ts (every route), auth-throttle, auth-logs, legacy-hash.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClient } from '@libsql/client';
import { jwtVerify } from 'jose';
import { openFileStorage } from '../../adapters/libsql-file';
import { loadConfig } from '../../src/config';
import { createLogger, type Logger } from '../../src/log';
import { ROUTE_ROLES } from '../../src/http/route-roles';
import { TABLES_IN_FK_ORDER } from '../../src/db/schema';
import { ApiClient } from '../support/api-client';
import { ADMIN_PASSWORD, randomPassword, tempDir } from '../support/env';
import { fileTarget, nodeApp, type Target } from '../support/targets';
import { spawnServer } from '../support/spawn-server';
import { specMinimumRole } from '../support/permissions';
import { isPagePath } from '../../src/ui';
import { registeredRoutes, walkFixture, type WalkFixture } from '../support/route-walk';
import {
  auditRows,
  bearer,
  browserLogin,
  createAccount,
  fromIp,
  newRequestId,
  parseSetCookies,
  send,
  sessionKey,
  signToken,
  tokenFor,
  uniqueIp,
  uniqueName,
  multipartCsv,
} from '../support/auth-helpers';

const HOUR = 3600_000;
const cleanup: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!.close();
});
async function target(env: Record<string, string> = {}, log?: Logger) {
  const t = await fileTarget({ env: { TRUST_PROXY: 'true', ...env }, log });
  cleanup.push(t);
  return t;
}
/** A second app instance on the same database file, as after a redeploy. */
async function reopen(t: Target & { dir: string }, env: Record<string, string> = {}, log?: Logger) {
  const storage = await openFileStorage({ path: join(t.dir, 'data.db'), persistent: true });
  cleanup.push(storage);
  const built = await nodeApp(storage, { env, log });
  return { ...built, fetch: async (p: string, init?: RequestInit) => built.app.request(p, init) } as unknown as Target &
    typeof built;
}
const me = (t: Target, token: string) => send(t, 'GET', '/api/auth/me', { headers: bearer(token) });

describe('W1 forgeable sessions (hard-coded secret) [signing key]', () => {
  it('a token signed with a guessable or foreign key is refused: there is no built-in secret', async () => {
    const t = await target();
    const admin = await send(t, 'GET', '/api/auth/me', { headers: bearer(await new ApiClient(t).token('admin')) });
    const id = String(admin.body.user.id);
    for (const guess of [
      'secret',
      'dev',
      'change-me',
      'your-secret-key',
      'dev-secret-key-change-in-production',
      'wms',
      randomBytes(32).toString('hex'),
    ]) {
      const res = await me(t, await signToken(new TextEncoder().encode(guess), { sub: id }));
      expect(res.status, guess).toBe(401);
    }
  });

  it('each database gets its own random 32-byte secret in settings, kept across restarts; a token from one deployment is refused by another', async () => {
    const a = await target();
    const b = await target();
    const [ka, kb] = [await sessionKey(a), await sessionKey(b)];
    expect(ka.length).toBe(32);
    expect(kb.length).toBe(32);
    expect(Buffer.from(ka).equals(Buffer.from(kb))).toBe(false);
    const token = await new ApiClient(a).token('admin');
    expect((await me(a, token)).status).toBe(200);
    expect((await me(b, token)).status).toBe(401);
    // A new process on the same database keeps the secret: sessions survive a redeploy.
    const again = await reopen(a as Target & { dir: string });
    expect((await me(again, token)).status).toBe(200);
    expect(Buffer.from(await sessionKey(a)).equals(Buffer.from(ka))).toBe(true);
  });

  it('JWT_SECRET signs when set (at least 32 bytes), and JWT_SECRET_PREVIOUS only verifies during a rotation', async () => {
    const short = loadConfig({ JWT_SECRET: 'too-short-secret' }, 'node');
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.errors.map((e) => e.variable)).toEqual(['JWT_SECRET']);
    if (!short.ok) expect(JSON.stringify(short.errors)).not.toContain('too-short-secret');

    const oldKey = randomBytes(32).toString('base64url');
    const newKey = randomBytes(32).toString('base64url');
    const t = await target({ JWT_SECRET: oldKey });
    const token = await new ApiClient(t).token('admin');
    await expect(jwtVerify(token, new TextEncoder().encode(oldKey))).resolves.toBeTruthy();
    await expect(jwtVerify(token, randomBytes(32))).rejects.toThrow();
    // With JWT_SECRET set, no secret is generated into the database.
    expect((await t.sql.execute("SELECT count(*) AS n FROM settings WHERE key = 'session_secret'")).rows[0].n).toBe(0);

    const rotated = await reopen(t as Target & { dir: string }, { JWT_SECRET: newKey, JWT_SECRET_PREVIOUS: oldKey });
    expect((await me(rotated, token)).status).toBe(200);
    const fresh = (
      await send(rotated, 'POST', '/api/auth/token', { body: { username: 'admin', password: ADMIN_PASSWORD } })
    ).body.token;
    await expect(jwtVerify(fresh, new TextEncoder().encode(newKey))).resolves.toBeTruthy();
    await expect(jwtVerify(fresh, new TextEncoder().encode(oldKey))).rejects.toThrow();
    const retired = await reopen(t as Target & { dir: string }, { JWT_SECRET: newKey });
    expect((await me(retired, token)).status).toBe(401);
  });
});

describe('W2 admin/admin123 recreated on an empty users table [first admin]', () => {
  it('a fresh database without ADMIN_PASSWORD has no user, and admin/admin123 gets 503 setup_required, never a session', async () => {
    const t = await target({ ADMIN_PASSWORD: '', SETUP_TOKEN: randomBytes(24).toString('base64url') });
    expect(Number((await t.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(0);
    for (const path of ['/api/auth/login', '/api/auth/token']) {
      const res = await send(t, 'POST', path, { body: { username: 'admin', password: 'admin123' } });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('setup_required');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('ADMIN_PASSWORD=admin123 stops the server with exit 1, creates no user and never prints the value', async () => {
    const dir = tempDir('wms-w2-');
    const s = await spawnServer(
      { DATABASE_PATH: join(dir, 'data.db'), ADMIN_PASSWORD: 'admin123' },
      { cwd: dir, waitForListen: false },
    );
    const exit = await s.exited;
    expect(exit.code).toBe(1);
    expect(s.output()).toMatch(/ADMIN_PASSWORD is too weak/);
    expect(s.output()).not.toContain('admin123');
    expect(s.output()).not.toContain('Listening on');
    const db = createClient({ url: `file:${join(dir, 'data.db')}` });
    const tables = await db.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = 'users'");
    if (Number(tables.rows[0].n) > 0)
      expect(Number((await db.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(0);
    db.close();
  });

  it('once a user exists, ADMIN_PASSWORD creates nobody and a notice says to remove it', async () => {
    const token = randomBytes(24).toString('base64url');
    const t = await target({ ADMIN_PASSWORD: '', SETUP_TOKEN: token });
    expect(
      (
        await send(t, 'POST', '/api/setup', {
          body: { setupToken: token, username: 'owner', password: randomPassword() },
        })
      ).status,
    ).toBe(201);
    const lines: string[] = [];
    await reopen(
      t as Target & { dir: string },
      { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: randomPassword() },
      createLogger('info', (_l, line) => lines.push(line)),
    );
    const users = await t.sql.execute('SELECT username FROM users');
    expect(users.rows.map((r) => r.username)).toEqual(['owner']);
    expect(lines.join('\n')).toMatch(/ADMIN_PASSWORD is ignored/);
  });
});

describe('W3 unauthenticated backup API [permissions]', () => {
  let fx: WalkFixture;
  beforeAll(async () => {
    fx = await walkFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('every /api/admin route (backups, export and restore included once mounted) answers 401 to anonymous and 403 to user and staff', async () => {
    const admin = registeredRoutes(fx.app).filter((r) => r.path.startsWith('/api/admin/'));
    expect(admin.length).toBeGreaterThanOrEqual(5);
    for (const route of admin) {
      expect((await fx.app.request(route.concrete, { method: route.method })).status, route.key).toBe(401);
      for (const role of ['user', 'staff'] as const) {
        const res = await fx.app.request(route.concrete, {
          method: route.method,
          headers: { authorization: `Bearer ${await fx.tokenFor(role)}` },
        });
        expect(res.status, `${route.key} as ${role}`).toBe(403);
      }
    }
    for (const key of Object.keys(ROUTE_ROLES).filter((k) => /\/api\/admin\/(backups|export|restore)/.test(k))) {
      expect(ROUTE_ROLES[key], key).toBe('admin');
    }
  });

  it('the legacy backup URLs serve nothing: no database file, no list, no create, no delete', async () => {
    for (const [method, path] of [
      ['GET', '/api/backup/current'],
      ['GET', '/api/backup/list'],
      ['GET', '/api/backup/download/backup_auto_20250101_190000.zip'],
      ['POST', '/api/backup/create'],
      ['DELETE', '/api/backup/delete/backup_auto_20250101_190000.zip'],
    ] as const) {
      const res = await fx.app.request(path, { method });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.text()).not.toMatch(/SQLite format 3|PK\u0003\u0004/);
    }
  });

  it('password hashes never leave through the user and session answers', async () => {
    const admin = `Bearer ${await fx.tokenFor('admin')}`;
    for (const path of ['/api/admin/users', '/api/auth/me']) {
      expect(await (await fx.app.request(path, { headers: { authorization: admin } })).text()).not.toMatch(
        /pbkdf2|password_?hash/i,
      );
    }
  });
});

describe('W4 system status open to every role, checked in the browser [permissions]', () => {
  it('system status is admin only: 401 anonymous, 403 user and staff with no status data, the denial audited', async () => {
    const t = await target();
    const api = new ApiClient(t);
    expect((await api.get('/api/admin/system-status', 'anonymous')).status).toBe(401);
    for (const role of ['user', 'staff'] as const) {
      const requestId = newRequestId();
      const res = await send(t, 'GET', '/api/admin/system-status', {
        headers: bearer(await api.token(role)),
        requestId,
      });
      expect(res.status).toBe(403);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(JSON.stringify(res.body)).not.toMatch(/storage|config|secret|data\.db/i);
      expect((await auditRows(t, requestId)).map((r) => r.action)).toEqual(['access.denied']);
    }
    expect((await api.get('/api/admin/system-status')).status).toBe(200);
  });

  it('secrets show as "set" / "not set", never their value; /health shows no configuration at all', async () => {
    const secret = randomBytes(32).toString('base64url');
    const t = await target({ JWT_SECRET: secret });
    const res = await new ApiClient(t).get('/api/admin/system-status');
    expect(res.body.config.JWT_SECRET).toBe('set');
    expect(res.body.config.ADMIN_PASSWORD).toBe('set');
    expect(res.body.config.DATABASE_AUTH_TOKEN).toBe('not set');
    expect(res.body.auth.secretSource).toBe('env');
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(ADMIN_PASSWORD);
    const health = await send(t, 'GET', '/health');
    expect(Object.keys(health.body).sort()).toEqual([
      'commit',
      'db',
      'schema',
      'setup',
      'status',
      'uptimeS',
      'version',
    ]);
  });
});

describe('W5 no CSRF protection; logout by GET [CSRF]', () => {
  it('a cookie-authenticated change without the CSRF token, or from another origin, is refused with 403 csrf_failed and writes nothing', async () => {
    const t = await target();
    const staff = await createAccount(new ApiClient(t), 'staff');
    const s = await browserLogin(t, staff);
    const name = uniqueName('csrf');
    const attempts: Record<string, string>[] = [
      { cookie: s.cookie },
      { cookie: s.cookie, 'x-csrf-token': 'guess' },
      { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://evil.example' },
    ];
    for (const headers of attempts) {
      const res = await send(t, 'POST', '/api/shops', { body: { platform: 'Shopee', name }, headers });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('csrf_failed');
    }
    expect(
      Number((await t.sql.execute({ sql: 'SELECT count(*) AS n FROM shops WHERE name = ?', args: [name] })).rows[0].n),
    ).toBe(0);
    expect(
      (
        await send(t, 'POST', '/api/shops', {
          body: { platform: 'Shopee', name },
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        })
      ).status,
    ).toBe(201);
  });

  it('logout is POST only: GET /api/auth/logout does not end the session', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    const s = await browserLogin(t, user);
    const res = await send(t, 'GET', '/api/auth/logout', { headers: { cookie: s.cookie } });
    expect(res.status).toBe(404);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await send(t, 'GET', '/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(200);
  });

  it('no GET request changes data (downloads are only audited)', async () => {
    const fx = await walkFixture();
    cleanup.push(fx);
    const tables = TABLES_IN_FK_ORDER.map(([name]) => name).filter((n) => n !== 'audit_log' && n !== 'data_version');
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const name of tables)
        out[name] = Number((await fx.storage.execute(`SELECT count(*) AS n FROM "${name}"`)).rows[0].n);
      return out;
    };
    const before = await counts();
    const maxAudit = Number((await fx.storage.execute('SELECT coalesce(max(id), 0) AS n FROM audit_log')).rows[0].n);
    const gets = registeredRoutes(fx.app).filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(10);
    for (const route of gets) {
      for (const role of ['admin', 'staff', 'user'] as const) {
        await fx.app.request(route.concrete, { headers: { authorization: `Bearer ${await fx.tokenFor(role)}` } });
      }
    }
    expect(await counts()).toEqual(before);
    const written = await fx.storage.execute('SELECT DISTINCT action FROM audit_log WHERE id > ?', [maxAudit]);
    for (const row of written.rows) expect(['access.denied', 'data.export', 'backup.download']).toContain(row.action);
  });
});

describe('W6 open redirect through next [redirects]', () => {
  it.each(['//evil.example', 'https://evil.example', '/\\evil', '/\\t/evil', '/\t/evil', '\\\\evil.example'])(
    'next=%j sends the user to "/"',
    async (next) => {
      const t = await target();
      const user = await createAccount(new ApiClient(t), 'user');
      expect((await browserLogin(t, user, { next })).body.redirect).toBe('/');
    },
  );

  it('a local path is kept: /orders?x=1', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    expect((await browserLogin(t, user, { next: '/orders?x=1' })).body.redirect).toBe('/orders?x=1');
  });
});

describe('W7 stored/reflected XSS through raw HTML messages [security rules: output]', () => {
  it('no API answer is HTML; pages are HTML that never echo markup; all have nosniff and a CSP that forbids inline script and framing', async () => {
    const fx = await walkFixture();
    cleanup.push(fx);
    const routes = registeredRoutes(fx.app);
    const requests = [
      ...routes.map((r) => [r.method, r.concrete] as const),
      ['GET', '/<script>alert(1)</script>'] as const,
      ['GET', '/api/nope'] as const,
    ];
    let pages = 0;
    for (const [method, path] of requests) {
      for (const auth of [undefined, `Bearer ${await fx.tokenFor('admin')}`]) {
        const res = await fx.app.request(path, { method, headers: auth ? { authorization: auth } : {} });
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        if (isPagePath(path)) {
          pages++;
          // The web pages (src/ui/): the API's policy and more; nothing inline is ever allowed.
          expect(csp).toBe(
            "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'",
          );
          expect(await res.text()).not.toContain('<script>alert');
        } else {
          expect(res.headers.get('content-type') ?? '', `${method} ${path}`).not.toMatch(/html/i);
          expect(csp).toBe("default-src 'self'; frame-ancestors 'none'");
          if (res.status >= 400) expect(await res.text()).not.toContain('<script>');
        }
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src|style-src/);
      }
    }
    expect(pages).toBeGreaterThan(10);
  });

  it('markup is refused in usernames and comes back as inert JSON text in names; messages never echo input', async () => {
    const t = await target();
    const api = new ApiClient(t);
    for (const username of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "a'b"]) {
      const res = await api.post('/api/admin/users', { username, password: randomPassword(), role: 'user' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_username');
      expect(res.body.error.message).not.toContain('<');
    }
    const evil = '<img src=x onerror=alert(1)>';
    const shop = await api.post('/api/shops', { platform: 'Shopee', name: evil }, 'staff');
    expect(shop.headers.get('content-type')).toMatch(/application\/json/);
    expect(shop.body.name).toContain('onerror');
    const bad = await api.post('/api/shops', { platform: evil, name: 'x' }, 'staff');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).not.toContain('<img');
  });
});

describe('W8 no rate limit, lockout or policy; unknown usernames answer faster [throttling, passwords]', () => {
  it('five failed sign-ins lock the username; even the right password then gets 429 with Retry-After', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await send(t, 'POST', '/api/auth/token', {
            body: { username: user.username, password: randomPassword() },
            headers: fromIp(uniqueIp()),
          })
        ).status,
      ).toBe(401);
    }
    const res = await send(t, 'POST', '/api/auth/token', { body: user, headers: fromIp(uniqueIp()) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('an unknown username costs one full PBKDF2 derivation (100,000 iterations), exactly like a wrong password', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    const attempt = (username: string) =>
      send(t, 'POST', '/api/auth/token', {
        body: { username, password: randomPassword() },
        headers: fromIp(uniqueIp()),
      });
    await attempt(uniqueName('warm')); // the dummy hash is made once per process
    const spy = vi.spyOn(crypto.subtle, 'deriveBits');
    try {
      const derivations = async (username: string) => {
        spy.mockClear();
        expect((await attempt(username)).status).toBe(401);
        return spy.mock.calls.map((c) => (c[0] as Pbkdf2Params).iterations);
      };
      const unknown = await derivations(uniqueName('ghost'));
      const known = await derivations(user.username);
      expect(unknown).toEqual([100_000]);
      expect(known).toEqual(unknown);
    } finally {
      spy.mockRestore();
    }
  });

  it('weak passwords are refused: admin123, password, the username itself, fewer than 10 characters', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const username = uniqueName('policy');
    for (const password of ['admin123', 'password', 'Password2024!', username, 'Ab1!xyz']) {
      const res = await api.post('/api/admin/users', { username, password, role: 'user' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('weak_password');
    }
  });
});

describe('W9 role not validated on user creation [users]', () => {
  it('a role outside user/staff/admin is refused by the API (400 invalid_role) and by the database itself', async () => {
    const t = await target();
    const api = new ApiClient(t);
    for (const role of ['superadmin', 'Admin', 'root', '']) {
      const res = await api.post('/api/admin/users', { username: uniqueName('r'), password: randomPassword(), role });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_role');
    }
    await expect(
      t.sql.execute(
        "INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES ('x-role', 'h', 'superadmin', 0, 0)",
      ),
    ).rejects.toThrow(/CHECK constraint/);
  });
});

describe('W10 sessions never expire; cookie not Secure; disabled users keep working [sessions]', () => {
  it('a session ends after SESSION_TTL_HOURS (12), whatever the client keeps', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    const t0 = Date.UTC(2025, 0, 10, 1, 0, 0);
    t.clock!.now = t0;
    const token = await tokenFor(t, user);
    t.clock!.now = t0 + 12 * HOUR - 1000;
    expect((await me(t, token)).status).toBe(200);
    t.clock!.now = t0 + 12 * HOUR;
    expect((await me(t, token)).status).toBe(401);
  });

  it('cookies are Secure unless COOKIE_SECURE=false, and production refuses COOKIE_SECURE=false', async () => {
    const refused = loadConfig({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }, 'node');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors.map((e) => e.variable)).toEqual(['COOKIE_SECURE']);
    const t = await target({ COOKIE_SECURE: '' });
    const user = await createAccount(new ApiClient(t), 'user');
    const res = await send(t, 'POST', '/api/auth/login', { body: user });
    const cookies = parseSetCookies(res.headers);
    expect(cookies.map((c) => c.name).sort()).toEqual(['wms_csrf', 'wms_session']);
    for (const c of cookies) expect(c.attributes.secure, c.name).toBe(true);
    expect(cookies.find((c) => c.name === 'wms_session')!.attributes.httponly).toBe(true);
  });

  it('disabling a user ends their sessions on the very next request', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const staff = await createAccount(api, 'staff');
    const s = await browserLogin(t, staff);
    const token = await tokenFor(t, staff);
    expect((await api.patch(`/api/admin/users/${staff.id}`, { disabled: true })).status).toBe(200);
    expect((await me(t, token)).status).toBe(401);
    expect((await send(t, 'GET', '/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
  });
});

describe('W11 over-broad roles (bill-empty clears, Sheet URLs, imports, order wipes) [permissions]', () => {
  it('every route in ROUTE_ROLES has the minimum role of the 6.3 table (imports, log clears and Sheet URLs staff+, clears admin)', () => {
    const checked = Object.entries(ROUTE_ROLES).filter(([key]) => specMinimumRole(key) !== undefined);
    expect(checked.length).toBeGreaterThanOrEqual(25);
    expect(checked.filter(([key, role]) => specMinimumRole(key) !== role)).toEqual([]);
    expect(specMinimumRole('POST /api/imports/{kind}/logs/clear')).toBe('staff');
    expect(specMinimumRole('POST /api/imports/bill-empty/logs/clear')).toBe('staff');
    expect(specMinimumRole('PUT /api/settings/sheet-urls/{source}')).toBe('staff');
    expect(specMinimumRole('POST /api/admin/clear')).toBe('admin');
  });

  it('a user cannot change products, stock or shops, nor list shops; staff cannot delete a shop', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const shop = await api.post('/api/shops', { platform: 'Lazada', name: uniqueName('w11') }, 'staff');
    for (const [method, path, body] of [
      ['POST', '/api/products', { sku: 'W11-1' }],
      ['PUT', '/api/stock/W11-1', { qty: 1 }],
      ['POST', '/api/shops', { platform: 'Shopee', name: 'W11 shop' }],
      ['PATCH', `/api/shops/${shop.body.id}`, { sheetUrl: 'https://docs.google.com/spreadsheets/d/evil' }],
      ['GET', '/api/shops', undefined],
    ] as const) {
      const res = await api.raw(method, path, body, 'user');
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await api.delete(`/api/shops/${shop.body.id}`, 'staff')).status).toBe(403);
    const stored = await t.sql.execute({ sql: 'SELECT sheet_url FROM shops WHERE id = ?', args: [shop.body.id] });
    expect(stored.rows[0].sheet_url).toBeNull();
  });
});

describe('W12 raw exception text in pages and JSON [security rules: errors]', () => {
  it('an internal error answers 500 internal_error with the requestId of its log line, and no exception text, SQL, path or stack', async () => {
    const lines: string[] = [];
    const t = await target(
      {},
      createLogger('info', (_l, line) => lines.push(line)),
    );
    const api = new ApiClient(t);
    await api.token('user');
    await t.sql.execute('DROP TABLE stock');
    const res = await api.get('/api/stock', 'user');
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'internal_error', details: [] });
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
    const text = JSON.stringify(res.body);
    for (const leak of ['no such table', 'stock', 'SQLITE', 'select', '/tmp', '.ts:', 'Error'])
      expect(text).not.toContain(leak);
    // The operator finds the full story in the log line carrying the same request id.
    const line = lines.find((l) => l.includes('Unhandled error') && l.includes(res.body.error.requestId));
    expect(line).toMatch(/no such table: stock/);
    // Bound values never reach the log (they can be hashes, session ids or the secret).
    expect(line).toContain('params: [redacted]');
    expect(line).not.toMatch(/params: 50/);
  });

  it('malformed JSON answers 400 invalid_request without the parser message', async () => {
    const t = await target();
    const res = await send(t, 'POST', '/api/auth/token', {
      body: '{"username": "a", "password": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(JSON.stringify(res.body)).not.toMatch(/SyntaxError|Unexpected|JSON\.parse|at position/);
  });
});

describe('W13 no audit trail [audit]', () => {
  it('a change writes exactly one audit row with who and what; a refused change writes none and changes nothing', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const staff = await createAccount(api, 'staff');
    const token = await tokenFor(t, staff);
    const name = uniqueName('audit shop');
    const ok = newRequestId();
    expect(
      (
        await send(t, 'POST', '/api/shops', {
          body: { platform: 'Shopee', name },
          headers: bearer(token),
          requestId: ok,
        })
      ).status,
    ).toBe(201);
    const rows = await auditRows(t, ok);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'shop.create',
      username: staff.username,
      details: { outcome: 'ok', auth: 'bearer' },
    });
    const dup = newRequestId();
    expect(
      (
        await send(t, 'POST', '/api/shops', {
          body: { platform: 'Shopee', name },
          headers: bearer(token),
          requestId: dup,
        })
      ).status,
    ).toBe(409);
    expect(await auditRows(t, dup)).toEqual([]);
    const read = newRequestId();
    await send(t, 'GET', '/api/shops', { headers: bearer(token), requestId: read });
    expect(await auditRows(t, read)).toEqual([]);
  });

  it('failed sign-ins and denied admin requests are audited, and only admins read the log', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const failed = newRequestId();
    await send(t, 'POST', '/api/auth/login', {
      body: { username: 'nobody', password: randomPassword() },
      requestId: failed,
    });
    expect((await auditRows(t, failed)).map((r) => r.action)).toEqual(['auth.login_failed']);
    const denied = newRequestId();
    await send(t, 'GET', '/api/admin/users', { headers: bearer(await api.token('staff')), requestId: denied });
    expect((await auditRows(t, denied)).map((r) => r.action)).toEqual(['access.denied']);
    expect((await api.get('/api/admin/audit', 'staff')).status).toBe(403);
    const log = await api.get('/api/admin/audit?action=auth.login_failed');
    expect(log.body.items[0]).toMatchObject({ action: 'auth.login_failed', username: 'nobody', requestId: failed });
  });
});

describe('W14 no upload size limit [security rules: body size]', () => {
  it('a body over MAX_UPLOAD_BYTES gets 413 payload_too_large and writes nothing, declared or streamed', async () => {
    const t = await target({ MAX_UPLOAD_BYTES: '2048' });
    const token = await new ApiClient(t).token('admin');
    const upload = multipartCsv('order_sn,sku\n' + 'A,B\n'.repeat(1000));
    const declared = await send(t, 'POST', '/api/imports/orders?platform=Shopee', {
      body: upload.body,
      headers: { ...bearer(token), ...upload.headers },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('payload_too_large');
    const json = JSON.stringify({
      username: uniqueName('big'),
      password: randomPassword() + 'x'.repeat(3000),
      role: 'user',
    });
    const streamed = await t.fetch('/api/admin/users', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: new Blob([json]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('payload_too_large');
    expect(Number((await t.sql.execute("SELECT count(*) AS n FROM users WHERE username LIKE 'big-%'")).rows[0].n)).toBe(
      0,
    );
  });

  it('no route accepts an unlimited body: ordinary JSON routes stop at 1 MiB by default', async () => {
    const t = await target();
    const token = await new ApiClient(t).token('staff');
    const body = JSON.stringify({ platform: 'Shopee', name: 'x'.repeat(1024 * 1024) });
    const res = await send(t, 'POST', '/api/shops', { body, headers: bearer(token) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});

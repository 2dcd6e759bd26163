// Login throttling with the Node targets' settable clock and two app instances on one database
// (docs/domain/auth.md#login-throttling); the audit rows failed sign-ins and denied calls leave
// (coalesced per minute, expiring after AUDIT_KEEP_DAYS, issue 19.6) and the owner's address
// (issue 19.7). The HTTP basics run on every target in test/api/auth.suite.ts.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openRemoteStorage } from '../../adapters/libsql-remote';
import { ApiClient } from '../support/api-client';
import { randomPassword, tempDir } from '../support/env';
import { startLibsqlHttpServer } from '../support/libsql-http-server';
import { fileTarget, nodeApp, type Target } from '../support/targets';
import {
  bearer,
  createAccount,
  fromIp,
  newRequestId,
  send,
  uniqueIp,
  uniqueName,
  type Account,
} from '../support/auth-helpers';

const MIN = 60_000;
const SEC = 1000;
const DAY = 24 * 60 * MIN;
const T0 = Date.UTC(2025, 5, 2, 3, 0, 0);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function target(env: Record<string, string> = {}) {
  const t = await fileTarget({ env: { TRUST_PROXY: 'true', ...env } });
  open.push(t);
  return t;
}

const login = (
  t: Pick<Target, 'fetch'>,
  account: Pick<Account, 'username' | 'password'>,
  ip = uniqueIp(),
  path = '/api/auth/token',
  requestId?: string,
) =>
  send(t as Target, 'POST', path, {
    body: { username: account.username, password: account.password },
    headers: fromIp(ip),
    requestId,
  });
const wrong = (account: Account) => ({ username: account.username, password: randomPassword() });

describe('username lock and the clock', () => {
  it('the lock lasts LOGIN_LOCK_MINUTES (15) from the fifth failure, then the right password works again', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    t.clock!.now = T0;
    for (let i = 0; i < 4; i++) expect((await login(t, wrong(user))).status).toBe(401);
    t.clock!.now = T0 + 10 * MIN;
    expect((await login(t, wrong(user))).status).toBe(401); // the fifth, 10 minutes after the first
    t.clock!.now = T0 + 24 * MIN + 59_000;
    const locked = await login(t, user);
    expect(locked.status).toBe(429);
    // 15 minutes from the fifth failure (T0 + 10 min), not from the first.
    expect(locked.headers.get('retry-after')).toBe('1');
    t.clock!.now = T0 + 25 * MIN;
    expect((await login(t, user)).status).toBe(200);
  });

  it('LOGIN_LOCK_MINUTES lengthens the lock; LOGIN_MAX_FAILURES changes the count', async () => {
    const t = await target({ LOGIN_LOCK_MINUTES: '60', LOGIN_MAX_FAILURES: '3' });
    const user = await createAccount(new ApiClient(t), 'user');
    t.clock!.now = T0;
    for (let i = 0; i < 3; i++) expect((await login(t, wrong(user))).status).toBe(401);
    t.clock!.now = T0 + 30 * MIN;
    const locked = await login(t, user);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe(String(30 * 60));
    t.clock!.now = T0 + 60 * MIN;
    expect((await login(t, user)).status).toBe(200);
  });

  it('failures more than 15 minutes apart never add up to a lock', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    for (let i = 0; i < 8; i++) {
      t.clock!.now = T0 + i * 4 * MIN; // at most 4 of them within any 15 minutes
      expect((await login(t, wrong(user))).status).toBe(401);
    }
    expect((await login(t, user)).status).toBe(200);
  });

  it('hammering a locked account does not extend the lock', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    t.clock!.now = T0;
    for (let i = 0; i < 5; i++) await login(t, wrong(user));
    for (let m = 1; m < 15; m += 2) {
      t.clock!.now = T0 + m * MIN;
      expect((await login(t, wrong(user))).status).toBe(429);
    }
    t.clock!.now = T0 + 15 * MIN;
    expect((await login(t, user)).status).toBe(200);
  });

  it('attempts older than a day are purged from login_attempts', async () => {
    const t = await target();
    const user = await createAccount(new ApiClient(t), 'user');
    t.clock!.now = T0;
    await login(t, wrong(user));
    t.clock!.now = T0 + 25 * 60 * MIN;
    await login(t, user);
    const rows = await t.sql.execute({
      sql: 'SELECT at FROM login_attempts WHERE username_key = ?',
      args: [user.username],
    });
    expect(rows.rows.map((r) => Number(r.at))).toEqual([T0 + 25 * 60 * MIN]);
  });
});

describe('address lock', () => {
  it('20 failures from one IP across usernames lock that IP for every username, not other IPs', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const victim = await createAccount(api, 'user');
    const ip = '203.0.113.77';
    t.clock!.now = T0;
    for (let i = 0; i < 20; i++) {
      const res = await login(t, { username: uniqueName('spray'), password: randomPassword() }, ip);
      expect(res.status).toBe(401);
    }
    const fromAttacker = await login(t, victim, ip);
    expect(fromAttacker.status).toBe(429);
    expect(Number(fromAttacker.headers.get('retry-after'))).toBe(15 * 60);
    expect((await login(t, victim, '203.0.113.78')).status).toBe(200);
    t.clock!.now = T0 + 15 * MIN;
    expect((await login(t, victim, ip)).status).toBe(200);
  });

  it('a success from the IP does not reset its counter (only the username counter)', async () => {
    const t = await target();
    const victim = await createAccount(new ApiClient(t), 'user');
    const ip = '203.0.113.90';
    t.clock!.now = T0;
    for (let i = 0; i < 19; i++) await login(t, { username: uniqueName('spray'), password: randomPassword() }, ip);
    expect((await login(t, victim, ip)).status).toBe(200);
    expect((await login(t, { username: uniqueName('spray'), password: randomPassword() }, ip)).status).toBe(401);
    expect((await login(t, victim, ip)).status).toBe(429);
  });

  it('with TRUST_PROXY the client is TRUST_PROXY_HOPS entries from the right of X-Forwarded-For, whatever the client wrote on the left', async () => {
    // One hop (Railway's edge): "<client-written>, <client as the edge saw it>".
    const t = await target();
    const victim = await createAccount(new ApiClient(t), 'user');
    for (let i = 0; i < 20; i++) {
      await send(t, 'POST', '/api/auth/token', {
        body: { username: uniqueName('spray'), password: randomPassword() },
        headers: { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.5` },
      });
    }
    const res = await send(t, 'POST', '/api/auth/token', {
      body: victim,
      headers: { 'x-forwarded-for': '198.18.0.1, 203.0.113.5' },
    });
    expect(res.status).toBe(429);
    const rows = await t.sql.execute(
      "SELECT DISTINCT ip FROM login_attempts WHERE success = 0 AND username_key LIKE 'spray-%'",
    );
    expect(rows.rows.map((r) => r.ip)).toEqual(['203.0.113.5']);

    // Two hops (a CDN in front of Railway): "<client-written>, <client>, <CDN address>".
    const t2 = await target({ TRUST_PROXY_HOPS: '2' });
    const victim2 = await createAccount(new ApiClient(t2), 'user');
    for (let i = 0; i < 20; i++) {
      await send(t2, 'POST', '/api/auth/token', {
        body: { username: uniqueName('spray'), password: randomPassword() },
        headers: { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.6, 172.70.0.${i + 1}` },
      });
    }
    expect(
      (
        await send(t2, 'POST', '/api/auth/token', {
          body: victim2,
          headers: { 'x-forwarded-for': '203.0.113.6, 172.70.0.99' },
        })
      ).status,
    ).toBe(429);
    expect(
      (
        await send(t2, 'POST', '/api/auth/token', {
          body: victim2,
          headers: { 'x-forwarded-for': '203.0.113.7, 172.70.0.1' },
        })
      ).status,
    ).toBe(200);
  });
});

describe('the lock lives in the database', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('a second app instance on the same database sees the lock, and its failures count too', async () => {
    const server = await startLibsqlHttpServer({ path: join(tempDir(), 'shared.db') });
    servers.push(server);
    const storageA = await openRemoteStorage({ url: server.url });
    const storageB = await openRemoteStorage({ url: server.url });
    servers.push(storageA, storageB);
    const a = await nodeApp(storageA, { env: { TRUST_PROXY: 'true' } });
    const b = await nodeApp(storageB, { env: { TRUST_PROXY: 'true' } });
    const fetchA = { fetch: async (p: string, init?: RequestInit) => a.app.request(p, init) };
    const fetchB = { fetch: async (p: string, init?: RequestInit) => b.app.request(p, init) };
    const user = await createAccount(new ApiClient(fetchA as unknown as Target), 'user');

    for (let i = 0; i < 3; i++) expect((await login(fetchA, wrong(user))).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await login(fetchB, wrong(user))).status).toBe(401);
    expect((await login(fetchA, user)).status).toBe(429);
    expect((await login(fetchB, user)).status).toBe(429);
    const rows = await storageA.execute(
      'SELECT count(*) AS n FROM login_attempts WHERE username_key = ? AND success = 0',
      [user.username],
    );
    expect(Number(rows.rows[0].n)).toBe(5);
  });
});

describe('setup shares the limits', () => {
  it('wrong setup tokens lock the username, then even the right token gets 429', async () => {
    const setupToken = randomBytes(24).toString('base64url');
    const t = await target({ ADMIN_PASSWORD: '', SETUP_TOKEN: setupToken });
    t.clock!.now = T0;
    const password = randomPassword();
    for (let i = 0; i < 5; i++) {
      const res = await send(t, 'POST', '/api/setup', {
        body: { setupToken: randomBytes(24).toString('base64url'), username: 'owner', password },
        headers: fromIp(uniqueIp()),
      });
      expect(res.status).toBe(403);
    }
    const locked = await send(t, 'POST', '/api/setup', {
      body: { setupToken, username: 'owner', password },
      headers: fromIp(uniqueIp()),
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(15 * 60);
    expect(Number((await t.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(0);
    const failed = await t.sql.execute(
      "SELECT json_extract(details, '$.reason') AS reason, json_extract(details, '$.auth') AS auth FROM audit_log WHERE action = 'auth.login_failed' ORDER BY id",
    );
    expect(failed.rows.map((r) => `${r.reason}/${r.auth}`)).toEqual([
      ...Array(5).fill('invalid_setup_token/setup'),
      'locked/setup',
    ]);
    t.clock!.now = T0 + 15 * MIN;
    expect(
      (
        await send(t, 'POST', '/api/setup', {
          body: { setupToken, username: 'owner', password },
          headers: fromIp(uniqueIp()),
        })
      ).status,
    ).toBe(201);
  });

  it('20 wrong setup tokens from one IP lock that IP, whatever the usernames', async () => {
    const setupToken = randomBytes(24).toString('base64url');
    const t = await target({ ADMIN_PASSWORD: '', SETUP_TOKEN: setupToken });
    const ip = '203.0.113.150';
    for (let i = 0; i < 20; i++) {
      await send(t, 'POST', '/api/setup', {
        body: { setupToken: 'guess-' + i, username: uniqueName('u'), password: randomPassword() },
        headers: fromIp(ip),
      });
    }
    const res = await send(t, 'POST', '/api/setup', {
      body: { setupToken, username: 'owner', password: randomPassword() },
      headers: fromIp(ip),
    });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_attempts');
  });
});

type T = Awaited<ReturnType<typeof target>>;

async function rows(t: T, where: string, args: (string | number)[] = []) {
  const res = await t.sql.execute({
    sql: `SELECT at, action, ip, request_id, details FROM audit_log WHERE ${where} ORDER BY id`,
    args,
  });
  return res.rows.map((r) => ({
    at: Number(r.at),
    action: String(r.action),
    ip: r.ip,
    requestId: r.request_id,
    details: JSON.parse(String(r.details)),
  }));
}

describe('audit rows of failed sign-ins and denied calls: coalescing', () => {
  it('one row per action, username, address and reason per clock minute, with a count, the last time and the last request id', async () => {
    const t = await target();
    const ghost = { username: uniqueName('ghost'), password: randomPassword() };
    const ids: string[] = [];
    for (const offset of [5, 20, 59]) {
      t.clock!.now = T0 + offset * SEC;
      const id = newRequestId();
      ids.push(id);
      expect((await login(t, ghost, '203.0.113.20', '/api/auth/token', id)).status).toBe(401);
    }
    t.clock!.now = T0 + 60 * SEC; // the next minute
    expect((await login(t, ghost, '203.0.113.20')).status).toBe(401);
    t.clock!.now = T0 + 61 * SEC; // same minute, another address
    expect((await login(t, ghost, '203.0.113.21')).status).toBe(401);
    const got = await rows(t, "action = 'auth.login_failed' AND username = ?", [ghost.username]);
    expect(got.map((r) => [r.at, r.ip, r.details.count, r.details.reason])).toEqual([
      [T0 + 5 * SEC, '203.0.113.20', 3, 'unknown_user'],
      [T0 + 60 * SEC, '203.0.113.20', 1, 'unknown_user'],
      [T0 + 61 * SEC, '203.0.113.21', 1, 'unknown_user'],
    ]);
    expect(got[0].details.lastAt).toBe(new Date(T0 + 59 * SEC).toISOString());
    expect(got[0].requestId).toBe(ids[2]);
  });

  it('a locked attempt is its own row (another reason), and denied calls coalesce per route', async () => {
    const t = await target();
    t.clock!.now = T0;
    const api = new ApiClient(t);
    const user = await createAccount(api, 'user');
    const staffToken = await api.token('staff');
    for (let i = 0; i < 7; i++) await login(t, { username: user.username, password: randomPassword() }, '203.0.113.30');
    const failed = await rows(t, "action = 'auth.login_failed' AND username = ?", [user.username]);
    expect(failed.map((r) => [r.details.reason, r.details.count])).toEqual([
      ['wrong_password', 5],
      ['locked', 2],
    ]);
    for (const path of ['/api/admin/users', '/api/admin/users', '/api/admin/audit']) {
      expect(
        (await send(t, 'GET', path, { headers: { ...bearer(staffToken), ...fromIp('203.0.113.31') } })).status,
      ).toBe(403);
    }
    const denied = await rows(t, "action = 'access.denied' AND ip = '203.0.113.31'");
    expect(denied.map((r) => r.details.count)).toEqual([2, 1]);
  });
});

describe('audit rows of failed sign-ins and denied calls: retention (AUDIT_KEEP_DAYS)', () => {
  it('failed sign-ins and denied calls older than 365 days go when a new one is written; writes and downloads stay', async () => {
    const t = await target();
    t.clock!.now = T0;
    const api = new ApiClient(t);
    await createAccount(api, 'user'); // writes user.create
    expect((await api.put('/api/stock/KEEP-1', { qty: 3 }, 'staff')).status).toBe(200); // stock.set
    expect((await api.get('/api/admin/export')).status).toBe(200); // data.export (a download)
    expect((await api.get('/api/admin/users', 'staff')).status).toBe(403); // access.denied
    await login(t, { username: 'nobody-old', password: randomPassword() }, '203.0.113.40'); // auth.login_failed
    const before = await rows(t, 'at = ?', [T0]);
    const actions = (list: { action: string }[]) => [...new Set(list.map((r) => r.action))].sort();
    expect(actions(before)).toEqual([
      'access.denied',
      'auth.login',
      'auth.login_failed',
      'data.export',
      'stock.set',
      'user.create',
    ]);

    t.clock!.now = T0 + 364 * DAY;
    await login(t, { username: 'nobody-new', password: randomPassword() }, '203.0.113.41');
    expect(actions(await rows(t, 'at = ?', [T0]))).toEqual(actions(before));

    t.clock!.now = T0 + 366 * DAY;
    await login(t, { username: 'nobody-newer', password: randomPassword() }, '203.0.113.41');
    expect(actions(await rows(t, 'at = ?', [T0]))).toEqual(['auth.login', 'data.export', 'stock.set', 'user.create']);
    expect((await rows(t, "action = 'auth.login_failed'")).map((r) => r.at)).toEqual([T0 + 364 * DAY, T0 + 366 * DAY]);
  });

  it('AUDIT_KEEP_DAYS changes the age', async () => {
    const t = await target({ AUDIT_KEEP_DAYS: '30' });
    t.clock!.now = T0;
    await login(t, { username: 'nobody-1', password: randomPassword() }, '203.0.113.50');
    t.clock!.now = T0 + 31 * DAY;
    await login(t, { username: 'nobody-2', password: randomPassword() }, '203.0.113.50');
    expect((await rows(t, "action = 'auth.login_failed'")).map((r) => r.at)).toEqual([T0 + 31 * DAY]);
  });
});

describe("the owner's address", () => {
  it('keeps its standing for 30 days after a successful sign-in, then a lock applies to it too', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const recent = await createAccount(api, 'user');
    const stale = await createAccount(api, 'user');
    t.clock!.now = T0;
    expect((await login(t, recent, '198.18.1.1')).status).toBe(200);
    expect((await login(t, stale, '198.18.1.2')).status).toBe(200);
    t.clock!.now = T0 + 29 * DAY;
    for (let i = 0; i < 5; i++)
      await login(t, { username: recent.username, password: randomPassword() }, '203.0.113.60');
    expect((await login(t, recent, '198.18.9.9')).status).toBe(429);
    expect((await login(t, recent, '198.18.1.1')).status).toBe(200);
    t.clock!.now = T0 + 31 * DAY;
    for (let i = 0; i < 5; i++)
      await login(t, { username: stale.username, password: randomPassword() }, '203.0.113.61');
    expect((await login(t, stale, '198.18.1.2')).status).toBe(429);
  });

  it("failures from the owner's address still lock it (5 own typos), without needing anyone else's", async () => {
    const t = await target();
    const owner = await createAccount(new ApiClient(t), 'user');
    t.clock!.now = T0;
    expect((await login(t, owner, '198.18.2.1')).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await login(t, { username: owner.username, password: randomPassword() }, '198.18.2.1')).status).toBe(401);
    expect((await login(t, owner, '198.18.2.1')).status).toBe(429);
  });
});

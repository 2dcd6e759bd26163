// Login throttling with the Node targets' settable clock and two app instances on one database
// (operations 6.3 "Login throttling"). The HTTP basics run on every target in test/api/auth.suite.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openRemoteStorage } from '../../adapters/libsql-remote';
import { ApiClient } from '../support/api-client';
import { randomPassword, tempDir } from '../support/env';
import { startLibsqlHttpServer } from '../support/libsql-http-server';
import { fileTarget, nodeApp, type Target } from '../support/targets';
import { createAccount, fromIp, send, uniqueIp, uniqueName, type Account } from '../support/auth-helpers';

const MIN = 60_000;
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

const login = (t: Pick<Target, 'fetch'>, account: Pick<Account, 'username' | 'password'>, ip = uniqueIp(), path = '/api/auth/token') =>
  send(t as Target, 'POST', path, { body: { username: account.username, password: account.password }, headers: fromIp(ip) });
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
    const rows = await t.sql.execute({ sql: 'SELECT at FROM login_attempts WHERE username_key = ?', args: [user.username] });
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
    const res = await send(t, 'POST', '/api/auth/token', { body: victim, headers: { 'x-forwarded-for': '198.18.0.1, 203.0.113.5' } });
    expect(res.status).toBe(429);
    const rows = await t.sql.execute("SELECT DISTINCT ip FROM login_attempts WHERE success = 0 AND username_key LIKE 'spray-%'");
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
    expect((await send(t2, 'POST', '/api/auth/token', { body: victim2, headers: { 'x-forwarded-for': '203.0.113.6, 172.70.0.99' } })).status).toBe(429);
    expect((await send(t2, 'POST', '/api/auth/token', { body: victim2, headers: { 'x-forwarded-for': '203.0.113.7, 172.70.0.1' } })).status).toBe(200);
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
    const rows = await storageA.execute("SELECT count(*) AS n FROM login_attempts WHERE username_key = ? AND success = 0", [user.username]);
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
      const res = await send(t, 'POST', '/api/setup', { body: { setupToken: randomBytes(24).toString('base64url'), username: 'owner', password }, headers: fromIp(uniqueIp()) });
      expect(res.status).toBe(403);
    }
    const locked = await send(t, 'POST', '/api/setup', { body: { setupToken, username: 'owner', password }, headers: fromIp(uniqueIp()) });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(15 * 60);
    expect(Number((await t.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(0);
    const failed = await t.sql.execute("SELECT json_extract(details, '$.reason') AS reason, json_extract(details, '$.auth') AS auth FROM audit_log WHERE action = 'auth.login_failed' ORDER BY id");
    expect(failed.rows.map((r) => `${r.reason}/${r.auth}`)).toEqual([...Array(5).fill('invalid_setup_token/setup'), 'locked/setup']);
    t.clock!.now = T0 + 15 * MIN;
    expect((await send(t, 'POST', '/api/setup', { body: { setupToken, username: 'owner', password }, headers: fromIp(uniqueIp()) })).status).toBe(201);
  });

  it('20 wrong setup tokens from one IP lock that IP, whatever the usernames', async () => {
    const setupToken = randomBytes(24).toString('base64url');
    const t = await target({ ADMIN_PASSWORD: '', SETUP_TOKEN: setupToken });
    const ip = '203.0.113.150';
    for (let i = 0; i < 20; i++) {
      await send(t, 'POST', '/api/setup', { body: { setupToken: 'guess-' + i, username: uniqueName('u'), password: randomPassword() }, headers: fromIp(ip) });
    }
    const res = await send(t, 'POST', '/api/setup', { body: { setupToken, username: 'owner', password: randomPassword() }, headers: fromIp(ip) });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('too_many_attempts');
  });
});

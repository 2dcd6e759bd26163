// Accounts, sessions, roles, CSRF, throttling, setup mode, audit and body limits
// (docs/domain/auth.md, docs/domain/auth.md#security-rules-beyond-sign-in), over HTTP only, so the
// same tests run on the file and remote adapters and on the worker under miniflare. Node-only
// checks (clock, logs, legacy hashes, the route walk) live in test/node/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ApiClient } from '../support/api-client';
import { randomPassword } from '../support/env';
import { hashPassword } from '../../src/services/auth/passwords';
import {
  auditRows,
  bearer,
  browserLogin,
  createAccount,
  fromIp,
  newRequestId,
  send,
  sessionKey,
  signToken,
  tamperPayload,
  tokenFor,
  uniqueIp,
  uniqueName,
  unsignedToken,
  type Account,
  multipartCsv,
} from '../support/auth-helpers';
import type { Target } from '../support/targets';

export type MakeTarget = (opts?: { env?: Record<string, string> }) => Promise<Target>;

const ORIGIN = 'http://localhost';
const INVALID_CREDENTIALS = { code: 'invalid_credentials', message: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง' };

export function defineAuthSuite(name: string, makeTarget: MakeTarget) {
  describe(`auth suite [${name}]`, () => {
    let target: Target;
    let api: ApiClient;

    beforeAll(async () => {
      // TRUST_PROXY lets the Node targets take the client address from X-Forwarded-For, as the
      // worker takes it from CF-Connecting-IP: each test uses its own address.
      target = await makeTarget({ env: { TRUST_PROXY: 'true' } });
      api = new ApiClient(target);
    });
    afterAll(async () => {
      await target?.close();
    });

    const login = (account: Pick<Account, 'username' | 'password'>, ip = uniqueIp(), path = '/api/auth/token') =>
      send(target, 'POST', path, {
        body: { username: account.username, password: account.password },
        headers: fromIp(ip),
      });

    describe('sign-in, cookies and sessions', () => {
      it('browser login sets wms_session (HttpOnly, SameSite=Lax, Path=/, Max-Age = 12 h) and wms_csrf, and returns {user, csrfToken, expiresAt}', async () => {
        const staff = await createAccount(api, 'staff');
        const before = Date.now();
        const s = await browserLogin(target, staff);
        const session = s.cookies.find((c) => c.name === 'wms_session')!;
        const csrf = s.cookies.find((c) => c.name === 'wms_csrf')!;
        expect(session.attributes).toMatchObject({
          httponly: true,
          samesite: 'Lax',
          path: '/',
          'max-age': String(12 * 3600),
        });
        expect(csrf.attributes).toMatchObject({ samesite: 'Lax', path: '/', 'max-age': String(12 * 3600) });
        // The page's script must read the CSRF cookie to echo it.
        expect(csrf.attributes.httponly).toBeUndefined();
        // COOKIE_SECURE=false in this test environment (not production).
        expect(session.attributes.secure).toBeUndefined();
        expect(s.body.user).toEqual({ id: staff.id, username: staff.username, role: 'staff' });
        expect(s.body.csrfToken).toBe(s.csrf);
        const expiresAt = Date.parse(s.body.expiresAt);
        expect(expiresAt).toBeGreaterThanOrEqual(before + 12 * 3600_000 - 2000);
        expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3600_000 + 2000);
        const me = await send(target, 'GET', '/api/auth/me', { headers: { cookie: s.cookie } });
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({
          user: { username: staff.username, role: 'staff' },
          method: 'cookie',
          csrfToken: s.csrf,
        });
      });

      it('the token route returns {token, expiresAt, user} and sets no cookie', async () => {
        const user = await createAccount(api, 'user');
        const res = await login(user);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          token: expect.any(String),
          expiresAt: expect.any(String),
          user: { id: user.id, role: 'user' },
        });
        expect(res.headers.getSetCookie()).toEqual([]);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const me = await send(target, 'GET', '/api/auth/me', { headers: bearer(res.body.token) });
        expect(me.body).toMatchObject({ method: 'bearer', csrfToken: null, user: { role: 'user' } });
      });

      it('signs in case-insensitively on the username (usernames are stored lower-case)', async () => {
        const user = await createAccount(api, 'user');
        expect((await login({ username: user.username.toUpperCase(), password: user.password })).status).toBe(200);
      });

      it('answers the same 401 invalid_credentials for an unknown user, a wrong password and a disabled account', async () => {
        const user = await createAccount(api, 'user');
        const unknown = await login({ username: uniqueName('ghost'), password: randomPassword() });
        const wrong = await login({ username: user.username, password: randomPassword() });
        expect((await api.patch(`/api/admin/users/${user.id}`, { disabled: true })).status).toBe(200);
        const disabled = await login(user);
        for (const res of [unknown, wrong, disabled]) {
          expect(res.status).toBe(401);
          expect(res.body.error).toMatchObject(INVALID_CREDENTIALS);
        }
      });

      it('a Bearer token wins over a cookie, and an invalid Bearer does not fall back to the cookie', async () => {
        const staff = await createAccount(api, 'staff');
        const user = await createAccount(api, 'user');
        const s = await browserLogin(target, staff);
        const userToken = await tokenFor(target, user);
        const both = await send(target, 'GET', '/api/auth/me', { headers: { cookie: s.cookie, ...bearer(userToken) } });
        expect(both.body).toMatchObject({ method: 'bearer', user: { username: user.username } });
        const bad = await send(target, 'GET', '/api/auth/me', {
          headers: { cookie: s.cookie, ...bearer('not-a-token') },
        });
        expect(bad.status).toBe(401);
        expect(bad.body.error.code).toBe('unauthenticated');
      });

      it('logout revokes that session only; logout?all=true ends every session of the user', async () => {
        const user = await createAccount(api, 'user');
        const a = await tokenFor(target, user);
        const b = await tokenFor(target, user);
        const c = await tokenFor(target, user);
        expect((await send(target, 'POST', '/api/auth/logout', { headers: bearer(a) })).status).toBe(200);
        expect((await send(target, 'GET', '/api/auth/me', { headers: bearer(a) })).status).toBe(401);
        expect((await send(target, 'GET', '/api/auth/me', { headers: bearer(b) })).status).toBe(200);
        expect((await send(target, 'POST', '/api/auth/logout?all=true', { headers: bearer(b) })).status).toBe(200);
        expect((await send(target, 'GET', '/api/auth/me', { headers: bearer(b) })).status).toBe(401);
        expect((await send(target, 'GET', '/api/auth/me', { headers: bearer(c) })).status).toBe(401);
        // Signing in again works: the account itself is fine.
        expect((await login(user)).status).toBe(200);
      });

      it('browser logout needs the CSRF header, revokes the cookie session and clears both cookies', async () => {
        const user = await createAccount(api, 'user');
        const s = await browserLogin(target, user);
        const refused = await send(target, 'POST', '/api/auth/logout', { headers: { cookie: s.cookie } });
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('csrf_failed');
        const res = await send(target, 'POST', '/api/auth/logout', {
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: ORIGIN },
        });
        expect(res.status).toBe(200);
        const cleared = Object.fromEntries(
          res.headers
            .getSetCookie()
            .map((l) => [l.split('=')[0], /max-age=0/i.test(l) || /expires=thu, 01 jan 1970/i.test(l)]),
        );
        expect(cleared).toEqual({ wms_session: true, wms_csrf: true });
        expect((await send(target, 'GET', '/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
      });

      it('changing your own password needs the current one, ends your other sessions and hands back a fresh one', async () => {
        const user = await createAccount(api, 'user');
        const other = await tokenFor(target, user);
        const s = await browserLogin(target, user);
        const newPassword = randomPassword();
        const wrong = await send(target, 'POST', '/api/auth/password', {
          body: { currentPassword: randomPassword(), newPassword },
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        });
        expect(wrong.status).toBe(400);
        expect(wrong.body.error.code).toBe('invalid_current_password');
        const weak = await send(target, 'POST', '/api/auth/password', {
          body: { currentPassword: user.password, newPassword: 'password' },
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        });
        expect(weak.status).toBe(400);
        expect(weak.body.error.code).toBe('weak_password');
        const res = await send(target, 'POST', '/api/auth/password', {
          body: { currentPassword: user.password, newPassword },
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        });
        expect(res.status).toBe(200);
        expect(res.body.csrfToken).toEqual(expect.any(String));
        expect((await send(target, 'GET', '/api/auth/me', { headers: bearer(other) })).status).toBe(401);
        expect((await send(target, 'GET', '/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
        const fresh = Object.fromEntries(
          res.headers.getSetCookie().map((l) => [l.split('=')[0], decodeURIComponent(l.split(';')[0].split('=')[1])]),
        );
        expect(
          (await send(target, 'GET', '/api/auth/me', { headers: { cookie: `wms_session=${fresh.wms_session}` } }))
            .status,
        ).toBe(200);
        expect((await login(user)).status).toBe(401);
        expect((await login({ username: user.username, password: newPassword })).status).toBe(200);
      });
    });

    describe('forged and stale tokens', () => {
      let victim: Account;
      let key: Uint8Array;
      beforeAll(async () => {
        victim = await createAccount(api, 'user', 'victim');
        key = await sessionKey(target);
      });
      const me = (token: string) => send(target, 'GET', '/api/auth/me', { headers: bearer(token) });
      const meCookie = (token: string) =>
        send(target, 'GET', '/api/auth/me', { headers: { cookie: `wms_session=${token}` } });

      it('a token made with the real key is accepted (the control for the cases below)', async () => {
        const res = await me(await signToken(key, { sub: String(victim.id), un: victim.username }));
        expect(res.status).toBe(200);
        expect(res.body.user.username).toBe(victim.username);
      });

      it('wrong key -> 401, as Bearer and as cookie', async () => {
        const token = await signToken(new Uint8Array(randomBytes(32)), { sub: String(victim.id) });
        for (const res of [await me(token), await meCookie(token)]) {
          expect(res.status).toBe(401);
          expect(res.body.error.code).toBe('unauthenticated');
        }
      });

      it('alg: none -> 401', async () => {
        expect((await me(unsignedToken({ sub: String(victim.id) }))).status).toBe(401);
        expect((await meCookie(unsignedToken({ sub: String(victim.id) }))).status).toBe(401);
      });

      it('expired -> 401', async () => {
        const now = Math.floor(Date.now() / 1000);
        expect(
          (await me(await signToken(key, { sub: String(victim.id), iat: now - 7200, exp: now - 60 }))).status,
        ).toBe(401);
      });

      it('iat more than a minute ahead, or exp - iat longer than the session lifetime (12 h here) -> 401', async () => {
        const now = Math.floor(Date.now() / 1000);
        const claims = { sub: String(victim.id), un: victim.username };
        const status = async (iat: number, exp: number) =>
          (await me(await signToken(key, { ...claims, iat, exp }))).status;
        expect(await status(now + 30, now + 3600)).toBe(200); // within a minute of clock skew
        expect(await status(now + 120, now + 3600)).toBe(401);
        expect(await status(now + 86400, now + 2 * 86400)).toBe(401);
        expect(await status(now - 60, now - 60 + 12 * 3600)).toBe(200);
        expect(await status(now - 60, now - 60 + 12 * 3600 + 1)).toBe(401);
        expect(await status(now, now + 365 * 86400)).toBe(401);
      });

      it('tampered payload (another user id, same signature) -> 401', async () => {
        const real = await tokenFor(target, victim);
        const admin = await api.get('/api/auth/me');
        expect((await me(real)).status).toBe(200);
        expect((await me(tamperPayload(real, (p) => ({ ...p, sub: String(admin.body.user.id) })))).status).toBe(401);
        expect((await me(tamperPayload(real, (p) => ({ ...p, exp: p.exp + 86400 })))).status).toBe(401);
      });

      it('another issuer, a missing jti or a user that does not exist -> 401', async () => {
        expect((await me(await signToken(key, { sub: String(victim.id), iss: 'someone-else' }))).status).toBe(401);
        expect((await me(await signToken(key, { sub: '999999' }))).status).toBe(401);
        const noTv = await signToken(key, { sub: String(victim.id), tv: 'x' as unknown as number });
        expect((await me(noTv)).status).toBe(401);
      });

      it('revoked jti -> 401', async () => {
        const token = await tokenFor(target, victim);
        await send(target, 'POST', '/api/auth/logout', { headers: bearer(token) });
        expect((await me(token)).status).toBe(401);
      });

      it('old token version -> 401 (an admin password reset ends the sessions)', async () => {
        const account = await createAccount(api, 'user');
        const token = await tokenFor(target, account);
        expect((await api.post(`/api/admin/users/${account.id}/password`, { password: randomPassword() })).status).toBe(
          200,
        );
        expect((await me(token)).status).toBe(401);
        expect((await me(await signToken(key, { sub: String(account.id), un: account.username, tv: 0 }))).status).toBe(
          401,
        );
        expect((await me(await signToken(key, { sub: String(account.id), un: account.username, tv: 1 }))).status).toBe(
          200,
        );
      });

      it('disabled user -> 401 at once, and still 401 after re-enabling (the version moved on)', async () => {
        const account = await createAccount(api, 'staff');
        const token = await tokenFor(target, account);
        expect((await api.patch(`/api/admin/users/${account.id}`, { disabled: true })).status).toBe(200);
        expect((await me(token)).status).toBe(401);
        expect((await api.patch(`/api/admin/users/${account.id}`, { disabled: false })).status).toBe(200);
        expect((await me(token)).status).toBe(401);
      });

      it('a token claiming another role changes nothing: the role comes from the database', async () => {
        const forged = await signToken(key, { sub: String(victim.id), un: victim.username, role: 'admin' });
        expect((await me(forged)).body.user.role).toBe('user');
        const res = await send(target, 'GET', '/api/admin/users', { headers: bearer(forged) });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
        // A demotion takes effect on the next request, not at the next sign-in.
        const staff = await createAccount(api, 'staff');
        const token = await tokenFor(target, staff);
        expect((await send(target, 'GET', '/api/shops', { headers: bearer(token) })).status).toBe(200);
        await target.sql.execute({ sql: "UPDATE users SET role = 'user' WHERE id = ?", args: [staff.id] });
        expect((await send(target, 'GET', '/api/shops', { headers: bearer(token) })).status).toBe(403);
      });
    });

    describe('CSRF (cookie sessions)', () => {
      let staff: Account;
      beforeAll(async () => {
        staff = await createAccount(api, 'staff');
      });
      const shop = () => ({ platform: 'Shopee', name: uniqueName('csrf shop') });

      it('cookie POST without X-CSRF-Token -> 403 csrf_failed, nothing written', async () => {
        const s = await browserLogin(target, staff);
        const body = shop();
        const res = await send(target, 'POST', '/api/shops', { body, headers: { cookie: s.cookie } });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('csrf_failed');
        const rows = await target.sql.execute({
          sql: 'SELECT count(*) AS n FROM shops WHERE name = ?',
          args: [body.name],
        });
        expect(Number(rows.rows[0].n)).toBe(0);
      });

      it('header not matching the cookie -> 403; a CSRF pair from another session -> 403', async () => {
        const s = await browserLogin(target, staff);
        const other = await browserLogin(target, staff);
        const wrong = await send(target, 'POST', '/api/shops', {
          body: shop(),
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf + 'x' },
        });
        expect(wrong.status).toBe(403);
        expect(wrong.body.error.code).toBe('csrf_failed');
        // Header and csrf cookie agree with each other but belong to another session.
        const crossed = await send(target, 'POST', '/api/shops', {
          body: shop(),
          headers: { cookie: `wms_session=${s.session}; wms_csrf=${other.csrf}`, 'x-csrf-token': other.csrf },
        });
        expect(crossed.status).toBe(403);
        expect(crossed.body.error.code).toBe('csrf_failed');
      });

      it('wrong Origin -> 403 even with a valid token', async () => {
        const s = await browserLogin(target, staff);
        for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
          const res = await send(target, 'POST', '/api/shops', {
            body: shop(),
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin },
          });
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('csrf_failed');
        }
      });

      it('with the header and the right Origin (or none) -> ok, for POST, PATCH, PUT and DELETE', async () => {
        const s = await browserLogin(target, staff);
        const h = { cookie: s.cookie, 'x-csrf-token': s.csrf };
        const created = await send(target, 'POST', '/api/shops', { body: shop(), headers: { ...h, origin: ORIGIN } });
        expect(created.status).toBe(201);
        expect(
          (
            await send(target, 'PATCH', `/api/shops/${created.body.id}`, {
              body: { name: uniqueName('renamed') },
              headers: h,
            })
          ).status,
        ).toBe(200);
        expect((await send(target, 'PUT', '/api/stock/CSRF-SKU', { body: { qty: 3 }, headers: h })).status).toBe(200);
        expect(
          (await send(target, 'PUT', '/api/stock/CSRF-SKU', { body: { qty: 4 }, headers: { cookie: s.cookie } }))
            .status,
        ).toBe(403);
        expect(
          (await send(target, 'DELETE', '/api/products/NO-SUCH-SKU', { headers: { cookie: s.cookie } })).body.error
            .code,
        ).toBe('csrf_failed');
      });

      it('a GET needs no CSRF token, and a Bearer POST needs none either', async () => {
        const s = await browserLogin(target, staff);
        expect(
          (await send(target, 'GET', '/api/shops', { headers: { cookie: s.cookie, origin: 'https://evil.example' } }))
            .status,
        ).toBe(200);
        const token = await tokenFor(target, staff);
        const res = await send(target, 'POST', '/api/shops', {
          body: shop(),
          headers: { ...bearer(token), origin: 'https://evil.example' },
        });
        expect(res.status).toBe(201);
      });

      it('login and the token route check Origin', async () => {
        const user = await createAccount(api, 'user');
        for (const path of ['/api/auth/login', '/api/auth/token']) {
          const res = await send(target, 'POST', path, {
            body: { username: user.username, password: user.password },
            headers: { origin: 'https://evil.example', ...fromIp(uniqueIp()) },
          });
          expect(res.status).toBe(403);
          expect(res.body.error.code).toBe('csrf_failed');
          expect(res.headers.getSetCookie()).toEqual([]);
        }
        const ok = await send(target, 'POST', '/api/auth/login', {
          body: { username: user.username, password: user.password },
          headers: { origin: ORIGIN, ...fromIp(uniqueIp()) },
        });
        expect(ok.status).toBe(200);
      });
    });

    describe('redirect after login (next)', () => {
      it.each(['//evil.example', 'https://evil.example', '/\\evil', '/\\t/evil', '/\t/evil', 'javascript:alert(1)'])(
        'next=%j -> "/"',
        async (next) => {
          const user = await createAccount(api, 'user');
          const s = await browserLogin(target, user, { next });
          expect(s.body.redirect).toBe('/');
        },
      );

      it('keeps a local path with its query', async () => {
        const user = await createAccount(api, 'user');
        expect((await browserLogin(target, user, { next: '/orders?x=1' })).body.redirect).toBe('/orders?x=1');
      });
    });

    describe('login throttling', () => {
      it('5 failures lock the username: even the correct password then gets 429 with Retry-After', async () => {
        const user = await createAccount(api, 'user');
        for (let i = 0; i < 5; i++) {
          const res = await login({ username: user.username, password: randomPassword() }, uniqueIp());
          expect(res.status).toBe(401);
        }
        const locked = await login(user, uniqueIp());
        expect(locked.status).toBe(429);
        expect(locked.body.error.code).toBe('too_many_attempts');
        const retryAfter = Number(locked.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(14 * 60);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
        // The browser route and another address are locked out of this username too.
        expect((await login(user, uniqueIp(), '/api/auth/login')).status).toBe(429);
        // Locked attempts are audited as failed logins.
        const rows = await target.sql.execute({
          sql: "SELECT json_extract(details, '$.reason') AS reason FROM audit_log WHERE action = 'auth.login_failed' AND username = ? ORDER BY id",
          args: [user.username],
        });
        expect(rows.rows.map((r) => r.reason)).toEqual([
          'wrong_password',
          'wrong_password',
          'wrong_password',
          'wrong_password',
          'wrong_password',
          'locked',
          'locked',
        ]);
      });

      it('the lock is per username: other accounts still sign in', async () => {
        const a = await createAccount(api, 'user');
        const b = await createAccount(api, 'user');
        for (let i = 0; i < 5; i++) await login({ username: a.username, password: randomPassword() });
        expect((await login(a)).status).toBe(429);
        expect((await login(b)).status).toBe(200);
      });

      it('the login and token routes share the count (3 + 2 failures lock both)', async () => {
        const user = await createAccount(api, 'user');
        for (let i = 0; i < 3; i++)
          expect(
            (await login({ username: user.username, password: randomPassword() }, uniqueIp(), '/api/auth/login'))
              .status,
          ).toBe(401);
        for (let i = 0; i < 2; i++)
          expect(
            (await login({ username: user.username, password: randomPassword() }, uniqueIp(), '/api/auth/token'))
              .status,
          ).toBe(401);
        expect((await login(user, uniqueIp(), '/api/auth/login')).status).toBe(429);
        expect((await login(user, uniqueIp(), '/api/auth/token')).status).toBe(429);
      });

      it('counts the lower-cased username, and unknown usernames lock like known ones', async () => {
        const user = await createAccount(api, 'user');
        const variants = [
          user.username,
          user.username.toUpperCase(),
          ` ${user.username}`,
          user.username,
          user.username.toUpperCase(),
        ];
        for (const username of variants) await login({ username, password: randomPassword() });
        expect((await login(user)).status).toBe(429);
        const ghost = uniqueName('ghost');
        for (let i = 0; i < 5; i++)
          expect((await login({ username: ghost, password: randomPassword() })).status).toBe(401);
        expect((await login({ username: ghost, password: randomPassword() })).status).toBe(429);
      });

      it('a success resets the username counter', async () => {
        const user = await createAccount(api, 'user');
        for (let i = 0; i < 4; i++) await login({ username: user.username, password: randomPassword() });
        expect((await login(user)).status).toBe(200);
        for (let i = 0; i < 4; i++)
          expect((await login({ username: user.username, password: randomPassword() })).status).toBe(401);
        expect((await login(user)).status).toBe(200);
      });

      it('behind one trusted proxy the client is the right-most X-Forwarded-For entry: 25 usernames with spoofed left entries end in 429 after 20', async () => {
        // A client writes whatever it likes on the left; the proxy (one hop) appends the address it
        // saw. The edge takes CF-Connecting-IP, which the client cannot set either.
        const ip = uniqueIp();
        const usernames: string[] = [];
        const statuses: number[] = [];
        for (let i = 0; i < 25; i++) {
          const username = uniqueName('xff');
          usernames.push(username);
          const res = await send(target, 'POST', '/api/auth/token', {
            body: { username, password: randomPassword() },
            headers: { 'cf-connecting-ip': ip, 'x-forwarded-for': `203.0.113.${i + 1}, ${ip}` },
          });
          statuses.push(res.status);
        }
        expect(statuses).toEqual([...Array(20).fill(401), ...Array(5).fill(429)]);
        // The audit log records the same address the throttle counted, never a spoofed one.
        const rows = await target.sql.execute({
          sql: `SELECT DISTINCT ip FROM audit_log WHERE action = 'auth.login_failed' AND username IN (${usernames.map(() => '?').join(',')})`,
          args: usernames,
        });
        expect(rows.rows.map((r) => r.ip)).toEqual([ip]);
      });
    });

    describe('locks and the audit rows they leave', () => {
      const changePassword = (token: string, currentPassword: string, ip = uniqueIp()) =>
        send(target, 'POST', '/api/auth/password', {
          body: { currentPassword, newPassword: randomPassword() },
          headers: { ...bearer(token), ...fromIp(ip) },
        });
      const failedReasons = async (username: string) =>
        (
          await target.sql.execute({
            sql: "SELECT json_extract(details, '$.reason') AS reason FROM audit_log WHERE action = 'auth.login_failed' AND username = ? ORDER BY id",
            args: [username],
          })
        ).rows.map((r) => r.reason);

      it('wrong current passwords on POST /api/auth/password count with the sign-in failures: 5 lock the account, then 429 with Retry-After, each audited', async () => {
        const user = await createAccount(api, 'user');
        const token = await tokenFor(target, user);
        for (let i = 0; i < 5; i++) {
          const res = await changePassword(token, randomPassword());
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('invalid_current_password');
        }
        // Even the right current password now waits, and so does signing in from a new address.
        const locked = await changePassword(token, user.password);
        expect(locked.status).toBe(429);
        expect(locked.body.error.code).toBe('too_many_attempts');
        expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
        expect((await login(user)).status).toBe(429);
        expect(await failedReasons(user.username)).toEqual([
          ...Array(5).fill('wrong_current_password'),
          'locked',
          'locked',
        ]);
        // The password did not change.
        expect(
          Number(
            (await target.sql.execute({ sql: 'SELECT token_version FROM users WHERE id = ?', args: [user.id] })).rows[0]
              .token_version,
          ),
        ).toBe(0);
      });

      it("a lock does not stop the address the owner signed in from; an admin unlock lifts it for everyone but leaves the attacker's address locked", async () => {
        const owner = await createAccount(api, 'user');
        const home = uniqueIp();
        expect((await login(owner, home)).status).toBe(200);
        const attacker = uniqueIp();
        for (let i = 0; i < 5; i++)
          expect((await login({ username: owner.username, password: randomPassword() }, attacker)).status).toBe(401);
        for (let i = 0; i < 15; i++)
          expect((await login({ username: uniqueName('other'), password: randomPassword() }, attacker)).status).toBe(
            401,
          );
        expect((await login(owner, uniqueIp())).status).toBe(429);
        // The owner's own address is not locked out by someone else's failures.
        expect((await login(owner, home)).status).toBe(200);

        expect((await api.post(`/api/admin/users/${owner.id}/unlock`, undefined, 'staff')).status).toBe(403);
        const requestId = newRequestId();
        const unlocked = await send(target, 'POST', `/api/admin/users/${owner.id}/unlock`, {
          headers: bearer(await api.token('admin')),
          requestId,
        });
        expect(unlocked.status).toBe(200);
        expect(unlocked.body).toEqual({ ok: true, failuresCleared: 5 });
        const audit = await auditRows(target, requestId);
        expect(audit.map((r) => r.action)).toEqual(['user.unlock']);
        expect((await login(owner, uniqueIp())).status).toBe(200);
        // The attacker's address made 20 failures: it stays locked for every username.
        expect((await login(owner, attacker)).status).toBe(429);
        expect((await api.post('/api/admin/users/987654/unlock')).status).toBe(404);
      });

      it('repeated failed sign-ins and denied calls of one caller coalesce into one row per minute with a count', async () => {
        const ghost = uniqueName('ghost');
        const ip = uniqueIp();
        for (let i = 0; i < 3; i++) await login({ username: ghost, password: randomPassword() }, ip);
        const staffToken = await api.token('staff');
        for (let i = 0; i < 3; i++)
          expect(
            (await send(target, 'GET', '/api/admin/holidays', { headers: { ...bearer(staffToken), ...fromIp(ip) } }))
              .status,
          ).toBe(403);
        // Three calls land in one clock minute, or at worst two when they straddle a minute.
        for (const [action, where, args] of [
          ['auth.login_failed', 'username = ?', [ghost]],
          ['access.denied', "ip = ? AND target_id = 'GET /api/admin/holidays'", [ip]],
        ] as const) {
          const rows = await target.sql.execute({
            sql: `SELECT json_extract(details, '$.count') AS n FROM audit_log WHERE action = ? AND ${where}`,
            args: [action, ...args],
          });
          expect(rows.rows.length, action).toBeLessThanOrEqual(2);
          expect(
            rows.rows.reduce((sum, r) => sum + Number(r.n), 0),
            action,
          ).toBe(3);
        }
      });
    });

    describe('passwords', () => {
      it('round trip on this runtime: an account created through the API signs in, stored as pbkdf2_sha256$100000$salt$hash', async () => {
        const password = randomPassword();
        const username = uniqueName('hash');
        const created = await api.post('/api/admin/users', { username, password, role: 'user' });
        expect(created.status).toBe(201);
        expect(JSON.stringify(created.body)).not.toContain(password);
        const rows = await target.sql.execute({
          sql: 'SELECT password_hash FROM users WHERE username = ?',
          args: [username],
        });
        expect(String(rows.rows[0].password_hash)).toMatch(
          /^pbkdf2_sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/,
        );
        expect((await login({ username, password })).status).toBe(200);
        expect((await login({ username, password: password.slice(0, -1) })).status).toBe(401);
      });

      it('an admin password reset follows the policy and the old password stops working', async () => {
        const user = await createAccount(api, 'user');
        for (const password of ['admin123', 'password', user.username, 'short']) {
          const res = await api.post(`/api/admin/users/${user.id}/password`, { password });
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('weak_password');
        }
        const next = randomPassword();
        expect((await api.post(`/api/admin/users/${user.id}/password`, { password: next })).status).toBe(200);
        expect((await login(user)).status).toBe(401);
        expect((await login({ username: user.username, password: next })).status).toBe(200);
      });
    });

    describe('weak passwords must be changed first (docs/domain/auth.md#passwords)', () => {
      // An account whose stored password is weak by the policy, as an adopted legacy install has
      // (admin / admin123): the API can no longer create one, so it is written directly.
      async function weakAccount(password: string, role: Account['role'] = 'admin') {
        const username = uniqueName('weak');
        const now = Date.now();
        await target.sql.execute({
          sql: 'INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
          args: [username, await hashPassword(password), role, now, now],
        });
        return { username, password, role };
      }

      it('a denylisted or too short password signs in with passwordChangeRequired and reaches only me, password and logout (403 password_change_required)', async () => {
        for (const password of ['admin123', 'short-pw']) {
          const weak = await weakAccount(password);
          const signIn = await login(weak);
          expect(signIn.status).toBe(200);
          expect(signIn.body.passwordChangeRequired).toBe(true);
          const auth = bearer(signIn.body.token);
          for (const [method, path] of [
            ['GET', '/api/admin/system-status'],
            ['GET', '/api/shops'],
            ['GET', '/api/openapi.json'],
            ['POST', '/api/admin/backups'],
          ]) {
            const res = await send(target, method, path, { headers: auth, body: method === 'POST' ? {} : undefined });
            expect(res.status, `${method} ${path}`).toBe(403);
            expect(res.body.error).toMatchObject({ code: 'password_change_required' });
            expect(res.body.error.message).toMatch(/[\u0E00-\u0E7F]/);
          }
          const me = await send(target, 'GET', '/api/auth/me', { headers: auth });
          expect(me.status).toBe(200);
          expect(me.body).toMatchObject({ user: { username: weak.username }, passwordChangeRequired: true });

          // The one way on: change it. The fresh token reaches everything its role allows.
          const next = randomPassword();
          const changed = await send(target, 'POST', '/api/auth/password', {
            headers: auth,
            body: { currentPassword: password, newPassword: next },
          });
          expect(changed.status).toBe(200);
          const fresh = bearer(changed.body.token);
          expect((await send(target, 'GET', '/api/admin/system-status', { headers: fresh })).status).toBe(200);
          expect((await send(target, 'GET', '/api/auth/me', { headers: fresh })).body.passwordChangeRequired).toBe(
            false,
          );
          const again = await login({ username: weak.username, password: next });
          expect(again.status).toBe(200);
          expect(again.body.passwordChangeRequired).toBe(false);
        }
      });

      it('a browser session of a weak account is held back the same way and may sign out; a strong account is not', async () => {
        const weak = await weakAccount('password', 'staff');
        const s = await browserLogin(target, weak);
        expect(s.body.passwordChangeRequired).toBe(true);
        const cookieHeaders = { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: ORIGIN };
        const shops = await send(target, 'POST', '/api/shops', {
          headers: cookieHeaders,
          body: { platform: 'Shopee', name: uniqueName('shop') },
        });
        expect(shops.status).toBe(403);
        expect(shops.body.error.code).toBe('password_change_required');
        expect((await send(target, 'POST', '/api/auth/logout', { headers: cookieHeaders })).status).toBe(200);

        const strong = await createAccount(api, 'staff');
        const ok = await login(strong);
        expect(ok.body.passwordChangeRequired).toBe(false);
        expect((await send(target, 'GET', '/api/shops', { headers: bearer(ok.body.token) })).status).toBe(200);
      });
    });

    describe('users management (admin)', () => {
      it('lists users paged, without password hashes', async () => {
        await createAccount(api, 'user');
        const res = await api.get('/api/admin/users?limit=2');
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ page: 1, limit: 2, total: expect.any(Number) });
        expect(res.body.items).toHaveLength(2);
        expect(res.body.total).toBeGreaterThanOrEqual(2);
        expect(JSON.stringify(res.body)).not.toMatch(/pbkdf2|password/i);
      });

      it('usernames: 3-32 of a-z 0-9 . _ -, unique ignoring case', async () => {
        for (const username of ['ab', 'x'.repeat(33), 'has space', '<script>', 'thai-ชื่อ', 'a/b', '']) {
          const res = await api.post('/api/admin/users', { username, password: randomPassword(), role: 'user' });
          expect(res.status, username).toBe(400);
        }
        const name = uniqueName('dup');
        expect(
          (await api.post('/api/admin/users', { username: name, password: randomPassword(), role: 'user' })).status,
        ).toBe(201);
        const dup = await api.post('/api/admin/users', {
          username: name.toUpperCase(),
          password: randomPassword(),
          role: 'staff',
        });
        expect(dup.status).toBe(409);
        expect(dup.body.error).toMatchObject({ code: 'username_taken', message: 'มีชื่อผู้ใช้นี้อยู่แล้ว' });
        expect(
          (await api.post('/api/admin/users', { username: 'abc', password: randomPassword(), role: 'user' })).status,
        ).not.toBe(400);
      });

      it('role exactly user, staff or admin, else 400 invalid_role (create and update)', async () => {
        for (const role of ['superadmin', 'Admin', 'ADMIN', '', 'root', 'staff ']) {
          const res = await api.post('/api/admin/users', {
            username: uniqueName('role'),
            password: randomPassword(),
            role,
          });
          expect(res.status, role).toBe(400);
          expect(res.body.error.code).toBe('invalid_role');
        }
        const user = await createAccount(api, 'user');
        const res = await api.patch(`/api/admin/users/${user.id}`, { role: 'owner' });
        expect(res.body.error.code).toBe('invalid_role');
        const rows = await target.sql.execute({ sql: 'SELECT role FROM users WHERE id = ?', args: [user.id] });
        expect(rows.rows[0].role).toBe('user');
      });

      it('weak passwords: admin123, password, equal to the username, too short or too long -> 400 weak_password', async () => {
        const username = uniqueName('weakling');
        for (const password of [
          'admin123',
          'password',
          'Password123',
          username,
          username.toUpperCase(),
          '123456789',
          'x'.repeat(129),
        ]) {
          const res = await api.post('/api/admin/users', { username, password, role: 'user' });
          expect(res.status, password).toBe(400);
          expect(res.body.error.code).toBe('weak_password');
        }
        const rows = await target.sql.execute({
          sql: 'SELECT count(*) AS n FROM users WHERE username = ?',
          args: [username],
        });
        expect(Number(rows.rows[0].n)).toBe(0);
      });

      it('an admin cannot delete, disable or demote themselves: 409 cannot_delete_self', async () => {
        const boss = await createAccount(api, 'admin', 'boss');
        const token = await tokenFor(target, boss);
        const asBoss = (method: string, path: string, body?: unknown) =>
          send(target, method, path, { body, headers: bearer(token) });
        for (const res of [
          await asBoss('DELETE', `/api/admin/users/${boss.id}`),
          await asBoss('DELETE', `/api/admin/users/${boss.id}?hard=true`),
          await asBoss('PATCH', `/api/admin/users/${boss.id}`, { disabled: true }),
          await asBoss('PATCH', `/api/admin/users/${boss.id}`, { role: 'staff' }),
        ]) {
          expect(res.status).toBe(409);
          expect(res.body.error).toMatchObject({ code: 'cannot_delete_self', message: 'ลบตัวเองไม่ได้' });
        }
        expect((await asBoss('GET', '/api/auth/me')).body.user.role).toBe('admin');
      });

      it('never leaves the service without an active admin: 409 last_admin', async () => {
        // A second instance of the service where `boss` is the only admin left.
        const solo = await makeTarget();
        try {
          const soloApi = new ApiClient(solo);
          const me = await soloApi.get('/api/auth/me');
          const res = await soloApi.patch(`/api/admin/users/${me.body.user.id}`, { role: 'staff' });
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('last_admin');
          const other = await createAccount(soloApi, 'admin');
          // With two admins, one may demote the other; the remaining one is then the last.
          expect((await soloApi.patch(`/api/admin/users/${other.id}`, { role: 'staff' })).status).toBe(200);
          const otherToken = await tokenFor(solo, { username: other.username, password: other.password });
          const demoteBack = await send(solo, 'PATCH', `/api/admin/users/${me.body.user.id}`, {
            body: { role: 'user' },
            headers: bearer(otherToken),
          });
          expect(demoteBack.status).toBe(403);
          const rows = await solo.sql.execute("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0");
          expect(Number(rows.rows[0].n)).toBe(1);
        } finally {
          await solo.close();
        }
      });

      it('disable (default) keeps the row; hard=true deletes it and history keeps the username', async () => {
        const user = await createAccount(api, 'user');
        const token = await tokenFor(target, user);
        const shop = await send(target, 'POST', '/api/shops', {
          body: { platform: 'Lazada', name: uniqueName('hist') },
          headers: bearer(token),
        });
        expect(shop.status).toBe(403); // a user may not create shops; the denial is not audited (not an admin route)
        const disabled = await api.delete(`/api/admin/users/${user.id}`);
        expect(disabled.body).toEqual({ deleted: false, disabled: true });
        expect(
          (await target.sql.execute({ sql: 'SELECT disabled FROM users WHERE id = ?', args: [user.id] })).rows[0]
            .disabled,
        ).toBe(1);
        const hard = await api.delete(`/api/admin/users/${user.id}?hard=true`);
        expect(hard.body).toEqual({ deleted: true, disabled: false });
        expect(
          (await target.sql.execute({ sql: 'SELECT count(*) AS n FROM users WHERE id = ?', args: [user.id] })).rows[0]
            .n,
        ).toBe(0);
        const history = await target.sql.execute({
          sql: "SELECT user_id, username FROM audit_log WHERE action = 'auth.login' AND username = ?",
          args: [user.username],
        });
        expect(history.rows.length).toBeGreaterThan(0);
        expect(history.rows.every((r) => r.user_id === null)).toBe(true);
        expect((await api.delete(`/api/admin/users/${user.id}`)).status).toBe(404);
      });

      it('role changes end the sessions (token version) and take effect at once', async () => {
        const staff = await createAccount(api, 'staff');
        const token = await tokenFor(target, staff);
        const res = await api.patch(`/api/admin/users/${staff.id}`, { role: 'user' });
        expect(res.status).toBe(200);
        expect(res.body.user).toMatchObject({ role: 'user', disabled: false });
        expect((await send(target, 'GET', '/api/auth/me', { headers: bearer(token) })).status).toBe(401);
        const again = await tokenFor(target, staff);
        expect((await send(target, 'GET', '/api/shops', { headers: bearer(again) })).status).toBe(403);
      });
    });

    describe('audit log', () => {
      it('one row per mutating request, none for reads', async () => {
        const create = newRequestId();
        const username = uniqueName('audited');
        const password = randomPassword();
        expect(
          (
            await send(target, 'POST', '/api/admin/users', {
              body: { username, password, role: 'user' },
              headers: bearer(await api.token('admin')),
              requestId: create,
            })
          ).status,
        ).toBe(201);
        expect((await auditRows(target, create)).map((r) => r.action)).toEqual(['user.create']);

        const loginId = newRequestId();
        const res = await send(target, 'POST', '/api/auth/token', {
          body: { username, password },
          headers: fromIp(uniqueIp()),
          requestId: loginId,
        });
        const token = res.body.token;
        const rows = await auditRows(target, loginId);
        expect(rows.map((r) => r.action)).toEqual(['auth.login']);
        expect(rows[0].details).toMatchObject({ outcome: 'ok', auth: 'bearer' });

        const patchId = newRequestId();
        const id = (await target.sql.execute({ sql: 'SELECT id FROM users WHERE username = ?', args: [username] }))
          .rows[0].id;
        await send(target, 'PATCH', `/api/admin/users/${id}`, {
          body: { role: 'user' },
          headers: bearer(await api.token('admin')),
          requestId: patchId,
        });
        expect((await auditRows(target, patchId)).map((r) => r.action)).toEqual(['user.update']);

        for (const path of ['/api/auth/me', '/api/shops', '/api/admin/users', '/api/admin/audit']) {
          const readId = newRequestId();
          const who = path.startsWith('/api/admin')
            ? await api.token('admin')
            : path === '/api/shops'
              ? await api.token('staff')
              : token;
          expect((await send(target, 'GET', path, { headers: bearer(who), requestId: readId })).status).toBe(200);
          expect(await auditRows(target, readId), path).toEqual([]);
        }

        const logoutId = newRequestId();
        await send(target, 'POST', '/api/auth/logout', { headers: bearer(token), requestId: logoutId });
        expect((await auditRows(target, logoutId)).map((r) => r.action)).toEqual(['auth.logout']);
      });

      it('a failed mutation leaves neither data nor an audit row', async () => {
        const existing = await createAccount(api, 'user');
        const before = Number((await target.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n);
        const admin = bearer(await api.token('admin'));
        for (const [method, path, body] of [
          ['POST', '/api/admin/users', { username: existing.username, password: randomPassword(), role: 'user' }],
          ['POST', '/api/admin/users', { username: uniqueName('bad'), password: randomPassword(), role: 'owner' }],
          ['POST', '/api/admin/users', { username: uniqueName('bad'), password: 'admin123', role: 'user' }],
          ['PATCH', `/api/admin/users/${existing.id}`, { role: 'emperor' }],
          ['PATCH', '/api/admin/users/987654', { role: 'staff' }],
          ['POST', '/api/admin/users/987654/password', { password: randomPassword() }],
        ] as const) {
          const requestId = newRequestId();
          const res = await send(target, method, path, { body, headers: admin, requestId });
          expect(res.status, path).toBeGreaterThanOrEqual(400);
          expect(await auditRows(target, requestId), `${method} ${path}`).toEqual([]);
        }
        expect(Number((await target.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(before);
      });

      it('failed logins and denied admin requests are audited (one row each)', async () => {
        const failId = newRequestId();
        const ghost = uniqueName('ghost');
        await send(target, 'POST', '/api/auth/login', {
          body: { username: ghost, password: randomPassword() },
          headers: fromIp(uniqueIp()),
          requestId: failId,
        });
        const failed = await auditRows(target, failId);
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatchObject({
          action: 'auth.login_failed',
          username: ghost,
          details: { outcome: 'denied', reason: 'unknown_user', auth: 'cookie' },
        });

        const deniedId = newRequestId();
        const res = await send(target, 'GET', '/api/admin/users', {
          headers: bearer(await api.token('staff')),
          requestId: deniedId,
        });
        expect(res.status).toBe(403);
        const denied = await auditRows(target, deniedId);
        expect(denied).toHaveLength(1);
        expect(denied[0]).toMatchObject({ action: 'access.denied', details: { outcome: 'denied', auth: 'bearer' } });
      });

      it('GET /api/admin/audit filters by action and user, pages with a cursor, and is admin only', async () => {
        const user = await createAccount(api, 'user');
        await tokenFor(target, user);
        await tokenFor(target, user);
        const filtered = await api.get(`/api/admin/audit?action=auth.login&userId=${user.id}&limit=1`);
        expect(filtered.status).toBe(200);
        expect(filtered.body.items).toHaveLength(1);
        expect(filtered.body.total).toBe(2);
        expect(filtered.body.items[0]).toMatchObject({
          action: 'auth.login',
          userId: user.id,
          username: user.username,
          role: 'user',
        });
        const next = await api.get(
          `/api/admin/audit?action=auth.login&userId=${user.id}&limit=1&cursor=${filtered.body.nextCursor}`,
        );
        expect(next.body.items).toHaveLength(1);
        expect(next.body.items[0].id).toBeLessThan(filtered.body.items[0].id);
        expect(next.body.nextCursor).toBeNull();
        const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
        expect(
          (await api.get(`/api/admin/audit?from=${today}&to=${today}&action=auth.login&userId=${user.id}`)).body.total,
        ).toBe(2);
        expect((await api.get('/api/admin/audit?from=2020-01-02&to=2020-01-01')).status).toBe(400);
        expect((await api.get('/api/admin/audit', 'staff')).status).toBe(403);
        expect((await api.get('/api/admin/audit', 'anonymous')).status).toBe(401);
      });

      it('no password, token or hash ever reaches the audit table', async () => {
        const user = await createAccount(api, 'user');
        const s = await browserLogin(target, user);
        const newPassword = randomPassword();
        await send(target, 'POST', '/api/auth/password', {
          body: { currentPassword: user.password, newPassword },
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        });
        await login({ username: user.username, password: randomPassword() });
        await api.post(`/api/admin/users/${user.id}/password`, { password: randomPassword() });
        const dump = JSON.stringify((await target.sql.execute('SELECT * FROM audit_log')).rows);
        for (const secret of [
          user.password,
          newPassword,
          s.session,
          s.csrf,
          await api.token('admin'),
          'pbkdf2_sha256$',
        ]) {
          expect(dump).not.toContain(secret);
        }
      });
    });

    describe('setup mode (no ADMIN_PASSWORD)', () => {
      let fresh: Target;
      const setupToken = `setup-${randomBytes(16).toString('hex')}`;
      beforeAll(async () => {
        fresh = await makeTarget({ env: { ADMIN_PASSWORD: '', SETUP_TOKEN: setupToken, TRUST_PROXY: 'true' } });
      });
      afterAll(async () => {
        await fresh?.close();
      });

      it('answers 503 setup_required everywhere except /health and /api/setup*; admin/admin123 does not work', async () => {
        for (const [method, path] of [
          ['POST', '/api/auth/login'],
          ['POST', '/api/auth/token'],
          ['GET', '/api/auth/me'],
          ['GET', '/api/shops'],
          ['GET', '/api/admin/users'],
          ['GET', '/api/openapi.json'],
        ] as const) {
          const res = await send(
            fresh,
            method,
            path,
            method === 'POST' ? { body: { username: 'admin', password: 'admin123' } } : {},
          );
          expect(res.status, path).toBe(503);
          expect(res.body.error.code).toBe('setup_required');
        }
        const health = await send(fresh, 'GET', '/health');
        expect(health.status).toBe(200);
        expect(health.body.setup).toBe('required');
        const status = await send(fresh, 'GET', '/api/setup/status');
        expect(status.body).toEqual({ setup: 'required', setupTokenConfigured: true });
        expect(Number((await fresh.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(0);
      });

      it('a wrong token -> 403 and no user; the right token creates the admin; then 409 setup_already_done', async () => {
        const password = randomPassword();
        const wrong = await send(fresh, 'POST', '/api/setup', {
          body: { setupToken: setupToken + 'x', username: 'owner', password },
          headers: fromIp(uniqueIp()),
        });
        expect(wrong.status).toBe(403);
        expect(Number((await fresh.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(0);
        const weak = await send(fresh, 'POST', '/api/setup', {
          body: { setupToken, username: 'owner', password: 'admin123' },
          headers: fromIp(uniqueIp()),
        });
        expect(weak.status).toBe(400);
        expect(weak.body.error.code).toBe('weak_password');
        const badOrigin = await send(fresh, 'POST', '/api/setup', {
          body: { setupToken, username: 'owner', password },
          headers: { origin: 'https://evil.example' },
        });
        expect(badOrigin.status).toBe(403);

        const ok = await send(fresh, 'POST', '/api/setup', {
          body: { setupToken, username: 'Owner', password },
          headers: fromIp(uniqueIp()),
        });
        expect(ok.status).toBe(201);
        expect(ok.body.user).toMatchObject({ username: 'owner', role: 'admin' });
        const audit = await fresh.sql.execute(
          "SELECT username, json_extract(details, '$.auth') AS auth FROM audit_log WHERE action = 'setup.complete'",
        );
        expect(audit.rows).toHaveLength(1);
        expect(audit.rows[0]).toMatchObject({ username: 'owner', auth: 'setup' });

        const again = await send(fresh, 'POST', '/api/setup', {
          body: { setupToken, username: 'second', password: randomPassword() },
        });
        expect(again.status).toBe(409);
        expect(again.body.error.code).toBe('setup_already_done');
        expect((await send(fresh, 'GET', '/api/setup/status')).body.setup).toBe('done');

        // The service is open for business; admin/admin123 still does not exist.
        expect(
          (
            await send(fresh, 'POST', '/api/auth/token', {
              body: { username: 'admin', password: 'admin123' },
              headers: fromIp(uniqueIp()),
            })
          ).status,
        ).toBe(401);
        const token = await send(fresh, 'POST', '/api/auth/token', {
          body: { username: 'owner', password },
          headers: fromIp(uniqueIp()),
        });
        expect(token.status).toBe(200);
        expect((await send(fresh, 'GET', '/api/admin/users', { headers: bearer(token.body.token) })).status).toBe(200);
      });
    });

    describe('limits and headers on a production-like configuration', () => {
      let strict: Target;
      let strictApi: ApiClient;
      beforeAll(async () => {
        strict = await makeTarget({
          env: {
            COOKIE_SECURE: '',
            SESSION_TTL_HOURS: '2',
            MAX_UPLOAD_BYTES: '4096',
            PUBLIC_ORIGIN: 'https://desk.example.com',
          },
        });
        strictApi = new ApiClient(strict);
      });
      afterAll(async () => {
        await strict?.close();
      });

      it('cookies are Secure by default and live SESSION_TTL_HOURS', async () => {
        const user = await createAccount(strictApi, 'user');
        const s = await browserLogin(strict, user, { headers: { origin: 'https://desk.example.com' } });
        for (const c of s.cookies) {
          expect(c.attributes.secure, c.name).toBe(true);
          expect(c.attributes['max-age']).toBe(String(2 * 3600));
        }
      });

      it('with PUBLIC_ORIGIN set, only that Origin passes the CSRF and login checks', async () => {
        const staff = await createAccount(strictApi, 'staff');
        expect(
          (await send(strict, 'POST', '/api/auth/login', { body: staff, headers: { origin: 'http://localhost' } }))
            .status,
        ).toBe(403);
        const s = await browserLogin(strict, staff, { headers: { origin: 'https://desk.example.com' } });
        const h = { cookie: s.cookie, 'x-csrf-token': s.csrf };
        expect(
          (
            await send(strict, 'PUT', '/api/stock/ORIGIN-1', {
              body: { qty: 1 },
              headers: { ...h, origin: 'http://localhost' },
            })
          ).status,
        ).toBe(403);
        expect(
          (
            await send(strict, 'PUT', '/api/stock/ORIGIN-1', {
              body: { qty: 1 },
              headers: { ...h, origin: 'https://desk.example.com' },
            })
          ).status,
        ).toBe(200);
      });

      it('a body over the limit -> 413 payload_too_large in the envelope, by Content-Length and when streamed', async () => {
        const token = await strictApi.token('staff');
        const big = JSON.stringify({ platform: 'Shopee', name: 'x'.repeat(5000) });
        const declared = await send(strict, 'POST', '/api/shops', {
          body: big,
          headers: { ...bearer(token), 'content-length': String(big.length) },
        });
        expect(declared.status).toBe(413);
        expect(declared.body.error).toMatchObject({ code: 'payload_too_large', requestId: expect.any(String) });
        expect(declared.headers.get('x-content-type-options')).toBe('nosniff');

        const bytes = new TextEncoder().encode(big);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
            controller.close();
          },
        });
        const res = await strict.fetch('/api/shops', {
          method: 'POST',
          headers: { ...bearer(token), 'content-type': 'application/json' },
          body: stream,
          duplex: 'half',
        } as RequestInit);
        expect(res.status).toBe(413);
        expect((await res.json()).error.code).toBe('payload_too_large');

        // Under the limit the same route works; nothing was created by the refused requests.
        const small = await send(strict, 'POST', '/api/shops', {
          body: { platform: 'Shopee', name: 'Small Shop' },
          headers: bearer(token),
        });
        expect(small.status).toBe(201);
        const rows = await strict.sql.execute('SELECT count(*) AS n FROM shops WHERE length(name) > 1000');
        expect(Number(rows.rows[0].n)).toBe(0);
      });

      it('imports get MAX_UPLOAD_BYTES, restore uploads MAX_RESTORE_BYTES', async () => {
        const token = await strictApi.token('admin');
        const upload = (path: string, size: number) =>
          send(strict, 'POST', path, {
            body: 'x'.repeat(size),
            headers: { ...bearer(token), 'content-type': 'text/csv', 'content-length': String(size) },
          });
        const file = multipartCsv('order_sn,sku\n' + 'A,B\n'.repeat(1250));
        const over = await send(strict, 'POST', '/api/imports/orders?platform=Shopee', {
          body: file.body,
          headers: { ...bearer(token), ...file.headers },
        });
        expect(over.status).toBe(413);
        expect(over.body.error.code).toBe('payload_too_large');
        expect((await upload('/api/imports/orders', 3000)).status).not.toBe(413);
        expect((await upload('/api/admin/restore', 5000)).status).not.toBe(413);
      });
    });
  });
}

// docs/domain/auth.md#security-rules-beyond-sign-in (logs): no password, token, cookie,
// Authorization header, database token or session secret ever appears in the logs. The real server
// process runs at LOG_LEVEL=debug against a token-protected remote database, goes through sign-ins
// (cookie and token), failed sign-ins, a CSRF refusal, user creation, password reset and change,
// and logout; then its whole output and the audit table are searched for every secret it saw.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClient } from '@libsql/client/web';
import { randomPassword, tempDir } from '../support/env';
import { startLibsqlHttpServer, type LibsqlTestServer } from '../support/libsql-http-server';
import { spawnServer, stopWith, type Spawned } from '../support/spawn-server';
import { parseSetCookies } from '../support/auth-helpers';

let server: LibsqlTestServer | null = null;
let app: Spawned | null = null;
afterAll(async () => {
  app?.child.kill('SIGKILL');
  await server?.close();
});

describe('secrets never reach the logs or the audit table', () => {
  it('a full session of sign-ins, failures and password changes leaves no secret in the output', async () => {
    const dbToken = `dbtok-${randomBytes(18).toString('base64url')}`;
    const jwtSecret = `jwt-${randomBytes(32).toString('base64url')}`;
    const adminPassword = randomPassword();
    server = await startLibsqlHttpServer({ path: join(tempDir(), 'logs.db'), authToken: dbToken });
    app = await spawnServer(
      {
        DATABASE_URL: server.url,
        DATABASE_AUTH_TOKEN: dbToken,
        JWT_SECRET: jwtSecret,
        ADMIN_PASSWORD: adminPassword,
        LOG_LEVEL: 'debug',
        COOKIE_SECURE: 'false',
      },
      { cwd: tempDir('wms-logs-') },
    );
    const base = app.url;
    const seen: string[] = [dbToken, jwtSecret, adminPassword];
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      return {
        status: res.status,
        headers: res.headers,
        body: (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : await res.text(),
      };
    };

    // Token sign-in for the admin; a browser sign-in with cookies.
    const adminToken = (await call('POST', '/api/auth/token', { username: 'admin', password: adminPassword })).body
      .token as string;
    expect(adminToken).toBeTruthy();
    seen.push(adminToken);
    const auth = { authorization: `Bearer ${adminToken}` };
    const staffPassword = randomPassword();
    seen.push(staffPassword);
    expect(
      (await call('POST', '/api/admin/users', { username: 'logstaff', password: staffPassword, role: 'staff' }, auth))
        .status,
    ).toBe(201);
    const login = await call('POST', '/api/auth/login?next=/orders', { username: 'logstaff', password: staffPassword });
    expect(login.status).toBe(200);
    const cookies = parseSetCookies(login.headers);
    const session = cookies.find((c) => c.name === 'wms_session')!.value;
    const csrf = cookies.find((c) => c.name === 'wms_csrf')!.value;
    seen.push(session, csrf);
    const cookie = `wms_session=${session}; wms_csrf=${csrf}`;

    // Failures: wrong password, unknown user, a CSRF refusal, a denied admin request, a 404.
    const wrong = randomPassword();
    seen.push(wrong);
    expect((await call('POST', '/api/auth/login', { username: 'logstaff', password: wrong })).status).toBe(401);
    expect((await call('POST', '/api/auth/token', { username: 'nobody', password: wrong })).status).toBe(401);
    expect(
      (
        await call(
          'POST',
          '/api/auth/token',
          { username: 'admin', password: wrong },
          { authorization: `Bearer ${adminToken}` },
        )
      ).status,
    ).toBe(401);
    expect((await call('POST', '/api/shops', { platform: 'Shopee', name: 'X' }, { cookie })).status).toBe(403);
    expect((await call('GET', '/api/admin/users', undefined, { cookie })).status).toBe(403);
    expect((await call('GET', '/api/nothing-here', undefined, { ...auth, cookie })).status).toBe(404);

    // Password reset by the admin, password change by the user (cookie + CSRF).
    const reset = randomPassword();
    const changed = randomPassword();
    seen.push(reset, changed);
    expect((await call('POST', '/api/admin/users/2/password', { password: reset }, auth)).status).toBe(200);
    const relog = await call('POST', '/api/auth/login', { username: 'logstaff', password: reset });
    const relogCookies = parseSetCookies(relog.headers);
    const s2 = relogCookies.find((c) => c.name === 'wms_session')!.value;
    const c2 = relogCookies.find((c) => c.name === 'wms_csrf')!.value;
    seen.push(s2, c2);
    const change = await call(
      'POST',
      '/api/auth/password',
      { currentPassword: reset, newPassword: changed },
      { cookie: `wms_session=${s2}; wms_csrf=${c2}`, 'x-csrf-token': c2 },
    );
    expect(change.status).toBe(200);
    seen.push(change.body.csrfToken);
    for (const c of parseSetCookies(change.headers)) seen.push(c.value);
    expect((await call('POST', '/api/auth/logout', undefined, auth)).status).toBe(200);

    const exit = await stopWith(app, 'SIGTERM');
    expect(exit.code).toBe(0);
    const output = app.output();
    // The run was really logged: boot lines and one access line per request.
    expect(output).toContain(`Database path: ${server.url}`);
    expect(output).toContain('POST /api/auth/login 200');
    expect(output).toContain('POST /api/auth/password 200');
    expect(output).toContain('Shutdown complete');

    for (const secret of seen) {
      expect(secret.length).toBeGreaterThanOrEqual(10);
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/bearer\s+ey/i);
    expect(output).not.toMatch(/wms_session=|wms_csrf=|authorization|pbkdf2_sha256\$/i);

    const db = createClient({ url: server.url, authToken: dbToken });
    const audit = JSON.stringify((await db.execute('SELECT * FROM audit_log')).rows);
    db.close();
    expect(audit).toContain('auth.password_change');
    expect(audit).toContain('auth.login_failed');
    for (const secret of seen) expect(audit).not.toContain(secret);
  });
});

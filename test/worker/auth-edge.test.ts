// What only the edge does (docs/domain/auth.md#passwords): legacy Werkzeug hashes cannot be
// verified in Web Crypto, so those accounts get 403 password_reset_required until an admin sets a
// new password; a weak ADMIN_PASSWORD keeps the worker from serving (where Node would exit 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { randomPassword } from '../support/env';
import { send, uniqueName } from '../support/auth-helpers';
import { werkzeugScrypt } from '../support/werkzeug';
import { workerTarget, type Target } from '../support/targets';

describe('legacy hashes on the edge', () => {
  let target: Target;
  beforeAll(async () => {
    target = await workerTarget();
    // The worker creates the schema and the first admin on its first request.
    expect((await send(target, 'GET', '/health')).status).toBe(200);
  });
  afterAll(async () => {
    await target?.close();
  });

  it('a scrypt account gets 403 password_reset_required until an admin resets it, then signs in with PBKDF2', async () => {
    const username = uniqueName('legacy');
    const password = randomPassword();
    await target.sql.execute({
      sql: "INSERT INTO users (username, password_hash, role, disabled, token_version, created_at, updated_at) VALUES (?, ?, 'user', 0, 0, 0, 0)",
      args: [username, werkzeugScrypt(password)],
    });
    const id = Number(
      (await target.sql.execute({ sql: 'SELECT id FROM users WHERE username = ?', args: [username] })).rows[0].id,
    );
    const refused = await send(target, 'POST', '/api/auth/token', { body: { username, password } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('password_reset_required');
    expect((await send(target, 'POST', '/api/auth/login', { body: { username, password } })).body.error.code).toBe(
      'password_reset_required',
    );

    const api = new ApiClient(target);
    const fresh = randomPassword();
    expect((await api.post(`/api/admin/users/${id}/password`, { password: fresh })).status).toBe(200);
    const hash = String(
      (await target.sql.execute({ sql: 'SELECT password_hash FROM users WHERE id = ?', args: [id] })).rows[0]
        .password_hash,
    );
    expect(hash).toMatch(/^pbkdf2_sha256\$100000\$/);
    expect((await send(target, 'POST', '/api/auth/token', { body: { username, password: fresh } })).status).toBe(200);
    expect((await send(target, 'POST', '/api/auth/token', { body: { username, password } })).status).toBe(401);
  });
});

describe('first admin on the edge', () => {
  it('a weak ADMIN_PASSWORD answers 503 configuration_invalid naming the variable, never its value, and creates no user', async () => {
    const target = await workerTarget({ env: { ADMIN_PASSWORD: 'admin123' } });
    try {
      const res = await send(target, 'GET', '/api/shops');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('configuration_invalid');
      expect(JSON.stringify(res.body)).toContain('ADMIN_PASSWORD');
      expect(JSON.stringify(res.body)).not.toContain('admin123');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'none'");
      expect(
        (await send(target, 'POST', '/api/auth/token', { body: { username: 'admin', password: 'admin123' } })).status,
      ).toBe(503);
      expect(Number((await target.sql.execute('SELECT count(*) AS n FROM users')).rows[0].n)).toBe(0);
    } finally {
      await target.close();
    }
  });
});

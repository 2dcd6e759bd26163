// Legacy Werkzeug hashes (docs/domain/auth.md#passwords): on Node they are verified
// once with node:crypto and replaced by PBKDF2 at that sign-in. The hashes are made here exactly
// as werkzeug.security.generate_password_hash formats them (the legacy default is scrypt).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWerkzeugHash } from '../../src/node/legacy-hash';
import { randomPassword } from '../support/env';
import { fileTarget, type Target } from '../support/targets';
import { send, uniqueName } from '../support/auth-helpers';
import { werkzeugPbkdf2, werkzeugScrypt } from '../support/werkzeug';

describe('verifyWerkzeugHash', () => {
  it('accepts the right password for scrypt and pbkdf2 hashes, Thai passwords included, and nothing else', async () => {
    const pw = randomPassword();
    const thai = 'รหัสผ่านของคลังสินค้า';
    for (const stored of [werkzeugScrypt(pw), werkzeugPbkdf2(pw, 260_000)]) {
      expect(await verifyWerkzeugHash(stored, pw)).toBe(true);
      expect(await verifyWerkzeugHash(stored, pw + '!')).toBe(false);
    }
    expect(await verifyWerkzeugHash(werkzeugScrypt(thai), thai)).toBe(true);
  });

  it('refuses tampered or absurd strings without throwing', async () => {
    const pw = randomPassword();
    const good = werkzeugScrypt(pw);
    const [method, salt, hash] = good.split('$');
    for (const stored of [
      `${method}$${salt}$${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`,
      `${method}$${salt}x$${hash}`,
      `scrypt:1073741824:8:1$${salt}$${hash}`,
      `pbkdf2:sha256:999999999$${salt}$${hash}`,
      `md5$${salt}$${hash}`,
      `${method}$${salt}$not-hex`,
      'scrypt:',
    ]) {
      expect(await verifyWerkzeugHash(stored, pw)).toBe(false);
    }
  });
});

describe('sign-in with a legacy hash on Node', () => {
  let target: Target;
  beforeAll(async () => {
    target = await fileTarget();
  });
  afterAll(async () => {
    await target?.close();
  });

  async function legacyUser(hash: (pw: string) => string) {
    const username = uniqueName('legacy');
    const password = randomPassword();
    await target.sql.execute({
      sql: "INSERT INTO users (username, password_hash, role, disabled, token_version, created_at, updated_at) VALUES (?, ?, 'staff', 0, 0, 0, 0)",
      args: [username, hash(password)],
    });
    return { username, password };
  }
  const storedHash = async (username: string) =>
    String(
      (await target.sql.execute({ sql: 'SELECT password_hash FROM users WHERE username = ?', args: [username] }))
        .rows[0].password_hash,
    );
  const signIn = (username: string, password: string) =>
    send(target, 'POST', '/api/auth/token', { body: { username, password } });

  it.each([
    ['scrypt', (pw: string) => werkzeugScrypt(pw)],
    ['pbkdf2', (pw: string) => werkzeugPbkdf2(pw)],
  ])('a %s hash is verified once, then replaced by PBKDF2 (100,000 iterations)', async (_kind, hash) => {
    const { username, password } = await legacyUser(hash);
    const legacy = await storedHash(username);

    // A wrong password leaves the legacy hash alone.
    expect((await signIn(username, password + 'x')).status).toBe(401);
    expect(await storedHash(username)).toBe(legacy);

    const res = await signIn(username, password);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username, role: 'staff' });
    const rehashed = await storedHash(username);
    expect(rehashed).toMatch(/^pbkdf2_sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const audit = await target.sql.execute({
      sql: "SELECT json_extract(details, '$.rehashed') AS rehashed FROM audit_log WHERE action = 'auth.login' AND username = ?",
      args: [username],
    });
    expect(audit.rows.map((r) => r.rehashed)).toEqual([1]);

    // From now on the ordinary path: same password, no more rehashing.
    expect((await signIn(username, password)).status).toBe(200);
    expect(await storedHash(username)).toBe(rehashed);
  });

  it.each([
    ['scrypt', 'admin123', (pw: string) => werkzeugScrypt(pw)],
    ['pbkdf2', 'abc12345', (pw: string) => werkzeugPbkdf2(pw)],
  ])('a weak password under a %s hash (%s) is rehashed and then may only be changed', async (_kind, weak, hash) => {
    const username = uniqueName('legacy');
    await target.sql.execute({
      sql: "INSERT INTO users (username, password_hash, role, disabled, token_version, created_at, updated_at) VALUES (?, ?, 'admin', 0, 0, 0, 0)",
      args: [username, hash(weak)],
    });
    const res = await signIn(username, weak);
    expect(res.status).toBe(200);
    expect(res.body.passwordChangeRequired).toBe(true);
    expect(await storedHash(username)).toMatch(/^pbkdf2_sha256\$/);
    const auth = { authorization: `Bearer ${res.body.token}` };
    const status = await send(target, 'GET', '/api/admin/system-status', { headers: auth });
    expect(status.status).toBe(403);
    expect(status.body.error.code).toBe('password_change_required');
    // Still held back on the next sign-in, now through the rehashed PBKDF2 hash.
    expect((await signIn(username, weak)).body.passwordChangeRequired).toBe(true);
    const next = randomPassword();
    expect(
      (
        await send(target, 'POST', '/api/auth/password', {
          headers: auth,
          body: { currentPassword: weak, newPassword: next },
        })
      ).status,
    ).toBe(200);
    const after = await signIn(username, next);
    expect(after.body.passwordChangeRequired).toBe(false);
    expect(
      (
        await send(target, 'GET', '/api/admin/system-status', {
          headers: { authorization: `Bearer ${after.body.token}` },
        })
      ).status,
    ).toBe(200);
  });
});

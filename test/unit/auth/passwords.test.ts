// Password hashing and policy (docs/domain/auth.md#passwords).
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  MAX_ITERATIONS,
  MIN_ITERATIONS,
  passwordPolicyProblem,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from '../../../src/services/auth/passwords';
import { toBase64Url } from '../../../src/lib/bytes';
import { randomPassword } from '../../support/env';

/** A stored hash made independently of our code, with any iteration count. */
function externalHash(password: string, iterations: number): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  return `pbkdf2_sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(key)}`;
}

describe('PBKDF2 parameters', () => {
  it('never exceeds 100,000 iterations, the most Cloudflare Workers accept', () => {
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(MAX_ITERATIONS).toBeLessThanOrEqual(100_000);
    expect(MIN_ITERATIONS).toBe(10_000);
  });

  it('stores pbkdf2_sha256$100000$<16-byte salt b64url>$<32-byte hash b64url>', async () => {
    const stored = await hashPassword(randomPassword());
    expect(stored).toMatch(/^pbkdf2_sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('salts every hash: the same password twice gives two different strings', async () => {
    const pw = randomPassword();
    expect(await hashPassword(pw)).not.toBe(await hashPassword(pw));
  });
});

describe('verification', () => {
  it('round-trips, and the hash is standard PBKDF2-HMAC-SHA-256 (node:crypto derives the same key)', async () => {
    const pw = randomPassword();
    const stored = await hashPassword(pw);
    expect(await verifyPassword(pw, stored)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword(pw + 'x', stored)).toEqual({ ok: false, reason: 'mismatch' });
    const [, iterations, salt, hash] = stored.split('$');
    const expected = pbkdf2Sync(pw, Buffer.from(salt, 'base64url'), Number(iterations), 32, 'sha256');
    expect(hash).toBe(expected.toString('base64url'));
  });

  it('uses the stored count: a hash made with 20,000 iterations verifies and asks for a rehash', async () => {
    const pw = randomPassword();
    expect(await verifyPassword(pw, externalHash(pw, 20_000))).toEqual({ ok: true, needsRehash: true });
  });

  it('accepts the edges 10,000 and 100,000 and rejects counts outside them, even with the right password', async () => {
    const pw = randomPassword();
    expect((await verifyPassword(pw, externalHash(pw, 10_000))).ok).toBe(true);
    expect((await verifyPassword(pw, externalHash(pw, 100_000))).ok).toBe(true);
    expect(await verifyPassword(pw, externalHash(pw, 9_999))).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyPassword(pw, externalHash(pw, 100_001))).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyPassword(pw, externalHash(pw, 1))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('treats malformed strings as failures, never as a match', async () => {
    for (const stored of [
      '',
      'pbkdf2_sha256$100000$abc',
      'md5$1$a$b',
      'pbkdf2_sha256$1e5$AAAA$AAAA',
      'pbkdf2_sha256$100000$!!$!!',
    ]) {
      expect((await verifyPassword('whatever-password', stored)).ok).toBe(false);
    }
  });

  it('sends legacy Werkzeug hashes to the legacy verifier, and without one asks for a reset', async () => {
    const stored = 'scrypt:32768:8:1$abcdefgh$' + 'ab'.repeat(64);
    expect(await verifyPassword('x', stored)).toEqual({ ok: false, reason: 'reset_required' });
    expect(await verifyPassword('x', stored, async () => true)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('x', 'pbkdf2:sha256:600000$s$00', async () => false)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});

describe('policy: 10-128 characters, not the username, not on the denylist', () => {
  it.each([
    ['admin123', 'admin'],
    ['password', 'somchai'],
    ['Password123', 'somchai'],
    ['admin1234567', 'somchai'],
    ['Admin2024!', 'somchai'],
    ['short-9', 'somchai'],
    ['warehouse01', 'warehouse01'],
    ['WAREHOUSE01', 'warehouse01'],
    ['x'.repeat(129), 'somchai'],
  ])('refuses %j for %s', (pw, username) => {
    expect(passwordPolicyProblem(pw, username)).toEqual(expect.any(String));
  });

  it('accepts a 10-character and a 128-character password, and counts Thai characters as characters', () => {
    expect(passwordPolicyProblem('k7#Lp2@qZx', 'somchai')).toBeNull();
    expect(passwordPolicyProblem('a'.repeat(127) + 'b', 'somchai')).toBeNull();
    expect(passwordPolicyProblem('รหัสผ่านยาวมาก', 'somchai')).toBeNull();
    expect(passwordPolicyProblem('😀'.repeat(10), 'somchai')).toBeNull();
  });
});

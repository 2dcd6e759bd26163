// Password hashing (docs/domain/auth.md#passwords): PBKDF2-HMAC-SHA-256 through Web Crypto, so the
// same code runs on Node and on Workers. 100,000 iterations is the most Cloudflare's runtime
// accepts; a test asserts the constant never exceeds it.
import { timingSafeEqualBytes, fromBase64Url, toBase64Url } from '../../lib/bytes';

export const PBKDF2_ITERATIONS = 100_000;
export const MIN_ITERATIONS = 10_000;
export const MAX_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PREFIX = 'pbkdf2_sha256';

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    KEY_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `${PREFIX}$${PBKDF2_ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** Legacy Werkzeug hashes (`scrypt:...`, `pbkdf2:...`): verified on Node only, then rehashed. */
export type LegacyVerifier = (stored: string, password: string) => Promise<boolean>;

export type VerifyOutcome =
  | { ok: true; needsRehash: boolean }
  | { ok: false; reason: 'mismatch' | 'malformed' | 'reset_required' };

export function isLegacyHash(stored: string): boolean {
  return stored.startsWith('scrypt:') || stored.startsWith('pbkdf2:');
}

export async function verifyPassword(
  password: string,
  stored: string,
  legacy?: LegacyVerifier,
): Promise<VerifyOutcome> {
  if (isLegacyHash(stored)) {
    if (!legacy) return { ok: false, reason: 'reset_required' };
    return (await legacy(stored, password)) ? { ok: true, needsRehash: true } : { ok: false, reason: 'mismatch' };
  }
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    return { ok: false, reason: 'malformed' };
  }
  let salt: Uint8Array;
  let expected: Uint8Array;
  try {
    salt = fromBase64Url(parts[2]);
    expected = fromBase64Url(parts[3]);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const actual = await derive(password, salt, iterations);
  if (!timingSafeEqualBytes(actual, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true, needsRehash: iterations !== PBKDF2_ITERATIONS };
}

// Derived once per process: unknown usernames are checked against it so that a wrong username
// costs the same time as a wrong password.
let dummyHash: Promise<string> | null = null;
export async function burnDummyVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy-password-for-timing-only');
  await verifyPassword(password, await dummyHash);
}

const DENYLIST = new Set([
  'admin123',
  'admin1234',
  'admin12345',
  'administrator',
  'password',
  'password1',
  'password12',
  'password123',
  'passw0rd',
  '1234567890',
  '12345678910',
  '0123456789',
  'qwertyuiop',
  'qwerty1234',
  '1q2w3e4r5t',
  'iloveyou12',
  'changeme123',
  'letmein123',
  'welcome123',
  'abcdefghij',
  'aaaaaaaaaa',
  '1111111111',
  'order-desk',
  'orderdesk123',
]);

// Common words that stay weak with digits or symbols stuck on the end (admin2024!, password123456).
const WEAK_STEMS = new Set([
  'admin',
  'administrator',
  'password',
  'passw0rd',
  'qwerty',
  'welcome',
  'letmein',
  'changeme',
  'iloveyou',
  'orderdesk',
  'warehouse',
]);

/** The 6.3 policy: 10-128 characters, not the username, not on the denylist. Null = fine. */
export function passwordPolicyProblem(password: string, username: string): string | null {
  // Characters as people count them (code points), so a Thai or emoji password is not penalised.
  const length = [...password].length;
  if (length < 10) return 'รหัสผ่านต้องมีอย่างน้อย 10 ตัวอักษร';
  if (length > 128) return 'รหัสผ่านต้องไม่เกิน 128 ตัวอักษร';
  const lower = password.toLowerCase();
  if (lower === username.toLowerCase()) return 'รหัสผ่านต้องไม่เหมือนชื่อผู้ใช้';
  const stem = lower.replace(/[0-9!-/:-@[-`{-~]+$/, '');
  if (DENYLIST.has(lower) || DENYLIST.has(stem) || WEAK_STEMS.has(stem)) return 'รหัสผ่านนี้ง่ายเกินไป กรุณาเลือกรหัสผ่านอื่น';
  return null;
}

// Verifies the legacy Flask app's Werkzeug password hashes (Node only: scrypt is not in Web
// Crypto). A match is rehashed to PBKDF2 by the login service, so each account needs this once.
//
// Werkzeug formats (werkzeug.security.generate_password_hash):
//   scrypt:<n>:<r>:<p>$<salt>$<hex>     hashlib.scrypt(pw, salt=salt, n, r, p, maxmem=132*n*r*p), 64-byte key
//   pbkdf2:<digest>:<iterations>$<salt>$<hex>   hashlib.pbkdf2_hmac(digest, pw, salt, iterations), digest-sized key
// The salt is used as its UTF-8 text, not decoded.
import { pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { LegacyVerifier } from '../services/auth/passwords';

const scryptAsync = promisify(scrypt) as (pw: string, salt: string, len: number, opts: object) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

// Werkzeug's defaults when a field is missing from the method string.
const SCRYPT_DEFAULTS = { n: 2 ** 15, r: 8, p: 1 };
const PBKDF2_DEFAULT_ITERATIONS = 600_000;
// Refuse absurd parameters from a tampered row rather than burning the CPU on them.
const MAX_SCRYPT_N = 2 ** 20;
const MAX_PBKDF2_ITERATIONS = 5_000_000;

export const verifyWerkzeugHash: LegacyVerifier = async (stored, password) => {
  const [method, salt, hash] = stored.split('$');
  if (!method || salt === undefined || !hash || !/^[0-9a-f]+$/i.test(hash) || hash.length % 2) return false;
  const parts = method.split(':');
  const keyLength = hash.length / 2;
  let derived: Buffer;
  try {
    if (parts[0] === 'scrypt') {
      const n = Number(parts[1] ?? SCRYPT_DEFAULTS.n);
      const r = Number(parts[2] ?? SCRYPT_DEFAULTS.r);
      const p = Number(parts[3] ?? SCRYPT_DEFAULTS.p);
      if (![n, r, p].every(Number.isSafeInteger) || n > MAX_SCRYPT_N) return false;
      derived = await scryptAsync(password, salt, keyLength, { N: n, r, p, maxmem: 132 * n * r * p + 1024 * 1024 });
    } else if (parts[0] === 'pbkdf2') {
      const digest = parts[1] ?? 'sha256';
      const iterations = Number(parts[2] ?? PBKDF2_DEFAULT_ITERATIONS);
      if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) return false;
      derived = await pbkdf2Async(password, salt, iterations, keyLength, digest);
    } else {
      return false;
    }
  } catch {
    return false;
  }
  const expected = Buffer.from(hash, 'hex');
  return expected.length === derived.length && timingSafeEqual(expected, derived);
};

// Verifies the legacy Flask app's Werkzeug password hashes (Node only: scrypt is not in Web
// Crypto). A match is rehashed to PBKDF2 by the login service, so each account needs this once.
import { pbkdf2Sync, scryptSync, timingSafeEqual } from 'node:crypto';
import type { LegacyVerifier } from '../auth/passwords';

export const verifyWerkzeugHash: LegacyVerifier = async (stored, password) => {
  const [method, salt, hash] = stored.split('$');
  if (!method || salt === undefined || !hash) return false;
  const parts = method.split(':');
  let derived: Buffer;
  try {
    if (parts[0] === 'scrypt') {
      const [n, r, p] = [Number(parts[1] ?? 32768), Number(parts[2] ?? 8), Number(parts[3] ?? 1)];
      derived = scryptSync(password, salt, hash.length / 2, { N: n, r, p, maxmem: 132 * n * r * p + 1024 * 1024 });
    } else if (parts[0] === 'pbkdf2') {
      const digest = parts[1] ?? 'sha256';
      const iterations = Number(parts[2] ?? 600000);
      derived = pbkdf2Sync(password, salt, iterations, hash.length / 2, digest);
    } else {
      return false;
    }
  } catch {
    return false;
  }
  const expected = Buffer.from(hash, 'hex');
  return expected.length === derived.length && timingSafeEqual(expected, derived);
};

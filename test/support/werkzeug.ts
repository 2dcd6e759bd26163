// Legacy password hashes made exactly as werkzeug.security.generate_password_hash formats them
// (the legacy Flask app's default is scrypt), with node:crypto.
import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';

const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** werkzeug.security.gen_salt(16): 16 characters from letters and digits, used as text. */
const genSalt = () => Array.from(randomBytes(16), (b) => SALT_CHARS[b % SALT_CHARS.length]).join('');

/** `scrypt:32768:8:1$<salt>$<hex>`: hashlib.scrypt(n=2**15, r=8, p=1, maxmem=132*n*r*p), 64-byte key. */
export function werkzeugScrypt(password: string, salt = genSalt()): string {
  const [n, r, p] = [32768, 8, 1];
  const key = scryptSync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), 64, {
    N: n,
    r,
    p,
    maxmem: 132 * n * r * p,
  });
  return `scrypt:${n}:${r}:${p}$${salt}$${key.toString('hex')}`;
}

/** `pbkdf2:sha256:<iterations>$<salt>$<hex>`: hashlib.pbkdf2_hmac, digest-sized key. */
export function werkzeugPbkdf2(password: string, iterations = 600_000, salt = genSalt()): string {
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), iterations, 32, 'sha256');
  return `pbkdf2:sha256:${iterations}$${salt}$${key.toString('hex')}`;
}

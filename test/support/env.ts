// Test configuration. Passwords are generated per run: no password is built into any test.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const randomPassword = () => `T-${randomBytes(12).toString('base64url')}-9`;

export const ADMIN_PASSWORD = randomPassword();

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD,
    NODE_ENV: 'test',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

export const tempDir = (prefix = 'wms-test-') => mkdtempSync(join(tmpdir(), prefix));

// The logger's last line of defence (docs/domain/auth.md#security-rules-beyond-sign-in): configured
// secret values never print.
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../../src/log';
import { loadConfig, secretValues } from '../../../src/config';

describe('logger', () => {
  it('scrubs configured secret values from messages and fields, and redacts secret-looking field names', () => {
    const lines: string[] = [];
    const jwt = 'j'.repeat(20) + 'SECRET-SIGNING-KEY-0123456789';
    const parsed = loadConfig(
      { JWT_SECRET: jwt, DATABASE_AUTH_TOKEN: 'db-token-abcdef123456', ADMIN_PASSWORD: 'Adm1n-Pass-Long!' },
      'node',
    );
    if (!parsed.ok) throw new Error('config');
    const log = createLogger('debug', (_l: LogLevel, line) => lines.push(line), {
      secrets: secretValues(parsed.config),
    });
    log.info(`oops ${jwt} and db-token-abcdef123456`, {
      note: 'pw Adm1n-Pass-Long!',
      password: 'other-secret',
      nested: { authToken: 'x' },
    });
    const out = lines.join('\n');
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('db-token-abcdef123456');
    expect(out).not.toContain('Adm1n-Pass-Long!');
    expect(out).not.toContain('other-secret');
    expect(out).toContain('[redacted]');
    expect(out).toContain('oops');
  });

  it('logs a failed query with its SQL and the driver cause, never the bound values', () => {
    const lines: string[] = [];
    const log = createLogger('info', (_l: LogLevel, line) => lines.push(line));
    const cause = new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: settings.key');
    const error = new Error(
      'Failed query: insert into "settings" ("key", "value") values (?, ?)\nparams: session_secret,Zm9vYmFyLXNlY3JldC12YWx1ZQ',
      { cause },
    );
    log.error('Unhandled error in POST /x', { requestId: 'r-1', error });
    expect(lines[0]).toContain('insert into');
    expect(lines[0]).toContain('UNIQUE constraint failed: settings.key');
    expect(lines[0]).toContain('params: [redacted]');
    expect(lines[0]).not.toContain('Zm9vYmFyLXNlY3JldC12YWx1ZQ');
  });

  it('shows every URL in a line without user info and without credential parameters, in messages and error fields', () => {
    const lines: string[] = [];
    const log = createLogger('info', (_l: LogLevel, line) => lines.push(line));
    log.warn('remote at libsql://dbuser:Pw-Secret-1@db.example.com?authToken=tok-Secret-2&tls=1 is slow');
    log.error('Unhandled error', {
      error: new Error('fetch https://u:Pw-Secret-3@h.example/v2?key=Key-Secret-4#x failed'),
    });
    const out = lines.join('\n');
    for (const secret of ['Pw-Secret-1', 'tok-Secret-2', 'Pw-Secret-3', 'Key-Secret-4', 'dbuser', 'authToken'])
      expect(out).not.toContain(secret);
    expect(lines[0]).toBe('remote at libsql://db.example.com?tls=1 is slow');
    expect(out).toContain('https://h.example/v2#x failed');
  });
});

import { describe, expect, it } from 'vitest';
import { assessPersistence, describeConfig, loadConfig, resolveDatabaseLocation } from '../../src/config';

const cwd = '/srv/app';
const locate = (env: Record<string, string>) => {
  const parsed = loadConfig(env, 'node');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return resolveDatabaseLocation(parsed.config, cwd);
};

describe('database location precedence (docs/domain/data-safety.md#database-location)', () => {
  it('1. DATABASE_URL file: wins over everything and resolves relative paths against the working directory', () => {
    const r = locate({ DATABASE_URL: 'file:db/main.db', DATABASE_PATH: '/x/y.db', RAILWAY_VOLUME_MOUNT_PATH: '/data' });
    expect(r.location).toEqual({ kind: 'file', path: '/srv/app/db/main.db', source: 'DATABASE_URL' });
    expect(r.warnings).toEqual([expect.stringContaining('ignoring DATABASE_PATH')]);
    expect(locate({ DATABASE_URL: 'file:///abs/x.db' }).location).toMatchObject({ path: '/abs/x.db' });
  });

  it('1. DATABASE_URL libsql:/https:/ws: opens the remote adapter with the token', () => {
    for (const url of [
      'libsql://shop.example.turso.io',
      'https://db.example.com',
      'http://127.0.0.1:8080',
      'wss://x.example',
      'ws://x',
    ]) {
      const r = locate({ DATABASE_URL: url, DATABASE_AUTH_TOKEN: 'tok' });
      expect(r.location).toEqual({ kind: 'remote', url, authToken: 'tok', source: 'DATABASE_URL' });
    }
  });

  it('2. DATABASE_PATH, relative to the working directory', () => {
    expect(locate({ DATABASE_PATH: 'var/orders.db', RAILWAY_VOLUME_MOUNT_PATH: '/data' }).location).toEqual({
      kind: 'file',
      path: '/srv/app/var/orders.db',
      source: 'DATABASE_PATH',
    });
  });

  it('3. $RAILWAY_VOLUME_MOUNT_PATH/data.db', () => {
    expect(locate({ RAILWAY_VOLUME_MOUNT_PATH: '/data' }).location).toEqual({
      kind: 'file',
      path: '/data/data.db',
      source: 'RAILWAY_VOLUME_MOUNT_PATH',
    });
  });

  it('4. ./data.db otherwise; an empty variable counts as unset', () => {
    expect(locate({}).location).toEqual({ kind: 'file', path: '/srv/app/data.db', source: 'default' });
    expect(locate({ DATABASE_URL: '', DATABASE_PATH: '  ', RAILWAY_VOLUME_MOUNT_PATH: '' }).location).toMatchObject({
      source: 'default',
    });
  });
});

describe('persistence and the no-volume warning (docs/domain/data-safety.md#persistence-warning)', () => {
  const file = (path: string) => ({ kind: 'file' as const, path, source: 'default' as const });

  it('off Railway any file is persistent', () => {
    expect(
      assessPersistence({ location: file('/srv/app/data.db'), onRailway: false, mountPathIsMountPoint: null }),
    ).toMatchObject({ persistent: true, warning: null });
  });

  it('on Railway without a volume: not persistent, WARNING naming the path, /data and DATABASE_URL', () => {
    const r = assessPersistence({ location: file('/app/data.db'), onRailway: true, mountPathIsMountPoint: null });
    expect(r.persistent).toBe(false);
    expect(r.warning).toMatch(/^WARNING:/);
    expect(r.warning).toContain('will be lost on the next deploy');
    expect(r.warning).toContain('/app/data.db');
    expect(r.warning).toContain('/data');
    expect(r.warning).toContain('DATABASE_URL');
  });

  it('on Railway with the variable set by hand but no real mount: still not persistent', () => {
    const r = assessPersistence({
      location: file('/data/data.db'),
      onRailway: true,
      mountPath: '/data',
      mountPathIsMountPoint: false,
    });
    expect(r).toMatchObject({ persistent: false, dbInsideVolume: true });
    expect(r.warning).toMatch(/^WARNING:/);
  });

  it('on Railway inside a real mount: persistent, no warning; a remote database is always persistent', () => {
    expect(
      assessPersistence({
        location: file('/data/data.db'),
        onRailway: true,
        mountPath: '/data',
        mountPathIsMountPoint: true,
      }),
    ).toMatchObject({ persistent: true, warning: null });
    expect(
      assessPersistence({
        location: file('/data2/data.db'),
        onRailway: true,
        mountPath: '/data',
        mountPathIsMountPoint: true,
      }).persistent,
    ).toBe(false);
    expect(
      assessPersistence({
        location: { kind: 'remote', url: 'libsql://x', source: 'DATABASE_URL' },
        onRailway: true,
        mountPathIsMountPoint: null,
      }).persistent,
    ).toBe(true);
  });
});

describe('configuration validation (README.md#configuration)', () => {
  it('names bad variables and never their values', () => {
    const secret = 'short-secret-value';
    const r = loadConfig(
      { PORT: 'eighty', JWT_SECRET: secret, BACKUP_DAILY_AT: '7pm', DATABASE_URL: 'postgres://x' },
      'node',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.variable).sort()).toEqual(['BACKUP_DAILY_AT', 'DATABASE_URL', 'JWT_SECRET', 'PORT']);
    expect(JSON.stringify(r.errors)).not.toContain(secret);
  });

  it('refuses COOKIE_SECURE=false in production, allows it outside', () => {
    expect(loadConfig({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }, 'node').ok).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', COOKIE_SECURE: 'false' }, 'node').ok).toBe(true);
  });

  it('the worker needs a remote DATABASE_URL', () => {
    expect(loadConfig({}, 'edge').ok).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'file:x.db' }, 'edge').ok).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'libsql://db.example' }, 'edge').ok).toBe(true);
  });

  it('detects Railway, trusts its proxy by default and derives the shutdown budget', () => {
    const r = loadConfig({ RAILWAY_ENVIRONMENT: 'production', RAILWAY_DEPLOYMENT_DRAINING_SECONDS: '10' }, 'node');
    expect(r.ok && r.config).toMatchObject({ onRailway: true, TRUST_PROXY: true, SHUTDOWN_TIMEOUT_MS: 9500 });
    const local = loadConfig({}, 'node');
    expect(local.ok && local.config).toMatchObject({
      onRailway: false,
      TRUST_PROXY: false,
      SHUTDOWN_TIMEOUT_MS: 2500,
      PORT: 8000,
      HOST: '0.0.0.0',
    });
  });

  it('shows secrets only as set / not set in the status config section', () => {
    const r = loadConfig(
      { JWT_SECRET: 'x'.repeat(40), DATABASE_AUTH_TOKEN: 'tok-123', DATABASE_URL: 'libsql://db.example?authToken=abc' },
      'node',
    );
    if (!r.ok) throw new Error('config');
    const shown = describeConfig(r.config);
    expect(shown).toMatchObject({
      JWT_SECRET: 'set',
      DATABASE_AUTH_TOKEN: 'set',
      ADMIN_PASSWORD: 'not set',
      DATABASE_URL: 'libsql://db.example',
    });
    expect(JSON.stringify(shown)).not.toMatch(/xxxx|tok-123|abc/);
  });
});

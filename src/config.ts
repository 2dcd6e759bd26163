// Configuration (operations 9.2): read once from the environment (Node) or the bindings (edge),
// validated with zod, then passed down. An empty variable counts as unset. Errors name the bad
// variables, never their values. Runtime-neutral: no process.env, no node:path.
import { z } from 'zod';

export type Runtime = 'node' | 'edge';
export type Env = Record<string, string | undefined>;

/** Variables whose values must never be logged or shown (status shows "set"/"not set"). */
export const SECRET_VARIABLES = [
  'DATABASE_AUTH_TOKEN',
  'JWT_SECRET',
  'JWT_SECRET_PREVIOUS',
  'ADMIN_PASSWORD',
  'SETUP_TOKEN',
  'GOOGLE_CREDENTIALS_JSON',
  'GOOGLE_PRIVATE_KEY',
  'GOOGLE_PRIVATE_KEY_ID',
  'GOOGLE_API_KEY',
] as const;

/** The values of the secret variables that are set, for the logger to scrub (never to print). */
export function secretValues(config: Pick<Config, 'given'>): string[] {
  return SECRET_VARIABLES.map((name) => config.given[name]).filter((v): v is string => v !== undefined);
}

const RAILWAY_DETECTION = [
  'RAILWAY_ENVIRONMENT',
  'RAILWAY_ENVIRONMENT_NAME',
  'RAILWAY_PROJECT_ID',
  'RAILWAY_SERVICE_ID',
  'RAILWAY_DEPLOYMENT_ID',
] as const;

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      const s = v.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(s)) return true;
      if (['false', '0', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: 'expected true or false' });
      return z.NEVER;
    });

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      if (!/^\s*\d+\s*$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'expected a whole number' });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const optionalText = z.string().optional();

const DATABASE_URL_SCHEMES = /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/i;

const schema = z.object({
  PORT: int(8000, 1, 65535),
  HOST: z.string().default('0.0.0.0'),
  NODE_ENV: z.string().default('development'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || DATABASE_URL_SCHEMES.test(v),
      'expected a file:, libsql:, http(s): or ws(s): URL',
    ),
  DATABASE_AUTH_TOKEN: optionalText,
  DATABASE_PATH: optionalText,
  RAILWAY_VOLUME_MOUNT_PATH: optionalText,
  RAILWAY_VOLUME_NAME: optionalText,
  RAILWAY_ENVIRONMENT: optionalText,
  RAILWAY_ENVIRONMENT_NAME: optionalText,
  RAILWAY_PROJECT_ID: optionalText,
  RAILWAY_SERVICE_ID: optionalText,
  RAILWAY_DEPLOYMENT_ID: optionalText,
  RAILWAY_GIT_COMMIT_SHA: optionalText,
  RAILWAY_DEPLOYMENT_DRAINING_SECONDS: int(3, 0, 3600),
  SHUTDOWN_TIMEOUT_MS: int(-1, 0, 3_600_000),
  JWT_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || new TextEncoder().encode(v).length >= 32, 'must be at least 32 bytes'),
  JWT_SECRET_PREVIOUS: z
    .string()
    .optional()
    .refine((v) => v === undefined || new TextEncoder().encode(v).length >= 32, 'must be at least 32 bytes'),
  SESSION_TTL_HOURS: int(12, 1, 24 * 30),
  COOKIE_SECURE: bool(true),
  PUBLIC_ORIGIN: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^https?:\/\/[^/]+$/.test(v), 'expected an origin like https://desk.example.com'),
  TRUST_PROXY: z.string().optional(),
  TRUST_PROXY_HOPS: int(1, 1, 10),
  ADMIN_USERNAME: z.string().default('admin'),
  ADMIN_PASSWORD: optionalText,
  SETUP_TOKEN: optionalText,
  LOGIN_MAX_FAILURES: int(5, 1, 1000),
  LOGIN_LOCK_MINUTES: int(15, 1, 24 * 60),
  AUDIT_KEEP_DAYS: int(365, 1, 36_500),
  BACKUP_DIR: optionalText,
  BACKUP_DAILY_AT: z
    .string()
    .default('19:00')
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'expected HH:MM'),
  BACKUP_KEEP_DAILY: int(7, 1, 1000),
  BACKUP_KEEP_MANUAL: int(10, 1, 1000),
  BACKUP_KEEP_PRE: int(20, 1, 1000),
  EXPORT_MAX_CONCURRENT: int(2, 1, 64),
  MAX_UPLOAD_BYTES: int(20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  MAX_RESTORE_BYTES: int(256 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
  LEGACY_ADOPT: bool(false),
  APP_NAME: z.string().default('Order Desk'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  GOOGLE_CREDENTIALS_JSON: optionalText,
  GOOGLE_CLIENT_EMAIL: optionalText,
  GOOGLE_PRIVATE_KEY: optionalText,
  GOOGLE_PRIVATE_KEY_ID: optionalText,
  GOOGLE_PROJECT_ID: optionalText,
  GOOGLE_TOKEN_URI: optionalText,
  GOOGLE_CREDENTIALS_FILE: optionalText,
  GOOGLE_API_KEY: optionalText,
});

type Raw = z.infer<typeof schema>;

export interface Config extends Omit<Raw, 'TRUST_PROXY' | 'SHUTDOWN_TIMEOUT_MS'> {
  runtime: Runtime;
  onRailway: boolean;
  TRUST_PROXY: boolean;
  SHUTDOWN_TIMEOUT_MS: number;
  /** The variables as given (empty = unset), for the status page's config section. */
  given: Env;
}

export type ConfigResult =
  | { ok: true; config: Config }
  | { ok: false; errors: { variable: string; message: string }[] };

/** Drops empty strings: an empty variable counts as unset (operations 1.2). */
export function cleanEnv(env: Env): Env {
  const out: Env = {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === 'string' && v.trim() !== '') out[k] = v;
  }
  return out;
}

export function loadConfig(rawEnv: Env, runtime: Runtime): ConfigResult {
  const env = cleanEnv(rawEnv);
  const parsed = schema.safeParse(env);
  const errors: { variable: string; message: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push({ variable: String(issue.path[0] ?? '?'), message: issue.message });
    }
  }
  if (!parsed.success) return { ok: false, errors };
  const raw = parsed.data;
  const onRailway = RAILWAY_DETECTION.some((name) => env[name] !== undefined);
  const production = raw.NODE_ENV === 'production';
  if (production && !raw.COOKIE_SECURE) {
    errors.push({ variable: 'COOKIE_SECURE', message: 'may be false only outside production' });
  }
  if (runtime === 'edge') {
    if (!raw.DATABASE_URL || /^file:/i.test(raw.DATABASE_URL)) {
      errors.push({ variable: 'DATABASE_URL', message: 'the worker needs a remote libsql:// or https:// URL' });
    }
    if (raw.DATABASE_PATH) errors.push({ variable: 'DATABASE_PATH', message: 'not supported on the edge' });
  }
  let trustProxy = onRailway;
  if (raw.TRUST_PROXY !== undefined) {
    const s = raw.TRUST_PROXY.trim().toLowerCase();
    if (['true', '1', 'yes'].includes(s)) trustProxy = true;
    else if (['false', '0', 'no'].includes(s)) trustProxy = false;
    else errors.push({ variable: 'TRUST_PROXY', message: 'expected true or false' });
  }
  if (errors.length) return { ok: false, errors };
  const shutdownTimeout =
    raw.SHUTDOWN_TIMEOUT_MS >= 0
      ? raw.SHUTDOWN_TIMEOUT_MS
      : Math.max(500, raw.RAILWAY_DEPLOYMENT_DRAINING_SECONDS * 1000 - 500);
  return {
    ok: true,
    config: { ...raw, runtime, onRailway, TRUST_PROXY: trustProxy, SHUTDOWN_TIMEOUT_MS: shutdownTimeout, given: env },
  };
}

// ---------------------------------------------------------------------------------------------
// Database location (operations 1.2): one function computes it once; the startup log, the
// backup store and system status all use its result.

export type DatabaseLocation =
  | { kind: 'file'; path: string; source: 'DATABASE_URL' | 'DATABASE_PATH' | 'RAILWAY_VOLUME_MOUNT_PATH' | 'default' }
  | { kind: 'remote'; url: string; authToken?: string; source: 'DATABASE_URL' };

export interface LocationResult {
  location: DatabaseLocation;
  warnings: string[];
}

/** Joins and normalises POSIX paths without node:path, so this module stays runtime-neutral. */
export function resolvePosixPath(cwd: string, path: string): string {
  const start = path.startsWith('/') ? path : `${cwd.replace(/\/+$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of start.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function filePathFromUrl(url: string): string {
  // file:relative.db, file:/abs.db, file:///abs.db, file://localhost/abs.db
  let rest = url.replace(/^file:/i, '');
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    rest = slash >= 0 ? rest.slice(slash) : '';
  }
  return decodeURIComponent(rest.split('?')[0]);
}

export function resolveDatabaseLocation(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH' | 'DATABASE_AUTH_TOKEN' | 'RAILWAY_VOLUME_MOUNT_PATH'>,
  cwd: string,
): LocationResult {
  const warnings: string[] = [];
  if (config.DATABASE_URL) {
    if (config.DATABASE_PATH)
      warnings.push('Both DATABASE_URL and DATABASE_PATH are set; using DATABASE_URL and ignoring DATABASE_PATH.');
    if (/^file:/i.test(config.DATABASE_URL)) {
      return {
        location: {
          kind: 'file',
          path: resolvePosixPath(cwd, filePathFromUrl(config.DATABASE_URL)),
          source: 'DATABASE_URL',
        },
        warnings,
      };
    }
    return {
      location: {
        kind: 'remote',
        url: config.DATABASE_URL,
        authToken: config.DATABASE_AUTH_TOKEN,
        source: 'DATABASE_URL',
      },
      warnings,
    };
  }
  if (config.DATABASE_PATH) {
    return {
      location: { kind: 'file', path: resolvePosixPath(cwd, config.DATABASE_PATH), source: 'DATABASE_PATH' },
      warnings,
    };
  }
  if (config.RAILWAY_VOLUME_MOUNT_PATH) {
    return {
      location: {
        kind: 'file',
        path: resolvePosixPath(cwd, `${config.RAILWAY_VOLUME_MOUNT_PATH}/data.db`),
        source: 'RAILWAY_VOLUME_MOUNT_PATH',
      },
      warnings,
    };
  }
  return { location: { kind: 'file', path: resolvePosixPath(cwd, 'data.db'), source: 'default' }, warnings };
}

/**
 * Persistent storage (operations 1.3): the database is remote; or the service is not on
 * Railway; or the file is inside RAILWAY_VOLUME_MOUNT_PATH and that directory is a real mount.
 */
export function assessPersistence(input: {
  location: DatabaseLocation;
  onRailway: boolean;
  mountPath?: string;
  /** Whether mountPath is a mount point (device differs from its parent); null = unknown. */
  mountPathIsMountPoint: boolean | null;
}): { persistent: boolean; dbInsideVolume: boolean; warning: string | null } {
  const { location, onRailway, mountPath } = input;
  if (location.kind === 'remote') return { persistent: true, dbInsideVolume: false, warning: null };
  const normalisedMount = mountPath ? resolvePosixPath('/', mountPath) : undefined;
  const dbInsideVolume = !!normalisedMount && location.path.startsWith(normalisedMount.replace(/\/?$/, '/'));
  if (!onRailway) return { persistent: true, dbInsideVolume, warning: null };
  const persistent = dbInsideVolume && input.mountPathIsMountPoint === true;
  return {
    persistent,
    dbInsideVolume,
    warning: persistent
      ? null
      : `WARNING: the database at ${location.path} is not on a persistent volume and will be lost on the next deploy. ` +
        'Attach a Railway volume mounted at /data or set DATABASE_URL to a remote libSQL database.',
  };
}

/** The config section of system status: every 9.2 variable, secrets as "set"/"not set". */
export function describeConfig(config: Config): Record<string, string | null> {
  const names = Object.keys(schema.shape);
  const out: Record<string, string | null> = {};
  for (const name of names) {
    const value = config.given[name];
    if ((SECRET_VARIABLES as readonly string[]).includes(name)) out[name] = value === undefined ? 'not set' : 'set';
    else if (name === 'DATABASE_URL' && value !== undefined)
      out[name] = value.split('?')[0].replace(/\/\/[^@/]*@/, '//');
    else out[name] = value ?? null;
  }
  return out;
}

// The environment variables (README.md#configuration): read once from the environment
// (Node) or the bindings (edge), validated with zod, then passed down. An empty variable counts as
// unset. Errors name the bad variables, never their values. Runtime-neutral: no process.env.
import { z } from 'zod';

export type Runtime = 'node' | 'edge';
export type Env = Record<string, string | undefined>;

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

export const schema = z.object({
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

/** Drops empty strings: an empty variable counts as unset (docs/domain/data-safety.md#database-location). */
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

// What may be shown of the configuration: secret values never leave the process (the logger
// scrubs them, the status page says "set" or "not set").
import { type Config, schema } from './env';

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

/** The config section of system status: every variable of the schema, secrets as "set"/"not set". */
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

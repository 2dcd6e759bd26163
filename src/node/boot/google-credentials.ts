// The Google service-account key file for local Node development (docs/domain/imports.md#google-sheets).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../config';
import type { Logger } from '../../log';

/** GOOGLE_CREDENTIALS_FILE, else ./credentials.json when present; only when no key is in the environment. */
export function googleCredentialsFile(config: Config, cwd: string, log: Logger): string | null {
  if (config.GOOGLE_CREDENTIALS_JSON || config.GOOGLE_PRIVATE_KEY) return null;
  const path = config.GOOGLE_CREDENTIALS_FILE
    ? resolve(cwd, config.GOOGLE_CREDENTIALS_FILE)
    : resolve(cwd, 'credentials.json');
  if (!existsSync(path)) {
    if (config.GOOGLE_CREDENTIALS_FILE) log.warn(`GOOGLE_CREDENTIALS_FILE does not exist: ${path}`);
    return null;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    log.warn(`Cannot read the Google credentials file ${path}: ${(error as Error).message}`);
    return null;
  }
}

// The session signing keys (docs/domain/auth.md#sessions): JWT_SECRET (and JWT_SECRET_PREVIOUS)
// from the environment, or a random secret kept in settings so sessions survive redeploys.
import { eq } from 'drizzle-orm';
import type { Config } from '../../config';
import { settings } from '../../db/schema';
import { fromBase64Url, randomToken } from '../../lib/bytes';
import type { StoragePort } from '../../storage';
import type { SessionKeys } from './session-tokens';

const SESSION_SECRET_KEY = 'session_secret';

/** Loads the keys once per process and keeps them. */
export function createKeyStore(deps: { storage: StoragePort; config: Config; clock: () => number }) {
  const { storage, config, clock } = deps;
  let keys: SessionKeys | null = null;

  async function databaseSecret(): Promise<string> {
    // INSERT OR IGNORE then read back, so concurrent isolates all end up with the same one.
    const existing = await storage.db.select().from(settings).where(eq(settings.key, SESSION_SECRET_KEY));
    if (existing[0]?.value) return existing[0].value;
    await storage.transaction(async (tx) => {
      await tx
        .insert(settings)
        .values({ key: SESSION_SECRET_KEY, value: randomToken(32), updatedAt: clock() })
        .onConflictDoNothing();
    });
    const rows = await storage.db.select().from(settings).where(eq(settings.key, SESSION_SECRET_KEY));
    return rows[0].value;
  }

  return async function loadKeys(): Promise<SessionKeys> {
    if (keys) return keys;
    const previous = config.JWT_SECRET_PREVIOUS ? [new TextEncoder().encode(config.JWT_SECRET_PREVIOUS)] : [];
    if (config.JWT_SECRET) {
      keys = { primary: new TextEncoder().encode(config.JWT_SECRET), previous, source: 'env' };
      return keys;
    }
    keys = { primary: fromBase64Url(await databaseSecret()), previous, source: 'database' };
    return keys;
  };
}

export type LoadKeys = ReturnType<typeof createKeyStore>;

// Sessions (docs/domain/auth.md#sessions and #csrf): issuing a signed token, resolving one per
// request, the CSRF token bound to it, and signing out (this session or all of the user's).
import { eq, lt, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { type Role, revokedSessions, users } from '../../db/schema';
import { timingSafeEqualText } from '../../lib/bytes';
import type { StoragePort } from '../../storage';
import { writeAudit } from '../audit';
import type { Actor, AuthState, AuthUser } from '../context';
import { publicUser } from './accounts';
import type { LoadKeys } from './keys';
import { csrfTokenFor, signSession, verifySession } from './session-tokens';

export interface IssuedSession {
  token: string;
  expiresAt: number;
  jti: string;
  csrfToken: string;
}

/** A session lookup's answer and the data version it read beside it (null: none read). */
export interface SessionLookup {
  session: Omit<AuthState, 'method'> | null;
  version: number | null;
}

const NO_SESSION: SessionLookup = { session: null, version: null };

/** Sessions kept per change mark (a client sends the same token every time). */
const SESSIONS_KEPT = 1_000;

/**
 * The user a token names, whether its jti was revoked, and the data version, as one statement:
 * one snapshot, and on a remote database one round trip (a model read takes the version on
 * arrival: src/app.ts). Always one row; the user's columns are null when the id is gone.
 */
const SESSION_LOOKUP = `SELECT u.id, u.username, u.role, u.disabled, u.token_version, u.password_change_required,
  EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.jti = ?) AS revoked,
  (SELECT version FROM data_version WHERE id = 1) AS version
FROM (SELECT 1) LEFT JOIN users u ON u.id = ?`;

export function createSessions(deps: {
  storage: StoragePort;
  config: Config;
  clock: () => number;
  loadKeys: LoadKeys;
}) {
  const { storage, config, clock, loadKeys } = deps;

  async function issueSession(user: AuthUser & { tokenVersion: number }): Promise<IssuedSession> {
    const k = await loadKeys();
    const { token, claims } = await signSession(
      k,
      { userId: user.id, username: user.username, tokenVersion: user.tokenVersion },
      config.SESSION_TTL_HOURS,
      clock(),
    );
    return { token, expiresAt: claims.expiresAt, jti: claims.jti, csrfToken: await csrfTokenFor(k, claims.jti) };
  }

  // Sessions looked up while the database's change mark stood where it stands now (only where the
  // mark is free to read: a local file). A hit is the answer a lookup would give, since nothing was
  // committed since; any commit (a logout, a role or password change, a disabled account, by this
  // process or another) moves the mark and empties them (docs/domain/auth.md#sessions).
  const known = new Map<string, SessionLookup>();
  let knownAt: number | null = null;

  /**
   * Verifies a token and reloads its user; `session` is null when anything is off. `version` is
   * the data version the lookup read beside the user, null when it read nothing (a token that
   * does not verify, or an answer kept from an earlier lookup).
   */
  async function lookUpSession(token: string): Promise<SessionLookup> {
    const k = await loadKeys();
    const claims = await verifySession(k, token, clock(), config.SESSION_TTL_HOURS * 3600);
    if (!claims) return NO_SESSION;
    const mark = storage.changeMark?.() ?? null;
    if (mark !== null) {
      if (mark !== knownAt) {
        known.clear();
        knownAt = mark;
      }
      const hit = known.get(token);
      if (hit) return { session: hit.session, version: null };
    }
    const row = await storage.readKeptRow(SESSION_LOOKUP, [claims.jti, claims.userId]);
    const [id, username, role, disabled, tokenVersion, passwordChangeRequired, revoked, version] = row ?? [];
    let session: Omit<AuthState, 'method'> | null = null;
    // Ids are reused after a hard delete: a token belongs to the account it named.
    if (
      id !== null &&
      id !== undefined &&
      !Number(disabled) &&
      Number(tokenVersion) === claims.tokenVersion &&
      !Number(revoked) &&
      username === claims.username
    ) {
      session = Object.freeze({
        user: Object.freeze(publicUser({ id: Number(id), username: String(username), role: role as Role })),
        jti: claims.jti,
        expiresAt: claims.expiresAt,
        passwordChangeRequired: Boolean(Number(passwordChangeRequired)),
      });
    }
    // Kept only when nothing was committed around the lookup: then it read the state of `mark`.
    if (mark !== null && storage.changeMark?.() === mark && known.size < SESSIONS_KEPT)
      known.set(token, { session, version: null });
    return { session, version: Number(version ?? 0) };
  }

  /** Verifies a token and reloads its user; null when anything is off. */
  async function resolveSession(token: string): Promise<Omit<AuthState, 'method'> | null> {
    return (await lookUpSession(token)).session;
  }

  async function csrfMatches(jti: string, presented: string | undefined): Promise<boolean> {
    if (!presented) return false;
    const k = await loadKeys();
    for (const key of [k.primary, ...k.previous]) {
      if (timingSafeEqualText(await csrfTokenFor({ ...k, primary: key }, jti), presented)) return true;
    }
    return false;
  }

  async function logout(auth: AuthState, all: boolean, actor: Actor): Promise<void> {
    const now = clock();
    await storage.transaction(async (tx) => {
      if (all) {
        await tx
          .update(users)
          .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: now })
          .where(eq(users.id, auth.user.id));
      } else {
        await tx
          .insert(revokedSessions)
          .values({ jti: auth.jti, userId: auth.user.id, expiresAt: auth.expiresAt, revokedAt: now })
          .onConflictDoNothing();
      }
      await tx.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
      await writeAudit(
        tx,
        actor,
        {
          action: 'auth.logout',
          targetType: 'user',
          targetId: auth.user.id,
          targetLabel: auth.user.username,
          details: { all },
        },
        now,
      );
    });
  }

  return {
    issueSession,
    resolveSession,
    lookUpSession,
    csrfMatches,
    csrfTokenFor: async (jti: string) => csrfTokenFor(await loadKeys(), jti),
    logout,
  };
}

export type Sessions = ReturnType<typeof createSessions>;

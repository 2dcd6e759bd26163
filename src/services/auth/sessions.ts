// Sessions (docs/domain/auth.md#sessions and #csrf): issuing a signed token, resolving one per
// request, the CSRF token bound to it, and signing out (this session or all of the user's).
import { eq, lt, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { revokedSessions, users } from '../../db/schema';
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

  /** Verifies a token and reloads its user; null when anything is off. */
  async function resolveSession(token: string): Promise<Omit<AuthState, 'method'> | null> {
    const k = await loadKeys();
    const claims = await verifySession(k, token, clock(), config.SESSION_TTL_HOURS * 3600);
    if (!claims) return null;
    const rows = await storage.db
      .select({
        id: users.id,
        username: users.username,
        role: users.role,
        disabled: users.disabled,
        tokenVersion: users.tokenVersion,
        passwordChangeRequired: users.passwordChangeRequired,
        revoked: sql<number>`exists (select 1 from "revoked_sessions" where "revoked_sessions"."jti" = ${claims.jti})`,
      })
      .from(users)
      .where(eq(users.id, claims.userId));
    const user = rows[0];
    if (!user || user.disabled || user.tokenVersion !== claims.tokenVersion || Number(user.revoked) === 1) return null;
    // Ids are reused after a hard delete: a token belongs to the account it named.
    if (user.username !== claims.username) return null;
    return {
      user: publicUser(user),
      jti: claims.jti,
      expiresAt: claims.expiresAt,
      passwordChangeRequired: user.passwordChangeRequired,
    };
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
    csrfMatches,
    csrfTokenFor: async (jti: string) => csrfTokenFor(await loadKeys(), jti),
    logout,
  };
}

export type Sessions = ReturnType<typeof createSessions>;

// Sign-in, sessions, setup mode and the first admin (operations 6.3).
import { eq, lt, sql, count } from 'drizzle-orm';
import { revokedSessions, settings, users, type Role } from '../../db/schema';
import { AppError, badRequest, conflict } from '../../errors';
import {
  burnDummyVerification,
  hashPassword,
  passwordPolicyProblem,
  verifyPassword,
  type LegacyVerifier,
} from './passwords';
import { csrfTokenFor, signSession, verifySession, type SessionKeys } from './session-tokens';
import { fromBase64Url, randomToken, timingSafeEqualText } from '../../lib/bytes';
import { writeAudit, writeNoiseAudit } from '../audit';
import { createLoginThrottle } from './login-throttle';
import type { Actor, AuthState, AuthUser } from '../context';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import { rootCauseMessage, storageFaultOf, type StoragePort } from '../../storage';

export const INVALID_CREDENTIALS_MESSAGE = 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง';
const SESSION_SECRET_KEY = 'session_secret';

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

export function normaliseUsername(input: string): string {
  return input.trim().toLowerCase();
}

export interface AuthServiceDeps {
  storage: StoragePort;
  config: Config;
  log: Logger;
  clock: () => number;
  legacyVerify?: LegacyVerifier;
  /** The one-time setup token (SETUP_TOKEN, or generated and logged once on Node). */
  setupToken?: string;
}

export interface LoginResult {
  user: AuthUser;
  token: string;
  expiresAt: number;
  jti: string;
  csrfToken: string;
  /** The password is weak by the policy: it must be changed before anything else (6.3). */
  passwordChangeRequired: boolean;
}

export type AuthService = ReturnType<typeof createAuthService>;

const publicUser = (u: { id: number; username: string; role: Role }): AuthUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
});

export function createAuthService(deps: AuthServiceDeps) {
  const { storage, config, log, clock } = deps;
  let keys: SessionKeys | null = null;
  let setupDone: boolean | null = null;
  const throttle = createLoginThrottle(config);

  async function loadKeys(): Promise<SessionKeys> {
    if (keys) return keys;
    const previous = config.JWT_SECRET_PREVIOUS ? [new TextEncoder().encode(config.JWT_SECRET_PREVIOUS)] : [];
    if (config.JWT_SECRET) {
      keys = { primary: new TextEncoder().encode(config.JWT_SECRET), previous, source: 'env' };
      return keys;
    }
    // No JWT_SECRET: a random secret kept in settings, so sessions survive redeploys. INSERT OR
    // IGNORE then read back, so concurrent isolates all end up with the same one.
    const existing = await storage.db.select().from(settings).where(eq(settings.key, SESSION_SECRET_KEY));
    let value = existing[0]?.value;
    if (!value) {
      await storage.transaction(async (tx) => {
        await tx
          .insert(settings)
          .values({ key: SESSION_SECRET_KEY, value: randomToken(32), updatedAt: clock() })
          .onConflictDoNothing();
      });
      const rows = await storage.db.select().from(settings).where(eq(settings.key, SESSION_SECRET_KEY));
      value = rows[0].value;
    }
    keys = { primary: fromBase64Url(value), previous, source: 'database' };
    return keys;
  }

  async function userCount(): Promise<number> {
    const [row] = await storage.db.select({ n: count() }).from(users);
    return row.n;
  }

  /**
   * First admin (6.3): ADMIN_PASSWORD with no users creates ADMIN_USERNAME; otherwise the
   * service stays in setup mode. Throws an AppError('weak_password') the caller turns into exit 1.
   */
  async function bootstrap(): Promise<void> {
    await loadKeys();
    const n = await userCount();
    if (n > 0) {
      if (config.ADMIN_PASSWORD)
        log.warn('Users already exist: ADMIN_PASSWORD is ignored; remove it from the environment.');
      setupDone = true;
      return;
    }
    if (!config.ADMIN_PASSWORD) {
      setupDone = false;
      return;
    }
    const username = normaliseUsername(config.ADMIN_USERNAME);
    if (!USERNAME_PATTERN.test(username))
      throw badRequest('invalid_username', 'ADMIN_USERNAME is not a valid username (3-32 of a-z 0-9 . _ -)');
    const problem = passwordPolicyProblem(config.ADMIN_PASSWORD, username);
    if (problem) throw badRequest('weak_password', `ADMIN_PASSWORD is too weak: ${problem}`);
    const hash = await hashPassword(config.ADMIN_PASSWORD);
    const created = await storage.transaction(async (tx) => {
      const [{ n: existing }] = await tx.select({ n: count() }).from(users);
      if (existing > 0) return false;
      const now = clock();
      const [user] = await tx
        .insert(users)
        .values({ username, passwordHash: hash, role: 'admin', createdAt: now, updatedAt: now })
        .returning();
      await writeAudit(
        tx,
        { userId: null, username: 'system', role: null, ip: null, requestId: null, method: 'system' },
        {
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          targetLabel: username,
          details: { role: 'admin', bootstrap: true },
        },
        now,
      );
      return true;
    });
    if (created) log.info(`Created initial admin user "${username}"`);
    setupDone = true;
  }

  async function isSetupRequired(): Promise<boolean> {
    if (setupDone === true) return false;
    setupDone = (await userCount()) > 0;
    return !setupDone;
  }

  async function issueSession(
    user: AuthUser & { tokenVersion: number },
  ): Promise<Omit<LoginResult, 'user' | 'passwordChangeRequired'>> {
    const k = await loadKeys();
    const { token, claims } = await signSession(
      k,
      { userId: user.id, username: user.username, tokenVersion: user.tokenVersion },
      config.SESSION_TTL_HOURS,
      clock(),
    );
    return { token, expiresAt: claims.expiresAt, jti: claims.jti, csrfToken: await csrfTokenFor(k, claims.jti) };
  }

  /**
   * One `auth.login_failed` row (and, when `record`, one counted failure) in one transaction. On a
   * full volume the failure is counted in memory instead, and the answer stays the same.
   */
  async function recordFailure(actor: Actor, usernameKey: string, reason: string, record: boolean, now: number) {
    await storage
      .transaction(async (tx) => {
        if (record) await throttle.record(tx, usernameKey, actor.ip, false, now);
        await writeNoiseAudit(
          tx,
          { ...actor, userId: null, username: usernameKey.slice(0, 64) || null, role: null },
          {
            action: 'auth.login_failed',
            targetType: 'user',
            targetLabel: usernameKey.slice(0, 64),
            details: { outcome: 'denied', reason },
          },
          now,
          config.AUDIT_KEEP_DAYS,
        );
      })
      .catch((error) => {
        if (storageFaultOf(error) !== 'full') throw error;
        if (record) throttle.remember(usernameKey, actor.ip, false, now);
        log.warn(
          `Storage full: failed sign-in of "${usernameKey.slice(0, 64)}" counted in memory only (${rootCauseMessage(error)})`,
          { requestId: actor.requestId },
        );
      });
  }

  /** 429 while the username or the address is locked; the attempt is audited, not counted. */
  async function refuseWhileLocked(actor: Actor, usernameKey: string, now: number) {
    const retryAfter = await throttle.retryAfter(storage.db, usernameKey, actor.ip, now);
    if (retryAfter > 0) {
      await recordFailure(actor, usernameKey, 'locked', false, now);
      throw throttle.error(retryAfter);
    }
  }

  /**
   * Checks credentials under the shared throttle (6.3). `actor.method` says which route signs in
   * (`cookie` for the browser login, `bearer` for the token route): it is what the audit records.
   */
  async function login(input: { username: string; password: string }, actor: Actor): Promise<LoginResult> {
    const usernameKey = normaliseUsername(input.username ?? '');
    const now = clock();
    await refuseWhileLocked(actor, usernameKey, now);

    const [user] = usernameKey ? await storage.db.select().from(users).where(eq(users.username, usernameKey)) : [];
    if (!user) {
      // Same cost as a wrong password, so timing does not tell which usernames exist.
      await burnDummyVerification(input.password ?? '');
      await recordFailure(actor, usernameKey, 'unknown_user', true, now);
      throw new AppError('invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
    }
    const outcome = await verifyPassword(input.password ?? '', user.passwordHash, deps.legacyVerify);
    if (!outcome.ok && outcome.reason === 'reset_required' && !user.disabled) {
      await recordFailure(actor, usernameKey, 'password_reset_required', false, now);
      throw new AppError('password_reset_required', 'บัญชีนี้ต้องตั้งรหัสผ่านใหม่ กรุณาติดต่อผู้ดูแลระบบ');
    }
    if (!outcome.ok || user.disabled) {
      await recordFailure(actor, usernameKey, user.disabled ? 'disabled' : 'wrong_password', true, now);
      throw new AppError('invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
    }

    const newHash = outcome.needsRehash ? await hashPassword(input.password) : null;
    // Judged on the password itself at every sign-in, so it covers adopted legacy accounts (a
    // Werkzeug hash verified and rehashed just above) and any account older than the policy.
    const passwordChangeRequired = passwordPolicyProblem(input.password, user.username) !== null;
    const bookkeeping = storage.transaction(async (tx) => {
      await throttle.record(tx, usernameKey, actor.ip, true, now);
      await tx
        .update(users)
        .set({
          lastLoginAt: now,
          passwordChangeRequired,
          ...(newHash ? { passwordHash: newHash, updatedAt: now } : {}),
        })
        .where(eq(users.id, user.id));
      await writeAudit(
        tx,
        { ...actor, userId: user.id, username: user.username, role: user.role },
        {
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
          targetLabel: user.username,
          details:
            newHash || passwordChangeRequired
              ? {
                  ...(newHash ? { rehashed: true } : {}),
                  ...(passwordChangeRequired ? { passwordChangeRequired } : {}),
                }
              : null,
        },
        now,
      );
    });
    await bookkeeping.catch((error) => {
      // A full volume must not lock an admin out of the rescue export: the sign-in proceeds
      // unrecorded. Not for a weak password: that account may only change it, which needs a write.
      if (storageFaultOf(error) !== 'full' || passwordChangeRequired) throw error;
      throttle.remember(usernameKey, actor.ip, true, now);
      log.warn(`Storage full: sign-in of "${user.username}" not recorded (${rootCauseMessage(error)})`, {
        requestId: actor.requestId,
      });
    });
    const session = await issueSession(user);
    return { user: publicUser(user), ...session, passwordChangeRequired };
  }

  /** Verifies a token and reloads its user; null when anything is off (6.3 "Per request"). */
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

  async function changeOwnPassword(
    auth: AuthState,
    input: { currentPassword: string; newPassword: string },
    actor: Actor,
  ) {
    const [user] = await storage.db.select().from(users).where(eq(users.id, auth.user.id));
    if (!user) throw new AppError('unauthenticated', 'กรุณาเข้าสู่ระบบ');
    // A wrong current password is a guess at the password: it counts with the sign-in failures
    // of this user (same lock, same 429) and is audited like one, so a stolen session cannot
    // guess outside the login throttle.
    const attemptAt = clock();
    await refuseWhileLocked(actor, user.username, attemptAt);
    const check = await verifyPassword(input.currentPassword, user.passwordHash, deps.legacyVerify);
    if (!check.ok) {
      await recordFailure(actor, user.username, 'wrong_current_password', true, attemptAt);
      throw new AppError('invalid_current_password', 'รหัสผ่านปัจจุบันไม่ถูกต้อง');
    }
    const problem = passwordPolicyProblem(input.newPassword, user.username);
    if (problem) throw badRequest('weak_password', problem);
    const hash = await hashPassword(input.newPassword);
    const now = clock();
    // Other sessions end (token version); the caller gets a fresh one for this user.
    return storage.transaction(async (tx) => {
      const [updated] = await tx
        .update(users)
        .set({
          passwordHash: hash,
          passwordChangeRequired: false,
          tokenVersion: sql`${users.tokenVersion} + 1`,
          updatedAt: now,
        })
        .where(eq(users.id, user.id))
        .returning();
      await writeAudit(
        tx,
        actor,
        { action: 'auth.password_change', targetType: 'user', targetId: user.id, targetLabel: user.username },
        now,
      );
      return { ...publicUser(updated), tokenVersion: updated.tokenVersion };
    });
  }

  /**
   * The first admin in setup mode (6.3). Shares the login throttle: a wrong setup token counts as
   * a failed sign-in for that username and address, so the token cannot be guessed at leisure.
   */
  async function completeSetup(input: { setupToken: string; username: string; password: string }, actor: Actor) {
    if (!(await isSetupRequired())) throw conflict('setup_already_done', 'ตั้งค่าผู้ดูแลระบบคนแรกไปแล้ว');
    const setupActor: Actor = { ...actor, method: 'setup' };
    const username = normaliseUsername(input.username ?? '');
    const now = clock();
    await refuseWhileLocked(setupActor, username, now);
    if (!deps.setupToken || !timingSafeEqualText(input.setupToken ?? '', deps.setupToken)) {
      await recordFailure(setupActor, username, 'invalid_setup_token', true, now);
      throw new AppError('invalid_setup_token', 'Setup token ไม่ถูกต้อง');
    }
    if (!USERNAME_PATTERN.test(username))
      throw badRequest('invalid_username', 'ชื่อผู้ใช้ต้องยาว 3-32 ตัว ใช้ได้เฉพาะ a-z 0-9 . _ -');
    const problem = passwordPolicyProblem(input.password, username);
    if (problem) throw badRequest('weak_password', problem);
    const hash = await hashPassword(input.password);
    const user = await storage.transaction(async (tx) => {
      const [{ n }] = await tx.select({ n: count() }).from(users);
      if (n > 0) throw conflict('setup_already_done', 'ตั้งค่าผู้ดูแลระบบคนแรกไปแล้ว');
      const [created] = await tx
        .insert(users)
        .values({ username, passwordHash: hash, role: 'admin', createdAt: now, updatedAt: now })
        .returning();
      await throttle.record(tx, username, actor.ip, true, now);
      await writeAudit(
        tx,
        { ...setupActor, userId: created.id, username, role: 'admin' },
        { action: 'setup.complete', targetType: 'user', targetId: created.id, targetLabel: username },
        now,
      );
      return created;
    });
    setupDone = true;
    return publicUser(user);
  }

  return {
    loadKeys,
    bootstrap,
    isSetupRequired,
    login,
    issueSession,
    resolveSession,
    csrfMatches,
    csrfTokenFor: async (jti: string) => csrfTokenFor(await loadKeys(), jti),
    logout,
    changeOwnPassword,
    completeSetup,
    secretSource: async () => (await loadKeys()).source,
    hasSetupToken: () => !!deps.setupToken,
    /** Forgets cached state that a restore or clear may have changed. */
    invalidate() {
      setupDone = null;
    },
  };
}

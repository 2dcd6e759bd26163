// Sign-in (docs/domain/auth.md#sessions, #passwords, #login-throttling): checks the credentials
// under the shared throttle, records the sign-in, and issues a session.
import { eq } from 'drizzle-orm';
import type { Config } from '../../config';
import { users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import { rootCauseMessage, storageFaultOf, type StoragePort } from '../../storage';
import { writeAudit } from '../audit';
import type { Actor, AuthUser } from '../context';
import { normaliseUsername, publicUser } from './accounts';
import type { CredentialGuard } from './guard';
import {
  burnDummyVerification,
  hashPassword,
  type LegacyVerifier,
  passwordPolicyProblem,
  verifyPassword,
} from './passwords';
import type { IssuedSession, Sessions } from './sessions';

export const INVALID_CREDENTIALS_MESSAGE = 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง';

export interface LoginResult extends IssuedSession {
  user: AuthUser;
  /** The password is weak by the policy: it must be changed before anything else. */
  passwordChangeRequired: boolean;
}

interface LoginDeps {
  storage: StoragePort;
  config: Config;
  log: Logger;
  clock: () => number;
  legacyVerify?: LegacyVerifier;
  guard: CredentialGuard;
  sessions: Sessions;
}

type UserRow = typeof users.$inferSelect;

/** The user whose password matched, or the refusal (audited and counted by the guard). */
async function checkCredentials(
  deps: LoginDeps,
  input: { username: string; password: string },
  actor: Actor,
  usernameKey: string,
  now: number,
): Promise<{ user: UserRow; needsRehash: boolean }> {
  const { storage, guard } = deps;
  const [user] = usernameKey ? await storage.db.select().from(users).where(eq(users.username, usernameKey)) : [];
  if (!user) {
    // Same cost as a wrong password, so timing does not tell which usernames exist.
    await burnDummyVerification(input.password ?? '');
    await guard.recordFailure(actor, usernameKey, 'unknown_user', true, now);
    throw new AppError('invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
  }
  const outcome = await verifyPassword(input.password ?? '', user.passwordHash, deps.legacyVerify);
  if (!outcome.ok && outcome.reason === 'reset_required' && !user.disabled) {
    await guard.recordFailure(actor, usernameKey, 'password_reset_required', false, now);
    throw new AppError('password_reset_required', 'บัญชีนี้ต้องตั้งรหัสผ่านใหม่ กรุณาติดต่อผู้ดูแลระบบ');
  }
  if (!outcome.ok || user.disabled) {
    await guard.recordFailure(actor, usernameKey, user.disabled ? 'disabled' : 'wrong_password', true, now);
    throw new AppError('invalid_credentials', INVALID_CREDENTIALS_MESSAGE);
  }
  return { user, needsRehash: outcome.needsRehash };
}

/** The sign-in's bookkeeping: the throttle's success, last login, a rehash, the audit row. */
async function recordSignIn(
  deps: LoginDeps,
  user: UserRow,
  actor: Actor,
  usernameKey: string,
  change: { newHash: string | null; passwordChangeRequired: boolean },
  now: number,
): Promise<void> {
  const { newHash, passwordChangeRequired } = change;
  const bookkeeping = deps.storage.transaction(async (tx) => {
    await deps.guard.throttle.record(tx, usernameKey, actor.ip, true, now);
    await tx
      .update(users)
      .set({ lastLoginAt: now, passwordChangeRequired, ...(newHash ? { passwordHash: newHash, updatedAt: now } : {}) })
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
            ? { ...(newHash ? { rehashed: true } : {}), ...(passwordChangeRequired ? { passwordChangeRequired } : {}) }
            : null,
      },
      now,
    );
  });
  await bookkeeping.catch((error) => {
    // A full volume must not lock an admin out of the rescue export: the sign-in proceeds
    // unrecorded. Not for a weak password: that account may only change it, which needs a write.
    if (storageFaultOf(error) !== 'full' || passwordChangeRequired) throw error;
    deps.guard.throttle.remember(usernameKey, actor.ip, true, now);
    deps.log.warn(`Storage full: sign-in of "${user.username}" not recorded (${rootCauseMessage(error)})`, {
      requestId: actor.requestId,
    });
  });
}

export function createLogin(deps: LoginDeps) {
  /**
   * Checks credentials under the shared throttle. `actor.method` says which route signs in
   * (`cookie` for the browser login, `bearer` for the token route): it is what the audit records.
   */
  return async function login(input: { username: string; password: string }, actor: Actor): Promise<LoginResult> {
    const usernameKey = normaliseUsername(input.username ?? '');
    const now = deps.clock();
    await deps.guard.refuseWhileLocked(actor, usernameKey, now);
    const { user, needsRehash } = await checkCredentials(deps, input, actor, usernameKey, now);
    const newHash = needsRehash ? await hashPassword(input.password) : null;
    // Judged on the password itself at every sign-in, so it covers adopted legacy accounts (a
    // Werkzeug hash verified and rehashed just above) and any account older than the policy.
    const passwordChangeRequired = passwordPolicyProblem(input.password, user.username) !== null;
    await recordSignIn(deps, user, actor, usernameKey, { newHash, passwordChangeRequired }, now);
    const session = await deps.sessions.issueSession(user);
    return { user: publicUser(user), ...session, passwordChangeRequired };
  };
}

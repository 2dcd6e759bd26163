// Changing one's own password (docs/domain/auth.md#passwords): the current password is checked
// under the login throttle, the new one against the policy, and every other session ends.
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { AppError, badRequest } from '../../errors';
import type { StoragePort } from '../../storage';
import { writeAudit } from '../audit';
import type { Actor, AuthState } from '../context';
import { newPasswordColumns, publicUser } from './accounts';
import type { CredentialGuard } from './guard';
import { hashPassword, type LegacyVerifier, passwordPolicyProblem, verifyPassword } from './passwords';

export function createPasswordChange(deps: {
  storage: StoragePort;
  clock: () => number;
  legacyVerify?: LegacyVerifier;
  guard: CredentialGuard;
}) {
  const { storage, clock, guard } = deps;

  return async function changeOwnPassword(
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
    await guard.refuseWhileLocked(actor, user.username, attemptAt);
    const check = await verifyPassword(input.currentPassword, user.passwordHash, deps.legacyVerify);
    if (!check.ok) {
      await guard.recordFailure(actor, user.username, 'wrong_current_password', true, attemptAt);
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
        .set(newPasswordColumns(hash, now))
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
  };
}

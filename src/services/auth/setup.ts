// The first admin (docs/domain/auth.md#first-admin-and-setup): ADMIN_PASSWORD at start, or setup
// mode until someone with the one-time setup token creates it.
import { count } from 'drizzle-orm';
import type { Config } from '../../config';
import { users } from '../../db/schema';
import { AppError, badRequest, conflict } from '../../errors';
import type { Logger } from '../../log';
import { timingSafeEqualText } from '../../lib/bytes';
import type { StoragePort } from '../../storage';
import { writeAudit } from '../audit';
import { type Actor, systemActor } from '../context';
import { normaliseUsername, publicUser, USERNAME_PATTERN } from './accounts';
import type { CredentialGuard } from './guard';
import type { LoadKeys } from './keys';
import { hashPassword, passwordPolicyProblem } from './passwords';

interface SetupDeps {
  storage: StoragePort;
  config: Config;
  log: Logger;
  clock: () => number;
  /** The one-time setup token (SETUP_TOKEN, or generated and logged once on Node). */
  setupToken?: string;
  loadKeys: LoadKeys;
  guard: CredentialGuard;
}

export function createSetup(deps: SetupDeps) {
  const { storage, config, log, clock, guard } = deps;
  let setupDone: boolean | null = null;

  async function userCount(): Promise<number> {
    const [row] = await storage.db.select({ n: count() }).from(users);
    return row.n;
  }

  /** Creates ADMIN_USERNAME with ADMIN_PASSWORD unless a user exists by then; true when it did. */
  async function createAdminFromEnv(password: string): Promise<boolean> {
    const username = normaliseUsername(config.ADMIN_USERNAME);
    if (!USERNAME_PATTERN.test(username))
      throw badRequest('invalid_username', 'ADMIN_USERNAME is not a valid username (3-32 of a-z 0-9 . _ -)');
    const problem = passwordPolicyProblem(password, username);
    if (problem) throw badRequest('weak_password', `ADMIN_PASSWORD is too weak: ${problem}`);
    const hash = await hashPassword(password);
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
        systemActor(),
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
    return created;
  }

  /**
   * First admin: ADMIN_PASSWORD with no users creates ADMIN_USERNAME; otherwise the service stays
   * in setup mode. Throws an AppError('weak_password') the caller turns into exit 1.
   */
  async function bootstrap(): Promise<void> {
    await deps.loadKeys();
    if ((await userCount()) > 0) {
      if (config.ADMIN_PASSWORD)
        log.warn('Users already exist: ADMIN_PASSWORD is ignored; remove it from the environment.');
      setupDone = true;
      return;
    }
    if (!config.ADMIN_PASSWORD) {
      setupDone = false;
      return;
    }
    await createAdminFromEnv(config.ADMIN_PASSWORD);
    setupDone = true;
  }

  async function isSetupRequired(): Promise<boolean> {
    if (setupDone === true) return false;
    setupDone = (await userCount()) > 0;
    return !setupDone;
  }

  /**
   * The first admin in setup mode. Shares the login throttle: a wrong setup token counts as a
   * failed sign-in for that username and address, so the token cannot be guessed at leisure.
   */
  async function completeSetup(input: { setupToken: string; username: string; password: string }, actor: Actor) {
    if (!(await isSetupRequired())) throw conflict('setup_already_done', 'ตั้งค่าผู้ดูแลระบบคนแรกไปแล้ว');
    const setupActor: Actor = { ...actor, method: 'setup' };
    const username = normaliseUsername(input.username ?? '');
    const now = clock();
    await guard.refuseWhileLocked(setupActor, username, now);
    if (!deps.setupToken || !timingSafeEqualText(input.setupToken ?? '', deps.setupToken)) {
      await guard.recordFailure(setupActor, username, 'invalid_setup_token', true, now);
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
      await guard.throttle.record(tx, username, actor.ip, true, now);
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
    bootstrap,
    isSetupRequired,
    completeSetup,
    hasSetupToken: () => !!deps.setupToken,
    /** Forgets cached state that a restore or clear may have changed. */
    invalidate() {
      setupDone = null;
    },
  };
}

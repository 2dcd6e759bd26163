// The login throttle around every credential check (sign-in, the current password of a password
// change, the setup token): a refused attempt is audited and counted in one transaction
// (docs/domain/auth.md#login-throttling).
import type { Config } from '../../config';
import type { Logger } from '../../log';
import { rootCauseMessage, storageFaultOf, type StoragePort } from '../../storage';
import { writeNoiseAudit } from '../audit';
import type { Actor } from '../context';
import { createLoginThrottle } from './login-throttle';

export function createCredentialGuard(deps: { storage: StoragePort; config: Config; log: Logger }) {
  const { storage, config, log } = deps;
  const throttle = createLoginThrottle(config);

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

  return { throttle, recordFailure, refuseWhileLocked };
}

export type CredentialGuard = ReturnType<typeof createCredentialGuard>;

// Login throttling stored in `login_attempts` (docs/domain/auth.md#login-throttling), so every
// process and isolate on the same database sees the same locks. Login, the token route and setup
// share these limits.
import { and, eq, gt, lt, or } from 'drizzle-orm';
import { loginAttempts } from '../../db/schema';
import { AppError } from '../../errors';
import {
  FAILURE_WINDOW_MS,
  IP_MAX_FAILURES,
  lockedUntil,
  lookbackMs,
  retryAfterSeconds,
  type ThrottleRule,
} from '../../domain/login-throttle';
import type { Config } from '../../config';
import type { Db, ReadDb } from '../../storage';

const DAY_MS = 24 * 3600 * 1000;
/** Stored in the NOT NULL ip column when the client address is unknown; never counted. */
const UNKNOWN_IP = 'unknown';
/**
 * A lock of an account does not stop an address that signed in as that account this recently:
 * five wrong passwords from anywhere must not lock the owner out (issue 19.7).
 */
export const KNOWN_ADDRESS_MS = 30 * DAY_MS;
/** Username keys are normalised usernames, which never contain ':'; see `unlock`. */
const UNLOCKED_PREFIX = 'unlocked:';

export const TOO_MANY_ATTEMPTS_MESSAGE = 'เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่';

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

export function createLoginThrottle(config: Pick<Config, 'LOGIN_MAX_FAILURES' | 'LOGIN_LOCK_MINUTES'>) {
  const lockMs = config.LOGIN_LOCK_MINUTES * 60_000;
  const userRule: ThrottleRule = {
    maxFailures: config.LOGIN_MAX_FAILURES,
    windowMs: FAILURE_WINDOW_MS,
    lockMs,
    resetOnSuccess: true,
  };
  const ipRule: ThrottleRule = {
    maxFailures: IP_MAX_FAILURES,
    windowMs: FAILURE_WINDOW_MS,
    lockMs,
    resetOnSuccess: false,
  };
  const retentionMs = Math.max(DAY_MS, lookbackMs(userRule));
  // Attempts the database could not take (the volume was full): counted from memory in this
  // process, so a full disk never lifts the lock.
  let unrecorded: { usernameKey: string; ip: string; at: number; success: boolean }[] = [];

  return {
    /**
     * Seconds until sign-in is allowed again for this username and address, 0 when not locked.
     * An unknown address (no socket, no trusted header) has no IP bucket: lumping every such
     * client together would let one of them lock out all the others. For an address that signed
     * in successfully as that username within KNOWN_ADDRESS_MS, the username's lock counts only
     * the failures from that address (and the address's own lock still applies).
     */
    async retryAfter(db: ReadDb, usernameKey: string, ip: string | null, now: number): Promise<number> {
      const since = now - lookbackMs(userRule);
      const countIp = !!ip && ip !== UNKNOWN_IP;
      // One query for every bucket (a round trip matters on the remote adapter).
      const rows = await db
        .select({
          at: loginAttempts.at,
          success: loginAttempts.success,
          usernameKey: loginAttempts.usernameKey,
          ip: loginAttempts.ip,
        })
        .from(loginAttempts)
        .where(
          or(
            and(
              gt(loginAttempts.at, since),
              countIp
                ? or(
                    eq(loginAttempts.usernameKey, usernameKey),
                    and(eq(loginAttempts.ip, ip), eq(loginAttempts.success, false)),
                  )
                : eq(loginAttempts.usernameKey, usernameKey),
            ),
            countIp
              ? and(
                  eq(loginAttempts.usernameKey, usernameKey),
                  eq(loginAttempts.ip, ip),
                  eq(loginAttempts.success, true),
                  gt(loginAttempts.at, now - KNOWN_ADDRESS_MS),
                )
              : undefined,
          ),
        );
      // Failures kept in memory while the volume was full count like recorded ones.
      const all = [...rows, ...unrecorded.filter((r) => r.at > since)];
      // From a known address only that address's own failures count against the username.
      const knownAddress = countIp && all.some((r) => r.usernameKey === usernameKey && r.ip === ip && r.success);
      const userAttempts = all.filter(
        (r) => r.usernameKey === usernameKey && r.at > since && (!knownAddress || r.ip === ip),
      );
      const ipAttempts = countIp ? all.filter((r) => r.ip === ip && !r.success && r.at > since) : [];
      const until = Math.max(lockedUntil(userAttempts, userRule, now), lockedUntil(ipAttempts, ipRule, now));
      return until > now ? retryAfterSeconds(until, now) : 0;
    },

    async record(tx: Db, usernameKey: string, ip: string | null, success: boolean, now: number): Promise<void> {
      await tx.insert(loginAttempts).values({ usernameKey, ip: ip || UNKNOWN_IP, at: now, success });
      // Failures matter for a day at most; successes name the known addresses for 30 days.
      await tx
        .delete(loginAttempts)
        .where(
          or(
            lt(loginAttempts.at, now - KNOWN_ADDRESS_MS),
            and(eq(loginAttempts.success, false), lt(loginAttempts.at, now - retentionMs)),
          ),
        );
    },

    /**
     * Lifts the lock of a username (an admin's unlock). Its failures are set aside under another
     * key rather than deleted: they still count for the addresses they came from, so unlocking a
     * victim never unlocks the attacker's address. Returns how many failures were set aside.
     */
    async unlock(tx: Db, usernameKey: string): Promise<number> {
      const moved = await tx
        .update(loginAttempts)
        .set({ usernameKey: UNLOCKED_PREFIX + usernameKey })
        .where(and(eq(loginAttempts.usernameKey, usernameKey), eq(loginAttempts.success, false)))
        .returning({ id: loginAttempts.id });
      return moved.length;
    },

    /** Keeps an attempt in memory when it could not be recorded (storage full). */
    remember(usernameKey: string, ip: string | null, success: boolean, now: number): void {
      unrecorded = unrecorded.filter((r) => r.at >= now - retentionMs);
      unrecorded.push({ usernameKey, ip: ip || UNKNOWN_IP, at: now, success });
    },

    error(retryAfterS: number): AppError {
      return new AppError('too_many_attempts', TOO_MANY_ATTEMPTS_MESSAGE, [{ retryAfterS }], {
        headers: { 'Retry-After': String(retryAfterS) },
      });
    },
  };
}

// Login throttling stored in `login_attempts` (operations 6.3), so every process and isolate on
// the same database sees the same locks. Login, the token route and setup share these limits.
import { and, eq, gt, lt, or } from 'drizzle-orm';
import { loginAttempts } from '../db/schema';
import { AppError } from '../errors';
import {
  FAILURE_WINDOW_MS,
  IP_MAX_FAILURES,
  lockedUntil,
  lookbackMs,
  retryAfterSeconds,
  type ThrottleRule,
} from '../domain/login-throttle';
import type { Config } from '../config';
import type { Db, ReadDb } from '../storage';

const DAY_MS = 24 * 3600 * 1000;
/** Stored in the NOT NULL ip column when the client address is unknown; never counted. */
const UNKNOWN_IP = 'unknown';

export const TOO_MANY_ATTEMPTS_MESSAGE = 'เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่';

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

export function createLoginThrottle(config: Pick<Config, 'LOGIN_MAX_FAILURES' | 'LOGIN_LOCK_MINUTES'>) {
  const lockMs = config.LOGIN_LOCK_MINUTES * 60_000;
  const userRule: ThrottleRule = { maxFailures: config.LOGIN_MAX_FAILURES, windowMs: FAILURE_WINDOW_MS, lockMs, resetOnSuccess: true };
  const ipRule: ThrottleRule = { maxFailures: IP_MAX_FAILURES, windowMs: FAILURE_WINDOW_MS, lockMs, resetOnSuccess: false };
  const retentionMs = Math.max(DAY_MS, lookbackMs(userRule));
  // Attempts the database could not take (the volume was full): counted from memory in this
  // process, so a full disk never lifts the lock.
  let unrecorded: { usernameKey: string; ip: string; at: number; success: boolean }[] = [];

  return {
    /**
     * Seconds until sign-in is allowed again for this username and address, 0 when not locked.
     * An unknown address (no socket, no trusted header) has no IP bucket: lumping every such
     * client together would let one of them lock out all the others.
     */
    async retryAfter(db: ReadDb, usernameKey: string, ip: string | null, now: number): Promise<number> {
      const since = now - lookbackMs(userRule);
      const countIp = !!ip && ip !== UNKNOWN_IP;
      // One query for both buckets (a round trip matters on the remote adapter).
      const rows = await db
        .select({ at: loginAttempts.at, success: loginAttempts.success, usernameKey: loginAttempts.usernameKey, ip: loginAttempts.ip })
        .from(loginAttempts)
        .where(
          and(
            gt(loginAttempts.at, since),
            countIp
              ? or(eq(loginAttempts.usernameKey, usernameKey), and(eq(loginAttempts.ip, ip), eq(loginAttempts.success, false)))
              : eq(loginAttempts.usernameKey, usernameKey),
          ),
        );
      const all = [...rows, ...unrecorded.filter((r) => r.at > since)];
      const userAttempts = all.filter((r) => r.usernameKey === usernameKey);
      const ipAttempts = countIp ? all.filter((r) => r.ip === ip && !r.success) : [];
      const until = Math.max(lockedUntil(userAttempts, userRule, now), lockedUntil(ipAttempts, ipRule, now));
      return until > now ? retryAfterSeconds(until, now) : 0;
    },

    async record(tx: Db, usernameKey: string, ip: string | null, success: boolean, now: number): Promise<void> {
      await tx.insert(loginAttempts).values({ usernameKey, ip: ip || UNKNOWN_IP, at: now, success });
      await tx.delete(loginAttempts).where(lt(loginAttempts.at, now - retentionMs));
    },

    /** Keeps an attempt in memory when it could not be recorded (storage full). */
    remember(usernameKey: string, ip: string | null, success: boolean, now: number): void {
      unrecorded = unrecorded.filter((r) => r.at >= now - retentionMs);
      unrecorded.push({ usernameKey, ip: ip || UNKNOWN_IP, at: now, success });
    },

    error(retryAfterS: number): AppError {
      return new AppError(429, 'too_many_attempts', TOO_MANY_ATTEMPTS_MESSAGE, [{ retryAfterS }], {
        'Retry-After': String(retryAfterS),
      });
    },
  };
}

// Login throttling (docs/domain/auth.md#login-throttling), as a pure rule over recorded attempts.
//
// A key (a lower-cased username, or a client IP) locks when a failure brings the number of its
// counting failures within the last `windowMs` to `maxFailures`; the lock lasts `lockMs` from
// that failure. While locked, attempts are refused without being recorded, so hammering a locked
// account never extends the lock. Counting starts afresh when a lock ends and, for usernames,
// after a successful sign-in.

export interface RecordedAttempt {
  at: number;
  success: boolean;
}

export interface ThrottleRule {
  maxFailures: number;
  /** Failures older than this (relative to the newest one) no longer count. */
  windowMs: number;
  /** How long the key stays locked after the failure that locked it. */
  lockMs: number;
  /** A success resets the counter (usernames yes, IP addresses no). */
  resetOnSuccess: boolean;
}

/**
 * The window over which failures are counted: fixed at 15 minutes
 * (docs/domain/auth.md#login-throttling).
 */
export const FAILURE_WINDOW_MS = 15 * 60_000;

/** The failures per IP address that lock it, whatever the usernames tried. */
export const IP_MAX_FAILURES = 20;

/**
 * How far back the attempts must be read so that every lock still in force at `now` is seen
 * with all the failures that caused it, and an older lock episode cannot be misread into a
 * phantom one (a phantom would need failures within 2 windows before a lock younger than lockMs).
 */
export function lookbackMs(rule: Pick<ThrottleRule, 'windowMs' | 'lockMs'>): number {
  return 2 * rule.windowMs + rule.lockMs;
}

/** The instant until which the key is locked, or 0 when it is not locked at `now`. */
export function lockedUntil(attempts: readonly RecordedAttempt[], rule: ThrottleRule, now: number): number {
  const sorted = [...attempts].sort((a, b) => a.at - b.at);
  let counting: number[] = [];
  let until = 0;
  for (const attempt of sorted) {
    if (attempt.success) {
      if (rule.resetOnSuccess) counting = [];
      continue;
    }
    // Recorded while locked (two instances raced past the check): it changes nothing.
    if (attempt.at < until) continue;
    counting = counting.filter((at) => at > attempt.at - rule.windowMs);
    counting.push(attempt.at);
    if (counting.length >= rule.maxFailures) {
      until = attempt.at + rule.lockMs;
      counting = [];
    }
  }
  return until > now ? until : 0;
}

/** Whole seconds until `until`, at least 1 (the value of Retry-After). */
export function retryAfterSeconds(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}

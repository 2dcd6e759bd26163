// The throttling rule (docs/domain/auth.md#login-throttling), worked examples with the defaults:
// 5 failures within 15 minutes lock for LOGIN_LOCK_MINUTES; 20 failures lock an address.
import { describe, expect, it } from 'vitest';
import { IP_MAX_FAILURES, lockedUntil, retryAfterSeconds, type ThrottleRule } from '../../../src/domain/login-throttle';

const MIN = 60_000;
const user: ThrottleRule = { maxFailures: 5, windowMs: 15 * MIN, lockMs: 15 * MIN, resetOnSuccess: true };
const fail = (minute: number) => ({ at: minute * MIN, success: false });
const ok = (minute: number) => ({ at: minute * MIN, success: true });

describe('lockedUntil', () => {
  it('four failures do not lock; the fifth locks for 15 minutes from that failure', () => {
    const four = [fail(0), fail(1), fail(2), fail(3)];
    expect(lockedUntil(four, user, 4 * MIN)).toBe(0);
    const five = [...four, fail(10)];
    expect(lockedUntil(five, user, 10 * MIN)).toBe(25 * MIN);
    expect(lockedUntil(five, user, 24 * MIN)).toBe(25 * MIN);
    expect(lockedUntil(five, user, 25 * MIN)).toBe(0);
  });

  it('counts only failures within 15 minutes of each other', () => {
    // 0, 1, 2, 3 then 16: the first two have left the window by minute 16.
    expect(lockedUntil([fail(0), fail(1), fail(2), fail(3), fail(16)], user, 16 * MIN)).toBe(0);
    expect(lockedUntil([fail(0), fail(1), fail(2), fail(3), fail(14.9)], user, 15 * MIN)).toBe(29.9 * MIN);
  });

  it('a success resets the username counter', () => {
    expect(lockedUntil([fail(0), fail(1), fail(2), fail(3), ok(4), fail(5)], user, 5 * MIN)).toBe(0);
    expect(
      lockedUntil(
        [fail(0), fail(1), fail(2), fail(3), ok(4), fail(5), fail(6), fail(7), fail(8), fail(9)],
        user,
        9 * MIN,
      ),
    ).toBe(24 * MIN);
  });

  it('but not an address counter', () => {
    const ip: ThrottleRule = { ...user, maxFailures: 3, resetOnSuccess: false };
    expect(lockedUntil([fail(0), fail(1), ok(2), fail(3)], ip, 3 * MIN)).toBe(18 * MIN);
  });

  it('counting starts afresh when a lock ends, even with a lock shorter than the window', () => {
    const shortLock: ThrottleRule = { ...user, lockMs: 2 * MIN };
    const attempts = [fail(0), fail(1), fail(2), fail(3), fail(4)]; // locked until 6
    expect(lockedUntil(attempts, shortLock, 5 * MIN)).toBe(6 * MIN);
    // One more failure after the lock is the first of a new count, not the sixth.
    expect(lockedUntil([...attempts, fail(7)], shortLock, 7 * MIN)).toBe(0);
    expect(lockedUntil([...attempts, fail(7), fail(8), fail(9), fail(10), fail(11)], shortLock, 11 * MIN)).toBe(
      13 * MIN,
    );
  });

  it('a longer LOGIN_LOCK_MINUTES lengthens the lock, not the counting window', () => {
    const long: ThrottleRule = { ...user, lockMs: 60 * MIN };
    expect(lockedUntil([fail(0), fail(1), fail(2), fail(3), fail(4)], long, 30 * MIN)).toBe(64 * MIN);
    expect(lockedUntil([fail(0), fail(1), fail(2), fail(3), fail(20)], long, 20 * MIN)).toBe(0);
  });

  it('ignores failures recorded during a lock (two instances racing past the check)', () => {
    const attempts = [fail(0), fail(1), fail(2), fail(3), fail(4), fail(4.5), fail(5)];
    expect(lockedUntil(attempts, user, 10 * MIN)).toBe(19 * MIN);
  });

  it('does not depend on the order rows come back in', () => {
    expect(lockedUntil([fail(10), fail(3), fail(0), fail(2), fail(1)], user, 10 * MIN)).toBe(25 * MIN);
  });

  it('an address locks at 20 failures', () => {
    expect(IP_MAX_FAILURES).toBe(20);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up and is at least one second', () => {
    expect(retryAfterSeconds(10_001, 0)).toBe(11);
    expect(retryAfterSeconds(900_000, 0)).toBe(900);
    expect(retryAfterSeconds(1, 0)).toBe(1);
  });
});

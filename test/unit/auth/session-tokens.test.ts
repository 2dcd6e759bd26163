// Verified tokens are remembered (docs/domain/auth.md#sessions): what depends on the time is still
// checked on every use, and a token is only remembered for the keys that verified it.
import { describe, expect, it } from 'vitest';
import { signSession, verifySession, type SessionKeys } from '../../../src/services/auth/session-tokens';

const keysOf = (secret: string): SessionKeys => ({
  primary: new TextEncoder().encode(secret),
  previous: [],
  source: 'env',
});
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 7, 3, 0, 0);
const who = { userId: 7, username: 'somchai', tokenVersion: 2 };

describe('verifySession', () => {
  it('answers a token verified before until its expiry, then null (12 h session: 11:59 valid, 12:00 not)', async () => {
    const keys = keysOf('k'.repeat(40));
    const { token } = await signSession(keys, who, 12, T0);
    const first = await verifySession(keys, token, T0 + HOUR, 12 * 3600);
    expect(first).toMatchObject({ userId: 7, username: 'somchai', tokenVersion: 2, expiresAt: T0 + 12 * HOUR });
    expect(await verifySession(keys, token, T0 + 12 * HOUR - 60_000, 12 * 3600)).toEqual(first);
    expect(await verifySession(keys, token, T0 + 12 * HOUR, 12 * 3600)).toBeNull();
  });

  it('a remembered token is refused when the configured lifetime is now shorter than its own', async () => {
    const keys = keysOf('l'.repeat(40));
    const { token } = await signSession(keys, who, 12, T0);
    expect(await verifySession(keys, token, T0, 12 * 3600)).not.toBeNull();
    expect(await verifySession(keys, token, T0, 8 * 3600)).toBeNull();
  });

  it('a token verified with one key is not taken on trust by another key set', async () => {
    const keys = keysOf('m'.repeat(40));
    const { token } = await signSession(keys, who, 12, T0);
    expect(await verifySession(keys, token, T0, 12 * 3600)).not.toBeNull();
    expect(await verifySession(keysOf('n'.repeat(40)), token, T0, 12 * 3600)).toBeNull();
  });

  it('a token changed by one character is verified afresh and refused', async () => {
    const keys = keysOf('o'.repeat(40));
    const { token } = await signSession(keys, who, 12, T0);
    expect(await verifySession(keys, token, T0, 12 * 3600)).not.toBeNull();
    // The signature's first character carries six bits of it (the last one has unused bits).
    const at = token.lastIndexOf('.') + 1;
    const other = token[at] === 'A' ? 'B' : 'A';
    expect(await verifySession(keys, `${token.slice(0, at)}${other}${token.slice(at + 1)}`, T0, 12 * 3600)).toBeNull();
  });
});

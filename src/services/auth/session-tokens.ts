// Signed sessions with jose (docs/domain/auth.md#sessions): HS256, claims iss "wms", sub (user id),
// tv (token version), un (username), jti, iat, exp. The token only says who; role and status are
// reloaded per request. `un` matters because user ids are rowids: a hard-deleted user's id comes
// back for the next account, and its tokens must not.
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { hmacSha256, toBase64Url, randomToken } from '../../lib/bytes';

export const ISSUER = 'wms';

export interface SessionClaims {
  userId: number;
  username: string;
  tokenVersion: number;
  jti: string;
  issuedAt: number;
  expiresAt: number;
}

export interface SessionKeys {
  /** Signs and verifies. */
  primary: Uint8Array;
  /** Verify-only keys (JWT_SECRET_PREVIOUS during a rotation). */
  previous: Uint8Array[];
  source: 'env' | 'database';
}

export async function signSession(
  keys: SessionKeys,
  input: { userId: number; username: string; tokenVersion: number },
  ttlHours: number,
  nowMs: number,
): Promise<{ token: string; claims: SessionClaims }> {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttlHours * 3600;
  const jti = randomToken(16);
  const token = await new SignJWT({ tv: input.tokenVersion, un: input.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setSubject(String(input.userId))
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keys.primary);
  return {
    token,
    claims: {
      userId: input.userId,
      username: input.username,
      tokenVersion: input.tokenVersion,
      jti,
      issuedAt: iat * 1000,
      expiresAt: exp * 1000,
    },
  };
}

/** How far ahead of our clock an `iat` may be (clock skew between instances), in seconds. */
export const MAX_IAT_SKEW_S = 60;

/**
 * Verifies signature, algorithm, issuer and expiry, and that the claims are ones we could have
 * issued: `iat` not more than a minute ahead, and `exp - iat` no longer than the session lifetime
 * (a token signed with a leaked or old key cannot grant itself a longer life). Null otherwise.
 */
export async function verifySession(
  keys: SessionKeys,
  token: string,
  nowMs: number,
  maxLifetimeS: number,
): Promise<SessionClaims | null> {
  const verified = verifiedTokens.get(keys);
  const known = verified?.get(token);
  if (known) return stillValid(known, nowMs, maxLifetimeS) ? known : null;
  const claims = await verifySignedSession(keys, token, nowMs, maxLifetimeS);
  if (claims) remember(keys, token, claims);
  return claims;
}

/**
 * Tokens whose signature and claims were verified, per set of keys (a new set after a rotation
 * starts empty). A signature check costs more than the rest of a small request (the HMAC runs as
 * a crypto job), and a client sends the same token with every request; what can change with time
 * (expiry) is checked again on each use, and the account itself is reloaded per request anyway (docs/domain/auth.md#sessions).
 */
const verifiedTokens = new WeakMap<SessionKeys, Map<string, SessionClaims>>();
const VERIFIED_TOKENS_KEPT = 1_000;

function remember(keys: SessionKeys, token: string, claims: SessionClaims): void {
  let verified = verifiedTokens.get(keys);
  if (!verified) verifiedTokens.set(keys, (verified = new Map()));
  // Past the bound the oldest half goes: Map iterates in insertion order.
  if (verified.size >= VERIFIED_TOKENS_KEPT) {
    let drop = verified.size / 2;
    for (const old of verified.keys()) {
      if (drop-- <= 0) break;
      verified.delete(old);
    }
  }
  verified.set(token, claims);
}

/** The checks of `verifySignedSession` that depend on the time or the configured lifetime. */
function stillValid(claims: SessionClaims, nowMs: number, maxLifetimeS: number): boolean {
  const nowS = Math.floor(nowMs / 1000);
  const iat = claims.issuedAt / 1000;
  const exp = claims.expiresAt / 1000;
  return exp > nowS && iat <= nowS + MAX_IAT_SKEW_S && exp - iat <= maxLifetimeS;
}

async function verifySignedSession(
  keys: SessionKeys,
  token: string,
  nowMs: number,
  maxLifetimeS: number,
): Promise<SessionClaims | null> {
  for (const key of [keys.primary, ...keys.previous]) {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'jti', 'exp', 'iat'],
      });
      const userId = Number(payload.sub);
      const tokenVersion = Number((payload as { tv?: unknown }).tv);
      const username = (payload as { un?: unknown }).un;
      if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(tokenVersion) || typeof payload.jti !== 'string')
        return null;
      if (typeof username !== 'string') return null;
      const iat = payload.iat!;
      const exp = payload.exp!;
      if (iat > Math.floor(nowMs / 1000) + MAX_IAT_SKEW_S || exp - iat > maxLifetimeS) return null;
      return {
        userId,
        username,
        tokenVersion,
        jti: payload.jti,
        issuedAt: iat * 1000,
        expiresAt: exp * 1000,
      };
    } catch (error) {
      // A signature made with another key: try the next one. Anything else is final.
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) continue;
      return null;
    }
  }
  return null;
}

/** The CSRF token bound to a session: HMAC of its jti (double-submit cookie, docs/domain/auth.md#csrf). */
export async function csrfTokenFor(keys: SessionKeys, jti: string): Promise<string> {
  return toBase64Url(await hmacSha256(keys.primary, `csrf:${jti}`));
}

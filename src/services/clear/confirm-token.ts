// The clear confirmation token (docs/domain/data-safety.md#clear-confirmation): valid 5 minutes,
// usable once, bound to the user, the scope and the parameters. It is an HMAC-signed claim set, so
// any process or isolate can check it; single use is enforced by recording its id in
// `revoked_sessions` (the table of spent token ids, kept until the token would expire anyway)
// inside the clear's own transaction, where the primary key makes a second use fail.
import { sql } from 'drizzle-orm';
import { hmacSha256, randomToken, sha256Hex, timingSafeEqualText, toBase64Url, fromBase64Url } from '../../lib/bytes';
import type { Db } from '../../storage';
import type { ResolvedClear } from '../../domain/clear-scopes';

export const CONFIRM_TTL_MS = 5 * 60_000;
const PURPOSE = 'wms-clear-confirm';

interface Claims {
  u: number;
  h: string;
  e: number;
  n: string;
}

export type TokenVerdict =
  | { ok: true; id: string; expiresAt: number }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'mismatch' | 'reused' };

/** What the token is bound to: the resolved request, never its raw spelling. */
export function bindingOf(clear: ResolvedClear): Promise<string> {
  return sha256Hex(JSON.stringify([clear.scope, clear.dateFrom, clear.dateTo, clear.targets]));
}

async function sign(key: Uint8Array, body: string): Promise<string> {
  return toBase64Url(await hmacSha256(key, `${PURPOSE}.${body}`));
}

export async function issueConfirmToken(key: Uint8Array, userId: number, clear: ResolvedClear, now: number) {
  const claims: Claims = { u: userId, h: await bindingOf(clear), e: now + CONFIRM_TTL_MS, n: randomToken(16) };
  const body = toBase64Url(new TextEncoder().encode(JSON.stringify(claims)));
  return { token: `${body}.${await sign(key, body)}`, expiresAt: claims.e };
}

/** Signature, user, binding and expiry; whether it was already used is checked by `spend`. */
export async function checkConfirmToken(
  key: Uint8Array,
  token: string | undefined | null,
  userId: number,
  clear: ResolvedClear,
  now: number,
): Promise<TokenVerdict> {
  if (!token) return { ok: false, reason: 'missing' };
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  if (!timingSafeEqualText(signature, await sign(key, body))) return { ok: false, reason: 'invalid' };
  let claims: Claims;
  try {
    claims = JSON.parse(new TextDecoder().decode(fromBase64Url(body))) as Claims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (claims.u !== userId || claims.h !== (await bindingOf(clear))) return { ok: false, reason: 'mismatch' };
  if (!(now < claims.e)) return { ok: false, reason: 'expired' };
  return { ok: true, id: `clear-confirm:${claims.n}`, expiresAt: claims.e };
}

export async function wasSpent(db: Pick<Db, 'all'>, id: string): Promise<boolean> {
  const rows = await db.all<{ one: number }>(sql`SELECT 1 AS one FROM "revoked_sessions" WHERE "jti" = ${id}`);
  return rows.length > 0;
}

/** Marks the token used, in the caller's transaction. False when it had been used already. */
export async function spend(tx: Db, id: string, userId: number, expiresAt: number, now: number): Promise<boolean> {
  const result = await tx.run(sql`INSERT INTO "revoked_sessions" ("jti", "user_id", "expires_at", "revoked_at")
    VALUES (${id}, ${userId}, ${expiresAt}, ${now}) ON CONFLICT ("jti") DO NOTHING`);
  return result.rowsAffected === 1;
}

// Edge service-account auth (docs/domain/imports.md#service-account-credentials): an RS256 JWT
// signed with jose, exchanged at the token URI for an access token, cached until 60 s before it
// expires.
import { importPKCS8, SignJWT } from 'jose';
import { parseJson, request, type HttpOptions } from './http';
import { SheetError, SHEETS_READONLY_SCOPE } from './types';
import type { ServiceAccount } from './credentials';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface TokenProvider {
  /** A bearer token, or null when the token endpoint refused the credentials. */
  token(): Promise<string | null>;
}

export async function signServiceAccountJwt(account: ServiceAccount, nowMs: number): Promise<string> {
  const key = await importPKCS8(account.privateKey, 'RS256');
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ scope: SHEETS_READONLY_SCOPE })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(account.clientEmail)
    .setAudience(account.tokenUri)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(key);
}

export function serviceAccountTokens(account: ServiceAccount, http: HttpOptions, clock: () => number): TokenProvider {
  let cached: { token: string; expiresAt: number } | null = null;
  return {
    async token() {
      const now = clock();
      if (cached && now < cached.expiresAt - 60_000) return cached.token;
      let assertion: string;
      try {
        assertion = await signServiceAccountJwt(account, now);
      } catch {
        return null; // an unreadable private key: treated like refused credentials
      }
      const res = await request(http, account.tokenUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
      });
      const body = parseJson(res.text) as { access_token?: unknown; expires_in?: unknown } | null;
      if (res.status !== 200 || typeof body?.access_token !== 'string') {
        if (res.status === 429 || res.status >= 500) throw new SheetError('sheet_unavailable');
        return null;
      }
      const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
      cached = { token: body.access_token, expiresAt: now + expiresIn * 1000 };
      return cached.token;
    },
  };
}

// Helpers for the auth tests: accounts with generated passwords, browser (cookie) sessions,
// tokens forged with or without the real signing key. They speak HTTP and SQL only, so they work
// on every target.
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ApiClient } from './api-client';
import { randomPassword } from './env';
import type { Target } from './targets';

export interface Account {
  id: number;
  username: string;
  password: string;
  role: 'user' | 'staff' | 'admin';
}

let counter = 0;
/** A username that is unique within the run and valid (3-32 of a-z 0-9 . _ -). */
export const uniqueName = (prefix: string) =>
  `${prefix}-${(++counter).toString(36)}${randomBytes(3).toString('hex')}`.slice(0, 32);

/** A documentation-range address per call, so tests never share an IP bucket by accident. */
let ipCounter = 0;
export const uniqueIp = () => `198.51.${Math.floor(++ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;

/** Client address headers every target honours (the edge: CF-Connecting-IP; Node behind TRUST_PROXY: X-Forwarded-For). */
export const fromIp = (ip: string) => ({ 'cf-connecting-ip': ip, 'x-forwarded-for': ip });

export async function createAccount(api: ApiClient, role: Account['role'], prefix: string = role): Promise<Account> {
  const username = uniqueName(prefix);
  const password = randomPassword();
  const res = await api.post('/api/admin/users', { username, password, role });
  if (res.status !== 201) throw new Error(`create ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, username, password, role };
}

export interface JsonResponse {
  status: number;
  body: any;
  headers: Headers;
}

export async function send(
  target: Target,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; requestId?: string } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.requestId) headers['x-request-id'] = opts.requestId;
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  const res = await target.fetch(path, { method, headers, body });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await res.json() : await res.text();
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A fresh request id (the app adopts a well-formed X-Request-Id), to find the audit rows of one request. */
export const newRequestId = () => `test-${randomUUID()}`;

export async function tokenFor(
  target: Target,
  account: Pick<Account, 'username' | 'password'>,
  ip = uniqueIp(),
): Promise<string> {
  const res = await send(target, 'POST', '/api/auth/token', {
    body: { username: account.username, password: account.password },
    headers: fromIp(ip),
  });
  if (res.status !== 200)
    throw new Error(`token for ${account.username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// ---------------------------------------------------------------------------------------------
// Browser sessions

export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookies(headers: Headers): SetCookie[] {
  return headers.getSetCookie().map((line) => {
    const [pair, ...attrs] = line.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      attributes[(i < 0 ? a : a.slice(0, i)).toLowerCase()] = i < 0 ? true : a.slice(i + 1);
    }
    return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes };
  });
}

export interface BrowserSession {
  session: string;
  csrf: string;
  csrfToken: string;
  cookies: SetCookie[];
  body: any;
  /** The Cookie header a browser would send back. */
  cookie: string;
}

export async function browserLogin(
  target: Target,
  account: Pick<Account, 'username' | 'password'>,
  opts: { headers?: Record<string, string>; next?: string } = {},
): Promise<BrowserSession> {
  const path = opts.next === undefined ? '/api/auth/login' : `/api/auth/login?next=${encodeURIComponent(opts.next)}`;
  const res = await send(target, 'POST', path, {
    body: { username: account.username, password: account.password },
    headers: { ...fromIp(uniqueIp()), ...opts.headers },
  });
  if (res.status !== 200) throw new Error(`browser login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookies = parseSetCookies(res.headers);
  const session = cookies.find((c) => c.name === 'wms_session')!.value;
  const csrf = cookies.find((c) => c.name === 'wms_csrf')!.value;
  return {
    session,
    csrf,
    csrfToken: res.body.csrfToken,
    cookies,
    body: res.body,
    cookie: `wms_session=${session}; wms_csrf=${csrf}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Tokens made outside the app

/** The signing key the app uses when JWT_SECRET is unset: settings.session_secret (base64url). */
export async function sessionKey(target: Target): Promise<Uint8Array> {
  const rows = await target.sql.execute("SELECT value FROM settings WHERE key = 'session_secret'");
  return new Uint8Array(Buffer.from(String(rows.rows[0].value), 'base64url'));
}

export interface ForgeClaims {
  sub: string;
  tv?: number;
  jti?: string;
  iss?: string;
  iat?: number;
  exp?: number;
  [extra: string]: unknown;
}

export async function signToken(key: Uint8Array, claims: ForgeClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const { sub, tv = 0, jti = randomUUID(), iss = 'wms', iat = now, exp = now + 3600, ...extra } = claims;
  return new SignJWT({ tv, ...extra })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(iss)
    .setSubject(sub)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
}

export function unsignedToken(claims: ForgeClaims): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(
    JSON.stringify({ iss: 'wms', tv: 0, jti: randomUUID(), iat: now, exp: now + 3600, ...claims }),
  ).toString('base64url');
  return `${header}.${payload}.`;
}

/** Same signature, different payload (another user id): what tampering with a cookie looks like. */
export function tamperPayload(token: string, change: (payload: any) => any): string {
  const [h, p, s] = token.split('.');
  const payload = change(JSON.parse(Buffer.from(p, 'base64url').toString()));
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

export async function auditRows(
  target: Target,
  requestId: string,
): Promise<{ action: string; details: any; username: string | null }[]> {
  const res = await target.sql.execute({
    sql: 'SELECT action, details, username FROM audit_log WHERE request_id = ? ORDER BY id',
    args: [requestId],
  });
  return res.rows.map((r) => ({
    action: String(r.action),
    details: r.details ? JSON.parse(String(r.details)) : null,
    username: r.username as string | null,
  }));
}

/** A multipart upload of one CSV file, as a string body plus its headers (for size-limit tests). */
export function multipartCsv(csv: string, fileName = 'upload.csv'): { body: string; headers: Record<string, string> } {
  const boundary = 'wms-test-boundary';
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n` +
    `${csv}\r\n--${boundary}--\r\n`;
  return {
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
  };
}

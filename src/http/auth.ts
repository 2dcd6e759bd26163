// Request authentication, CSRF and role checks (docs/domain/auth.md#sessions,
// docs/domain/auth.md#csrf, docs/domain/auth.md#permission-table). Authentication never fails a request by itself; `requireAccess` (attached to
// every route by `secureRoute`) decides: 401 without a valid session, 403 csrf_failed / forbidden,
// else on to validation and handler.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../errors';

import { roleRank } from '../domain/roles';
import { PASSWORD_CHANGE_ROUTES, type Access } from './route-roles';
import type { Actor } from '../services/context';
import type { AppEnv } from './env';
import { HEALTH_PATH } from './paths';

export const SESSION_COOKIE = 'wms_session';
export const CSRF_COOKIE = 'wms_csrf';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The session token of a request and how it came: a Bearer token wins over the cookie. */
export function credentialOf(c: Context<AppEnv>): { token: string | undefined; method: 'bearer' | 'cookie' } {
  const header = c.req.header('authorization');
  // An invalid Bearer token does not fall back to the cookie.
  if (header && /^bearer\s+/i.test(header))
    return { token: header.replace(/^bearer\s+/i, '').trim(), method: 'bearer' };
  return { token: getCookie(c, SESSION_COOKIE), method: 'cookie' };
}

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('auth', null);
  // /health answers without a login: looking up the session a prober happens to send only put a
  // database read on the one path that must answer at once (docs/domain/read-model.md#the-event-loop).
  if (c.req.path === HEALTH_PATH) return next();
  const { token, method } = credentialOf(c);
  if (token) {
    // Started on arrival beside the data version read (src/app.ts `admitted`), or now.
    const session = await (c.get('sessionLookup') ?? c.get('services').auth.resolveSession(token));
    if (session) c.set('auth', { ...session, method });
  }
  await next();
};

/** The request's own origin, as the browser sees it (behind a trusted proxy: its headers). */
export function ownOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const config = c.get('config');
  if (config.TRUST_PROXY) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0].trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0].trim() ?? c.req.header('host');
    if (proto && host) return `${proto}://${host}`;
  }
  return url.origin;
}

/** An `Origin` header, when sent, must be PUBLIC_ORIGIN or the request's own origin. */
export function originAllowed(c: Context<AppEnv>): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  const allowed = c.get('config').PUBLIC_ORIGIN ?? ownOrigin(c);
  return origin === allowed;
}

/**
 * Sign-in and setup have no session yet: the Origin check is their CSRF protection
 * (docs/domain/auth.md#csrf).
 */
export function assertOriginAllowed(c: Context<AppEnv>): void {
  if (!originAllowed(c)) throw new AppError('csrf_failed', 'คำขอไม่ผ่านการตรวจสอบความปลอดภัย (Origin)');
}

export function actorOf(c: Context<AppEnv>): Actor {
  const auth = c.get('auth');
  return {
    userId: auth?.user.id ?? null,
    username: auth?.user.username ?? null,
    role: auth?.user.role ?? null,
    ip: c.get('ip'),
    requestId: c.get('requestId'),
    method: auth?.method ?? 'system',
    userAgent: c.req.header('user-agent')?.slice(0, 200) ?? null,
  };
}

/**
 * The CSRF check of every cookie-authenticated write (docs/domain/auth.md#csrf): the presented
 * token (the X-CSRF-Token header for the API, the `_csrf` field of a page form) must equal the
 * `wms_csrf` cookie and the HMAC of the session's jti, and any Origin must be ours. Throws 403
 * csrf_failed.
 */
export async function assertCsrf(c: Context<AppEnv>, presented: string | undefined): Promise<void> {
  const auth = c.get('auth');
  if (auth?.method !== 'cookie') return;
  const cookie = getCookie(c, CSRF_COOKIE);
  const services = c.get('services');
  const ok =
    !!presented && presented === cookie && originAllowed(c) && (await services.auth.csrfMatches(auth.jti, presented));
  if (!ok) throw new AppError('csrf_failed', 'คำขอไม่ผ่านการตรวจสอบความปลอดภัย (CSRF) กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง');
}

export const isUnsafeMethod = (method: string) => UNSAFE_METHODS.has(method);

/**
 * 403 forbidden below the minimum role; a refused admin request is audited
 * (docs/domain/auth.md#audit-log).
 */
export async function assertRole(c: Context<AppEnv>, access: Access): Promise<void> {
  const auth = c.get('auth');
  if (!auth || access === 'public' || roleRank(auth.user.role) >= roleRank(access)) return;
  if (access === 'admin') {
    await c
      .get('services')
      .audit.accessDenied(actorOf(c), `${c.req.method} ${c.req.routePath}`, new URL(c.req.url).pathname);
  }
  throw new AppError('forbidden', 'คุณไม่มีสิทธิ์ทำรายการนี้');
}

export const PASSWORD_CHANGE_REQUIRED_MESSAGE = 'รหัสผ่านของบัญชีนี้ง่ายเกินไป กรุณาเปลี่ยนรหัสผ่านก่อนใช้งานส่วนอื่น';

/**
 * 403 password_change_required for an account with a weak password, unless `route` (its
 * `METHOD /path` key) is one of the few it may still use (PASSWORD_CHANGE_ROUTES).
 */
export function assertPasswordChanged(c: Context<AppEnv>, route: string | undefined): void {
  const auth = c.get('auth');
  if (auth?.passwordChangeRequired && !(route && PASSWORD_CHANGE_ROUTES.has(route))) {
    throw new AppError('password_change_required', PASSWORD_CHANGE_REQUIRED_MESSAGE, [
      { changePassword: 'POST /api/auth/password' },
    ]);
  }
}

/** `route` is the route's `METHOD /path` key (route-roles), for the weak-password allow list. */
export function requireAccess(access: Access, route?: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === 'public') return next();
    const auth = c.get('auth');
    if (!auth) throw new AppError('unauthenticated', 'กรุณาเข้าสู่ระบบ');
    if (UNSAFE_METHODS.has(c.req.method)) await assertCsrf(c, c.req.header('x-csrf-token'));
    assertPasswordChanged(c, route);
    await assertRole(c, access);
    return next();
  };
}

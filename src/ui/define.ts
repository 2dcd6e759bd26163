// How a page is declared: `definePages((page) => { page.get('/x', handler) })`. Every page takes
// its minimum role from PAGE_ROLES (src/http/route-roles.ts) and gets the same checks as the API
// (src/http/auth.ts), answered the way a browser needs them:
//   - no session -> 303 to /login?next=<this page>, back here after sign-in;
//   - a form post with a cookie session -> the `_csrf` field checked exactly as the API checks
//     X-CSRF-Token (assertCsrf), so forms work without JavaScript;
//   - a role below the minimum -> the Thai 403 page (the error handler renders it).
import { Hono, type Context, type Handler, type MiddlewareHandler } from 'hono';
import { pageAccessFor, PAGE_ROLES, type Access } from '../http/route-roles';
import { assertCsrf, assertRole, isUnsafeMethod } from '../http/auth';
import { AppError } from '../errors';
import type { AppEnv } from '../http/env';
import { HEALTH_PATH } from '../http/paths';
import type { AuthState } from '../services/context';

/** The form field that carries the CSRF token on every page form. */
export const CSRF_FIELD = '_csrf';

/** Pages a user who must change the password may still open (everything else sends them there). */
export const PASSWORD_CHANGE_PAGE = '/account/password';
const OPEN_WHILE_PASSWORD_CHANGE_REQUIRED = new Set([PASSWORD_CHANGE_PAGE, '/logout']);

/** Page routes are everything but the JSON API and the health check. */
export function isPagePath(path: string): boolean {
  return !(path === HEALTH_PATH || path === '/api' || path.startsWith('/api/'));
}

/** Hono's `:name` parameters in PAGE_ROLES spelling (`{name}`), as the API table spells them. */
const tableKeyPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

export function loginUrl(next: string): string {
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** Where to come back to after sign-in: this page for a GET, the form's page for a post. */
function returnPath(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return url.pathname + url.search;
  return PAGE_ROLES[`GET ${url.pathname}`] ? url.pathname : '/';
}

/** Set while a weak password must be replaced (the API answers 403 password_change_required). */
export function mustChangePassword(auth: AuthState): boolean {
  return auth.passwordChangeRequired === true;
}

async function presentedCsrfToken(c: Context<AppEnv>): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    try {
      const field = (await c.req.parseBody())[CSRF_FIELD];
      return typeof field === 'string' ? field : undefined;
    } catch {
      // A body that cannot be read has no token; a body over the size limit still ends as 413.
      return undefined;
    }
  }
  return c.req.header('x-csrf-token');
}

export function requirePage(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === 'public') return next();
    const auth = c.get('auth');
    if (!auth) return c.redirect(loginUrl(returnPath(c)), 303);
    if (isUnsafeMethod(c.req.method)) await assertCsrf(c, await presentedCsrfToken(c));
    if (mustChangePassword(auth) && !OPEN_WHILE_PASSWORD_CHANGE_REQUIRED.has(new URL(c.req.url).pathname)) {
      return c.redirect(PASSWORD_CHANGE_PAGE, 303);
    }
    await assertRole(c, access);
    return next();
  };
}

export interface PageRegistrar {
  get(path: string, handler: Handler<AppEnv>): void;
  post(path: string, handler: Handler<AppEnv>): void;
}

/** A router of pages; each page is checked against PAGE_ROLES when it is declared. */
export function definePages(register: (page: PageRegistrar) => void): Hono<AppEnv> {
  const router = new Hono<AppEnv>();
  const add = (method: 'GET' | 'POST') => (path: string, handler: Handler<AppEnv>) => {
    const access = pageAccessFor(method, tableKeyPath(path));
    router.on(method, path, requirePage(access), handler);
  };
  register({ get: add('GET'), post: add('POST') });
  return router;
}

/** The text fields of a posted form (files and repeated fields are left to the page that needs them). */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  let body: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new AppError('invalid_request', 'ข้อมูลที่ส่งมาไม่ถูกต้อง กรุณาลองใหม่อีกครั้ง');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

// The browser session's two cookies (docs/domain/auth.md#sessions), set and cleared the same way by
// the API's sign-in and by the pages' sign-in forms.
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE } from './auth';
import type { AppEnv } from './env';

// HttpOnly; Secure unless COOKIE_SECURE=false (refused in production); SameSite=Lax; Path=/;
// Max-Age = the session lifetime, so the cookie and the token expire together.
export function setSessionCookies(c: Context<AppEnv>, session: { token: string; csrfToken: string }) {
  const config = c.get('config');
  const common = {
    path: '/',
    secure: config.COOKIE_SECURE,
    sameSite: 'Lax' as const,
    maxAge: config.SESSION_TTL_HOURS * 3600,
  };
  setCookie(c, SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  // Readable by the page's script, which echoes it in X-CSRF-Token (double-submit).
  setCookie(c, CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(c: Context<AppEnv>) {
  const secure = c.get('config').COOKIE_SECURE;
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
  deleteCookie(c, CSRF_COOKIE, { path: '/', secure });
}

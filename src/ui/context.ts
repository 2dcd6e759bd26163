// What every page render knows about the request: who is signed in, the CSRF token for its
// forms, whether the storage banner shows. Built from services only.
import type { Context } from 'hono';
import { noticeFrom, type NoticeTone } from './notices';
import type { AppEnv } from '../http/env';
import type { AuthUser } from '../services/context';

export interface PageContext {
  appName: string;
  /** The request path, for the navigation's current item. */
  path: string;
  user: AuthUser | null;
  /** The session's CSRF token for form fields; null without a cookie session. */
  csrfToken: string | null;
  /** The data will be lost on the next deploy (docs/domain/data-safety.md#persistence-warning): the red banner. */
  storageAtRisk: boolean;
  requestId: string;
  notice: { tone: NoticeTone; text: string } | null;
}

export async function pageContext(c: Context<AppEnv>, opts: { showStorage?: boolean } = {}): Promise<PageContext> {
  const services = c.get('services');
  const auth = c.get('auth');
  const csrfToken = auth?.method === 'cookie' ? await services.auth.csrfTokenFor(auth.jti) : null;
  // The banner is for signed-in staff (and for whoever sets up the first admin); it is no
  // business of an anonymous visitor where the data lives.
  const showStorage = opts.showStorage ?? !!auth;
  const storageAtRisk = showStorage ? !(await services.status.storagePersistence()).persistent : false;
  return {
    appName: c.get('config').APP_NAME,
    path: new URL(c.req.url).pathname,
    user: auth?.user ?? null,
    csrfToken,
    storageAtRisk,
    requestId: c.get('requestId') ?? '',
    notice: noticeFrom(c.req.query('notice')),
  };
}

/** For error pages: whatever can be known without failing again. */
export async function safePageContext(c: Context<AppEnv>): Promise<PageContext> {
  try {
    return await pageContext(c);
  } catch {
    return {
      appName: c.get('config')?.APP_NAME ?? 'Order Desk',
      path: new URL(c.req.url).pathname,
      user: null,
      csrfToken: null,
      storageAtRisk: false,
      requestId: c.get('requestId') ?? '',
      notice: null,
    };
  }
}

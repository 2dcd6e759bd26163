// /api/auth: the handlers, thin: read the request, call one service method, shape the answer.
import { actorOf, assertOriginAllowed } from '../../http/auth';
import { clearSessionCookies, setSessionCookies } from '../../http/session-cookies';
import { safeNext } from '../../http/redirect';
import type { AppRouteHandler } from '../define';
import type * as routes from './auth.routes';

const iso = (ms: number) => new Date(ms).toISOString();

export const login: AppRouteHandler<typeof routes.login> = async (c) => {
  assertOriginAllowed(c);
  const result = await c.get('services').auth.login(c.req.valid('json'), { ...actorOf(c), method: 'cookie' });
  setSessionCookies(c, result);
  return c.json(
    {
      user: result.user,
      csrfToken: result.csrfToken,
      expiresAt: iso(result.expiresAt),
      redirect: safeNext(c.req.valid('query').next),
      passwordChangeRequired: result.passwordChangeRequired,
    },
    200,
  );
};

export const token: AppRouteHandler<typeof routes.token> = async (c) => {
  assertOriginAllowed(c);
  const result = await c.get('services').auth.login(c.req.valid('json'), { ...actorOf(c), method: 'bearer' });
  return c.json(
    {
      token: result.token,
      expiresAt: iso(result.expiresAt),
      user: result.user,
      passwordChangeRequired: result.passwordChangeRequired,
    },
    200,
  );
};

export const logout: AppRouteHandler<typeof routes.logout> = async (c) => {
  const auth = c.get('auth')!;
  await c.get('services').auth.logout(auth, c.req.valid('query').all === 'true', actorOf(c));
  clearSessionCookies(c);
  return c.json({ ok: true as const }, 200);
};

export const me: AppRouteHandler<typeof routes.me> = async (c) => {
  const auth = c.get('auth')!;
  const csrfToken = auth.method === 'cookie' ? await c.get('services').auth.csrfTokenFor(auth.jti) : null;
  return c.json(
    {
      user: auth.user,
      expiresAt: iso(auth.expiresAt),
      method: auth.method,
      csrfToken,
      passwordChangeRequired: auth.passwordChangeRequired,
    },
    200,
  );
};

export const password: AppRouteHandler<typeof routes.password> = async (c) => {
  const auth = c.get('auth')!;
  const services = c.get('services');
  const user = await services.auth.changeOwnPassword(auth, c.req.valid('json'), actorOf(c));
  const session = await services.auth.issueSession(user);
  if (auth.method === 'cookie') setSessionCookies(c, session);
  return c.json(
    {
      ok: true as const,
      token: auth.method === 'bearer' ? session.token : null,
      csrfToken: auth.method === 'cookie' ? session.csrfToken : null,
      expiresAt: iso(session.expiresAt),
    },
    200,
  );
};

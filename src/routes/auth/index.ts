// Sign in and out (operations 6.3): cookie sessions for browsers, bearer tokens for HTTP clients.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody, OkSchema } from '../schemas';
import { actorOf, assertOriginAllowed } from '../../http/auth';
import { clearSessionCookies, setSessionCookies } from '../../http/session-cookies';
import { safeNext } from '../../http/redirect';
import { Credentials, UserSchema } from './schemas';
import type { AppEnv } from '../../http/env';

const tooMany = { 429: json(z.object({}).passthrough(), 'Locked: too many failed attempts (Retry-After)') };

const login = secureRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['Auth'],
  summary: 'Browser sign-in: sets the wms_session and wms_csrf cookies',
  request: { ...jsonBody(Credentials), query: z.object({ next: z.string().max(2048).optional() }) },
  responses: {
    200: json(
      z.object({
        user: UserSchema,
        csrfToken: z.string(),
        expiresAt: z.string(),
        redirect: z.string(),
        passwordChangeRequired: z.boolean(),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
    ...tooMany,
  },
});

const token = secureRoute({
  method: 'post',
  path: '/api/auth/token',
  tags: ['Auth'],
  summary: 'Bearer token for HTTP clients',
  request: jsonBody(Credentials),
  responses: {
    200: json(
      z.object({ token: z.string(), expiresAt: z.string(), user: UserSchema, passwordChangeRequired: z.boolean() }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
    ...tooMany,
  },
});

const logout = secureRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['Auth'],
  summary: 'End this session (all=true ends every session of the user)',
  request: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
  responses: { 200: json(OkSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

const me = secureRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['Auth'],
  summary: 'The signed-in user',
  responses: {
    200: json(
      z.object({
        user: UserSchema,
        expiresAt: z.string(),
        method: z.enum(['cookie', 'bearer']),
        csrfToken: z.string().nullable(),
        passwordChangeRequired: z.boolean(),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

const password = secureRoute({
  method: 'post',
  path: '/api/auth/password',
  tags: ['Auth'],
  summary: 'Change your own password (ends your other sessions; returns a fresh one)',
  request: jsonBody(z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) })),
  responses: {
    200: json(
      z.object({
        ok: z.literal(true),
        token: z.string().nullable(),
        csrfToken: z.string().nullable(),
        expiresAt: z.string(),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

const iso = (ms: number) => new Date(ms).toISOString();

export const authRouter = new OpenAPIHono<AppEnv>()
  .openapi(login, async (c) => {
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
  })
  .openapi(token, async (c) => {
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
  })
  .openapi(logout, async (c) => {
    const auth = c.get('auth')!;
    await c.get('services').auth.logout(auth, c.req.valid('query').all === 'true', actorOf(c));
    clearSessionCookies(c);
    return c.json({ ok: true as const }, 200);
  })
  .openapi(me, async (c) => {
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
  })
  .openapi(password, async (c) => {
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
  });

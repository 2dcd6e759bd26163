// /api/auth: the route declarations (path, request and response schemas; the role comes from
// src/http/route-roles.ts through secureRoute). The handlers are in auth.handlers.ts.
import { z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody, OkSchema } from '../schemas';
import { Credentials, UserSchema } from './schemas';

const tooMany = { 429: json(z.object({}).passthrough(), 'Locked: too many failed attempts (Retry-After)') };

export const login = secureRoute({
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

export const token = secureRoute({
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

export const logout = secureRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['Auth'],
  summary: 'End this session (all=true ends every session of the user)',
  request: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
  responses: { 200: json(OkSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

export const me = secureRoute({
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

export const password = secureRoute({
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

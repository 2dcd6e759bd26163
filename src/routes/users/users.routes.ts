// /api/admin/users: the route declarations (path, request and response schemas; the role comes from
// src/http/route-roles.ts through secureRoute). The handlers are in users.handlers.ts.
import { z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, IdParam, json, jsonBody, OkSchema, PagingQuery, pagedOf } from '../schemas';

const UserView = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: z.string(),
    disabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

export const list = secureRoute({
  method: 'get',
  path: '/api/admin/users',
  tags: ['Users'],
  request: { query: PagingQuery },
  responses: { 200: json(pagedOf(UserView)), ...errorResponses(...PROTECTED, 404, 409) },
});

export const create = secureRoute({
  method: 'post',
  path: '/api/admin/users',
  tags: ['Users'],
  request: jsonBody(
    z.object({ username: z.string().max(64), password: z.string().max(1024), role: z.string().max(16) }),
  ),
  responses: { 201: json(z.object({ user: UserView }), 'Created'), ...errorResponses(...PROTECTED, 404, 409) },
});

export const update = secureRoute({
  method: 'patch',
  path: '/api/admin/users/{id}',
  tags: ['Users'],
  request: {
    params: IdParam,
    ...jsonBody(z.object({ role: z.string().max(16).optional(), disabled: z.boolean().optional() }).strict()),
  },
  responses: { 200: json(z.object({ user: UserView })), ...errorResponses(...PROTECTED, 404, 409) },
});

export const resetPassword = secureRoute({
  method: 'post',
  path: '/api/admin/users/{id}/password',
  tags: ['Users'],
  request: { params: IdParam, ...jsonBody(z.object({ password: z.string().max(1024) })) },
  responses: { 200: json(OkSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

export const unlock = secureRoute({
  method: 'post',
  path: '/api/admin/users/{id}/unlock',
  tags: ['Users'],
  summary: 'Lift a sign-in lock of the account (the failing addresses stay locked)',
  request: { params: IdParam },
  responses: {
    200: json(z.object({ ok: z.literal(true), failuresCleared: z.number().int() })),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const remove = secureRoute({
  method: 'delete',
  path: '/api/admin/users/{id}',
  tags: ['Users'],
  summary: 'Disable a user (hard=true deletes the row; history keeps the username)',
  request: { params: IdParam, query: z.object({ hard: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: json(z.object({ deleted: z.boolean(), disabled: z.boolean() })),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

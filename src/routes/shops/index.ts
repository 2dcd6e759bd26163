// Shops (docs/domain/data-model.md#shops): list and edit staff+, delete admin (409 while it has
// orders).
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import {
  errorResponses,
  PROTECTED,
  IdParam,
  json,
  jsonBody,
  OkSchema,
  PagingQuery,
  pagedOf,
  safeText,
} from '../schemas';
import { actorOf } from '../../http/auth';
import type { AppEnv } from '../../http/env';

const Shop = z
  .object({
    id: z.number().int(),
    platform: z.string(),
    platformLabel: z.string(),
    name: z.string(),
    sheetUrl: z.string().nullable(),
    orderCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('Shop');

const SheetUrl = safeText(2048, 'identifier').nullable().optional();

const list = secureRoute({
  method: 'get',
  path: '/api/shops',
  tags: ['Master data'],
  request: { query: PagingQuery.extend({ platform: z.string().max(32).optional() }) },
  responses: { 200: json(pagedOf(Shop)), ...errorResponses(...PROTECTED, 404, 409) },
});

const create = secureRoute({
  method: 'post',
  path: '/api/shops',
  tags: ['Master data'],
  request: jsonBody(z.object({ platform: z.string().max(32), name: z.string().max(255), sheetUrl: SheetUrl })),
  responses: { 201: json(Shop, 'Created'), ...errorResponses(...PROTECTED, 404, 409) },
});

const update = secureRoute({
  method: 'patch',
  path: '/api/shops/{id}',
  tags: ['Master data'],
  request: {
    params: IdParam,
    ...jsonBody(z.object({ name: z.string().max(255).optional(), sheetUrl: SheetUrl }).strict()),
  },
  responses: { 200: json(Shop), ...errorResponses(...PROTECTED, 404, 409) },
});

const remove = secureRoute({
  method: 'delete',
  path: '/api/shops/{id}',
  tags: ['Master data'],
  request: { params: IdParam },
  responses: { 200: json(OkSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

export const shopsRouter = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await c.get('services').shops.list(c.req.valid('query')), 200))
  .openapi(create, async (c) => c.json(await c.get('services').shops.create(c.req.valid('json'), actorOf(c)), 201))
  .openapi(update, async (c) =>
    c.json(await c.get('services').shops.update(c.req.valid('param').id, c.req.valid('json'), actorOf(c)), 200),
  )
  .openapi(remove, async (c) => {
    await c.get('services').shops.remove(c.req.valid('param').id, actorOf(c));
    return c.json({ ok: true as const }, 200);
  });

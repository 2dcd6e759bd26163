// Product master (docs/domain/imports.md#products): read user+, write staff+.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody, OkSchema, PagingQuery, pagedOf, safeText } from '../schemas';
import { actorOf } from '../../http/auth';
import type { AppEnv } from '../../http/env';

const Product = z
  .object({
    sku: z.string(),
    brand: z.string().nullable(),
    name: z.string().nullable(),
    location: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Product');

const Text = safeText(255).nullable().optional();
const SkuParam = z.object({
  sku: z
    .string()
    .min(1)
    .max(256)
    .openapi({ param: { name: 'sku', in: 'path' } }),
});

const list = secureRoute({
  method: 'get',
  path: '/api/products',
  tags: ['Master data'],
  request: { query: PagingQuery.extend({ q: z.string().max(200).optional() }) },
  responses: { 200: json(pagedOf(Product)), ...errorResponses(...PROTECTED, 404, 409) },
});

const create = secureRoute({
  method: 'post',
  path: '/api/products',
  tags: ['Master data'],
  request: jsonBody(z.object({ sku: z.string().max(256), brand: Text, name: Text, location: Text })),
  responses: { 201: json(Product, 'Created'), ...errorResponses(...PROTECTED, 404, 409) },
});

const update = secureRoute({
  method: 'patch',
  path: '/api/products/{sku}',
  tags: ['Master data'],
  request: { params: SkuParam, ...jsonBody(z.object({ brand: Text, name: Text, location: Text }).strict()) },
  responses: { 200: json(Product), ...errorResponses(...PROTECTED, 404, 409) },
});

const remove = secureRoute({
  method: 'delete',
  path: '/api/products/{sku}',
  tags: ['Master data'],
  request: { params: SkuParam },
  responses: { 200: json(OkSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

export const productsRouter = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await c.get('services').products.list(c.req.valid('query')), 200))
  .openapi(create, async (c) => c.json(await c.get('services').products.create(c.req.valid('json'), actorOf(c)), 201))
  .openapi(update, async (c) =>
    c.json(await c.get('services').products.update(c.req.valid('param').sku, c.req.valid('json'), actorOf(c)), 200),
  )
  .openapi(remove, async (c) => {
    await c.get('services').products.remove(c.req.valid('param').sku, actorOf(c));
    return c.json({ ok: true as const }, 200);
  });

// On-hand stock (docs/domain/imports.md#stock): read user+, set staff+.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody, PagingQuery, pagedOf } from '../schemas';
import { actorOf } from '../../http/auth';
import type { AppEnv } from '../../http/env';

const StockRow = z
  .object({
    sku: z.string(),
    qty: z.number().int(),
    brand: z.string().nullable(),
    productName: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('Stock');

const list = secureRoute({
  method: 'get',
  path: '/api/stock',
  tags: ['Master data'],
  request: { query: PagingQuery.extend({ q: z.string().max(200).optional() }) },
  responses: { 200: json(pagedOf(StockRow)), ...errorResponses(...PROTECTED, 404, 409) },
});

const put = secureRoute({
  method: 'put',
  path: '/api/stock/{sku}',
  tags: ['Master data'],
  request: {
    params: z.object({
      sku: z
        .string()
        .min(1)
        .max(256)
        .openapi({ param: { name: 'sku', in: 'path' } }),
    }),
    ...jsonBody(z.object({ qty: z.number().int().min(0).max(10_000_000) })),
  },
  responses: { 200: json(StockRow), ...errorResponses(...PROTECTED, 404, 409) },
});

export const stockRouter = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await c.get('services').stock.list(c.req.valid('query')), 200))
  .openapi(put, async (c) =>
    c.json(await c.get('services').stock.set(c.req.valid('param').sku, c.req.valid('json').qty, actorOf(c)), 200),
  );

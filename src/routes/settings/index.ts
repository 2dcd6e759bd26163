// Saved Google Sheet URLs (docs/domain/imports.md#saved-sheet-urls): staff+.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody, safeText } from '../schemas';
import { actorOf } from '../../http/auth';
import type { AppEnv } from '../../http/env';

const SourceParam = z.object({
  source: z
    .string()
    .max(32)
    .openapi({ param: { name: 'source', in: 'path' }, example: 'orders.Shopee' }),
});

const SheetUrl = z
  .object({
    source: z.string(),
    url: z.string().nullable(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .openapi('SheetUrl');

const list = secureRoute({
  method: 'get',
  path: '/api/settings/sheet-urls',
  tags: ['Imports'],
  responses: {
    200: json(
      z.object({
        items: z.array(SheetUrl),
        shops: z.array(
          z.object({ id: z.number().int(), platform: z.string(), name: z.string(), sheetUrl: z.string() }),
        ),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

const save = secureRoute({
  method: 'put',
  path: '/api/settings/sheet-urls/{source}',
  tags: ['Imports'],
  request: { params: SourceParam, ...jsonBody(z.object({ url: safeText(2048, 'identifier').min(1) })) },
  responses: { 200: json(SheetUrl), ...errorResponses(...PROTECTED, 404, 409) },
});

const remove = secureRoute({
  method: 'delete',
  path: '/api/settings/sheet-urls/{source}',
  tags: ['Imports'],
  request: { params: SourceParam },
  responses: {
    200: json(z.object({ ok: z.literal(true), deleted: z.boolean() })),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const sheetUrlsRouter = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) => c.json(await c.get('services').sheetUrls.list(), 200))
  .openapi(save, async (c) =>
    c.json(
      await c.get('services').sheetUrls.save(c.req.valid('param').source, c.req.valid('json').url, actorOf(c)),
      200,
    ),
  )
  .openapi(remove, async (c) => {
    const { deleted } = await c.get('services').sheetUrls.remove(c.req.valid('param').source, actorOf(c));
    return c.json({ ok: true as const, deleted }, 200);
  });

// Clearing data (docs/domain/data-safety.md#clear-scopes): stats, preview with a
// confirmation token, and the clear itself. Admin only.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody } from '../schemas';
import { actorOf } from '../../http/auth';
import { CLEAR_SCOPES } from '../../domain/clear-scopes';
import type { AppEnv } from '../../http/env';

const ClearBody = z
  .object({
    scope: z.enum(CLEAR_SCOPES),
    dateFrom: z.string().max(10).nullish().openapi({ example: '2025-01-31' }),
    dateTo: z.string().max(10).nullish().openapi({ example: '2025-01-31' }),
    // Values are checked by the service, so an unknown target is 400 invalid_targets.
    targets: z
      .array(z.string().max(32))
      .max(10)
      .nullish()
      .openapi({ example: ['orders', 'sales'] }),
  })
  .openapi('ClearRequest');

const Counts = z.record(z.string(), z.number().int());
const Resolved = {
  scope: z.enum(CLEAR_SCOPES),
  dateFrom: z.string().nullable(),
  dateTo: z.string().nullable(),
  targets: z.array(z.string()),
  total: z.number().int(),
};

const stats = secureRoute({
  method: 'get',
  path: '/api/admin/clear/stats',
  tags: ['Admin data'],
  summary: 'The seven figures of the clear page',
  responses: {
    200: json(
      z.object({
        today: z.string(),
        totalOrders: z.number().int(),
        cancelledOrders: z.number().int(),
        issuedOrders: z.number().int(),
        todayOrders: z.number().int(),
        salesRows: z.number().int(),
        trashedOrders: z.number().int(),
        billEmptyToday: z.number().int(),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

const preview = secureRoute({
  method: 'post',
  path: '/api/admin/clear/preview',
  tags: ['Admin data'],
  summary: 'Counts per table of what the scope deletes, and a confirmToken (5 minutes, single use)',
  request: jsonBody(ClearBody),
  responses: {
    200: json(z.object({ ...Resolved, counts: Counts, confirmToken: z.string(), expiresAt: z.string() })),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

const clear = secureRoute({
  method: 'post',
  path: '/api/admin/clear',
  tags: ['Admin data'],
  summary:
    'Clear a scope: pre_clear backup first, then one transaction; 409 confirmation_required without a valid token',
  request: jsonBody(ClearBody.extend({ confirmToken: z.string().max(2000).nullish() })),
  responses: {
    200: json(z.object({ ...Resolved, backup: z.string(), deleted: Counts, auditId: z.number().int() })),
    ...errorResponses(...PROTECTED, 404, 409),
    503: json(
      z.object({ error: z.object({ code: z.string() }).passthrough() }),
      'The pre_clear backup failed; nothing changed',
    ),
  },
});

export const clearRouter = new OpenAPIHono<AppEnv>()
  .openapi(stats, async (c) => c.json(await c.get('services').clear.stats(), 200))
  .openapi(preview, async (c) => c.json(await c.get('services').clear.preview(c.req.valid('json'), actorOf(c)), 200))
  .openapi(clear, async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await c.get('services').clear.execute({ ...body, confirmToken: body.confirmToken ?? undefined }, actorOf(c)),
      200,
    );
  });

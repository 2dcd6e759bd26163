// Orders and their actions: thin handlers over services.orders and services.orderActions.
// Roles: src/http/route-roles.ts.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, IdParam, json, jsonBody } from '../schemas';
import { actorOf } from '../../http/auth';
import { ORDER_ACTION_NAMES, type OrderActionName } from '../../domain/piles';
import {
  ActionBody,
  ActionResultSchema,
  OrderItemSchema,
  OrdersListQuery,
  OrdersListSchema,
  StatusCheckSchema,
} from './schemas';
import { listParams } from './params';
import type { AppEnv } from '../../http/env';

const list = secureRoute({
  method: 'get',
  path: '/api/orders',
  tags: ['Orders'],
  summary: 'Order lines of a view with the one global allocation',
  request: { query: OrdersListQuery },
  responses: { 200: json(OrdersListSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

const statusCheck = secureRoute({
  method: 'get',
  path: '/api/orders/status',
  tags: ['Orders'],
  summary: 'Scan station status check (read-only)',
  request: { query: z.object({ orderNo: z.string().max(200) }) },
  responses: { 200: json(StatusCheckSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

const detail = secureRoute({
  method: 'get',
  path: '/api/orders/{id}',
  tags: ['Orders'],
  summary: 'One order line with its order, markers and audit history',
  request: { params: IdParam },
  responses: {
    200: json(
      z.object({
        line: OrderItemSchema,
        order: z.record(z.string(), z.unknown()),
        markers: z.array(z.record(z.string(), z.unknown())),
        sales: z.record(z.string(), z.unknown()).nullable(),
        history: z.array(z.record(z.string(), z.unknown())),
        shortage: z
          .object({
            missing: z.number().int(),
            missingToFit: z.number().int(),
            heldBy: z.array(z.record(z.string(), z.unknown())),
          })
          .optional()
          .openapi({
            description:
              'LOW / NOT_ENOUGH / SHORTAGE lines: the lines ahead that hold the stock, and the pieces missing',
          }),
        changedAfterPrint: z
          .array(z.record(z.string(), z.unknown()))
          .optional()
          .openapi({ description: 'Changes since the latest print of each kind' }),
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

const actionRoute = (action: OrderActionName) =>
  secureRoute({
    method: 'post',
    path: `/api/orders/actions/${action}`,
    tags: ['Order actions'],
    summary: `Order action: ${action}`,
    request: jsonBody(ActionBody),
    responses: {
      200: json(ActionResultSchema),
      503: json(z.record(z.string(), z.unknown()), 'Backup failed (purge)'),
      ...errorResponses(...PROTECTED, 404, 409),
    },
  });

let router = new OpenAPIHono<AppEnv>()
  .openapi(list, async (c) =>
    c.json(await c.get('services').orders.list(listParams(c.req.valid('query')), c.get('arrivedAtVersion')), 200),
  )
  // Registered before /api/orders/{id} so that `status` is never read as an id.
  .openapi(statusCheck, async (c) => c.json(await c.get('services').orders.statusOf(c.req.valid('query').orderNo), 200))
  .openapi(detail, async (c) => c.json(await c.get('services').orders.get(c.req.valid('param').id), 200));

for (const action of ORDER_ACTION_NAMES) {
  router = router.openapi(actionRoute(action), async (c) =>
    c.json(await c.get('services').orderActions.run(action, c.req.valid('json'), actorOf(c)), 200),
  ) as typeof router;
}

export const ordersRouter = router;

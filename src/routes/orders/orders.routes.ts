// /api/orders: the route declarations (path, request and response schemas; the role comes from
// src/http/route-roles.ts through secureRoute). The handlers are in orders.handlers.ts.
import { z } from '@hono/zod-openapi';
import type { OrderActionName } from '../../domain/piles';
import { secureRoute } from '../define';
import { errorResponses, IdParam, json, jsonBody, PROTECTED } from '../schemas';
import {
  ActionBody,
  ActionResultSchema,
  OrderItemSchema,
  OrdersListQuery,
  OrdersListSchema,
  StatusCheckSchema,
} from './schemas';

export const list = secureRoute({
  method: 'get',
  path: '/api/orders',
  tags: ['Orders'],
  summary: 'Order lines of a view with the one global allocation',
  request: { query: OrdersListQuery },
  responses: { 200: json(OrdersListSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

export const statusCheck = secureRoute({
  method: 'get',
  path: '/api/orders/status',
  tags: ['Orders'],
  summary: 'Scan station status check (read-only)',
  request: { query: z.object({ orderNo: z.string().max(200) }) },
  responses: { 200: json(StatusCheckSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

export const detail = secureRoute({
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

/** One route per action: `POST /api/orders/actions/<action>`, each with its own role. */
export const actionRoute = (action: OrderActionName) =>
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

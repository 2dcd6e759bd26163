// Orders and their actions (docs/domain/allocation.md#orders-table, #order-actions): the list,
// the scan station's status check, one line in detail, and one route per order action.
// Routes in orders.routes.ts, handlers in orders.handlers.ts; this file wires them.
import { OpenAPIHono } from '@hono/zod-openapi';
import { ORDER_ACTION_NAMES } from '../../domain/piles';
import type { AppEnv } from '../../http/env';
import * as handlers from './orders.handlers';
import * as routes from './orders.routes';

let router = new OpenAPIHono<AppEnv>()
  .openapi(routes.list, handlers.list)
  // Registered before /api/orders/{id} so that `status` is never read as an id.
  .openapi(routes.statusCheck, handlers.statusCheck)
  .openapi(routes.detail, handlers.detail);

for (const action of ORDER_ACTION_NAMES) {
  router = router.openapi(routes.actionRoute(action), handlers.action(action)) as typeof router;
}

export const ordersRouter = router;

// The dashboard and its export: thin handlers over services.orders (the same read model as the
// orders list, so every card equals the list for the same filters).
import { OpenAPIHono } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json } from '../schemas';
import { DashboardQuery, DashboardSchema, OrdersListQuery } from '../orders/schemas';
import { listParams, scopeParams } from '../orders/params';
import { sendXlsx, xlsxResponse } from '../xlsx';
import type { AppEnv } from '../../http/env';

const dashboard = secureRoute({
  method: 'get',
  path: '/api/dashboard',
  tags: ['Orders'],
  summary: 'Dashboard cards per platform and shop',
  request: { query: DashboardQuery },
  responses: { 200: json(DashboardSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

const dashboardExport = secureRoute({
  method: 'get',
  path: '/api/dashboard/export.xlsx',
  tags: ['Orders'],
  summary: 'Dashboard export: the table rows of the same parameters',
  request: { query: OrdersListQuery },
  responses: {
    200: xlsxResponse(),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const dashboardRouter = new OpenAPIHono<AppEnv>()
  .openapi(dashboard, async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await c.get('services').orders.dashboard({ ...scopeParams(q), due: q.due }, c.get('arrivedAtVersion')),
      200,
    );
  })
  .openapi(dashboardExport, async (c) => {
    const file = await c.get('services').orders.exportXlsx(listParams(c.req.valid('query')));
    return sendXlsx(c, file);
  });

// Orders, allocation, dashboard and holidays (API.md): thin handlers over services.orders,
// services.orderActions and services.holidays. Roles per operations 6.3 (src/http/route-roles.ts).
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, IdParam, json, jsonBody } from '../schemas';
import { actorOf } from '../../http/auth';
import { ORDER_ACTION_NAMES, type OrderActionName } from '../../domain/piles';
import {
  ActionBody,
  ActionResultSchema,
  DashboardQuery,
  DashboardSchema,
  HolidaysSchema,
  OrderItemSchema,
  OrdersListQuery,
  OrdersListSchema,
  type ScopeQuery,
  StatusCheckSchema,
} from './schemas';
import type { OrdersQuery } from '../../services/orders';
import type { AppEnv } from '../../http/env';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ListQuery = z.infer<typeof OrdersListQuery>;
type ScopeParams = z.infer<typeof ScopeQuery>;

function scopeParams(q: ScopeParams): OrdersQuery {
  const mode = q.all_time === '1' || q.all_time === 'true' ? 'all_time' : q.mode;
  return {
    mode,
    platform: q.platform,
    shop: q.shop,
    q: q.q,
    importedFrom: q.importedFrom,
    importedTo: q.importedTo,
    orderedFrom: q.orderedFrom,
    orderedTo: q.orderedTo,
  };
}

function listParams(q: ListQuery): OrdersQuery {
  return {
    ...scopeParams(q),
    view: q.view,
    status: q.status,
    due: q.due,
    pile: q.pile as 1 | 2 | 3 | undefined,
    showChange: q.showChange ?? q.show_change,
    sort: q.sort,
    dir: q.dir,
    page: q.page,
    limit: q.limit,
  };
}

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
      }),
    ),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

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
    200: { content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } }, description: 'xlsx file' },
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

const getHolidays = secureRoute({
  method: 'get',
  path: '/api/admin/holidays',
  tags: ['Admin'],
  responses: { 200: json(HolidaysSchema), ...errorResponses(...PROTECTED, 404, 409) },
});

const putHolidays = secureRoute({
  method: 'put',
  path: '/api/admin/holidays',
  tags: ['Admin'],
  request: jsonBody(
    z
      .union([z.object({ holidays: z.array(z.string().max(32)).max(3660) }), z.array(z.string().max(32)).max(3660)])
      .openapi({
        description: '`{ holidays: [YYYY-MM-DD...] }` or the bare list',
      }),
  ),
  responses: { 200: json(HolidaysSchema), ...errorResponses(...PROTECTED, 404, 409) },
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
  .openapi(list, async (c) => c.json(await c.get('services').orders.list(listParams(c.req.valid('query'))), 200))
  // Registered before /api/orders/{id} so that `status` is never read as an id.
  .openapi(statusCheck, async (c) => c.json(await c.get('services').orders.statusOf(c.req.valid('query').orderNo), 200))
  .openapi(detail, async (c) => c.json(await c.get('services').orders.get(c.req.valid('param').id), 200))
  .openapi(dashboard, async (c) => {
    const q = c.req.valid('query');
    return c.json(await c.get('services').orders.dashboard({ ...scopeParams(q), due: q.due }), 200);
  })
  .openapi(dashboardExport, async (c) => {
    const file = await c.get('services').orders.exportXlsx(listParams(c.req.valid('query')));
    return c.body(file.body, 200, {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
    }) as never;
  })
  .openapi(getHolidays, async (c) => c.json(await c.get('services').holidays.get(), 200))
  .openapi(putHolidays, async (c) => {
    const body = c.req.valid('json');
    const holidays = Array.isArray(body) ? body : body.holidays;
    return c.json(await c.get('services').holidays.set(holidays, actorOf(c)), 200);
  });

for (const action of ORDER_ACTION_NAMES) {
  router = router.openapi(actionRoute(action), async (c) =>
    c.json(await c.get('services').orderActions.run(action, c.req.valid('json'), actorOf(c)), 200),
  ) as typeof router;
}

export const ordersRouter = router;

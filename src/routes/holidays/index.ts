// The business calendar's holidays (admin): thin handlers over services.holidays.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody } from '../schemas';
import { HolidaysSchema } from '../orders/schemas';
import { actorOf } from '../../http/auth';
import type { AppEnv } from '../../http/env';

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

export const holidaysRouter = new OpenAPIHono<AppEnv>()
  .openapi(getHolidays, async (c) => c.json(await c.get('services').holidays.get(), 200))
  .openapi(putHolidays, async (c) => {
    const body = c.req.valid('json');
    const holidays = Array.isArray(body) ? body : body.holidays;
    return c.json(await c.get('services').holidays.set(holidays, actorOf(c)), 200);
  });

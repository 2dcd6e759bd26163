// GET|HEAD /health: no login, within a second, never paths or counts
// (docs/domain/data-safety.md#health-and-system-status).
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { json } from '../schemas';
import type { AppEnv } from '../../http/env';
import { HEALTH_PATH } from '../../http/paths';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    /** Only with status `degraded`: `full` when the volume has no room for writes (reads still work). */
    storage: z.enum(['full']).optional(),
    db: z.string(),
    schema: z.string(),
    setup: z.string(),
    version: z.string(),
    commit: z.string(),
    uptimeS: z.number().int(),
    reason: z.string().optional(),
  })
  .openapi('Health');

const health = secureRoute({
  method: 'get',
  path: HEALTH_PATH,
  tags: ['System'],
  summary: 'Liveness and readiness (HEAD answers the same without a body)',
  responses: {
    200: json(HealthSchema),
    503: json(HealthSchema, 'Unavailable: database, pending migration or draining'),
  },
});

export const healthRouter = new OpenAPIHono<AppEnv>().openapi(health, async (c) => {
  const { status, body } = await c.get('services').status.health();
  c.header('Cache-Control', 'no-store');
  return c.json(body as z.infer<typeof HealthSchema>, status);
});

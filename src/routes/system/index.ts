// System status and migrations (admin; docs/domain/data-safety.md#migrations,
// docs/domain/data-safety.md#health-and-system-status).
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json } from '../schemas';
import { actorOf } from '../../http/auth';

import type { AppEnv } from '../../http/env';

const status = secureRoute({
  method: 'get',
  path: '/api/admin/system-status',
  tags: ['Admin'],
  summary: 'Where the data lives, whether it survives a deploy, schema, backups, counts, configuration',
  responses: { 200: json(z.object({}).passthrough()), ...errorResponses(...PROTECTED, 404, 409) },
});

const MigrationsView = z.object({
  applied: z.array(z.string()),
  pending: z.array(z.string()),
  bundled: z.array(z.string()),
  current: z.string().nullable(),
  migrations: z.array(z.object({ tag: z.string(), applied: z.boolean(), destructive: z.boolean() })),
});

const migrations = secureRoute({
  method: 'get',
  path: '/api/admin/migrations',
  tags: ['Admin'],
  responses: { 200: json(MigrationsView), ...errorResponses(...PROTECTED, 404, 409) },
});

const apply = secureRoute({
  method: 'post',
  path: '/api/admin/migrations/apply',
  tags: ['Admin'],
  summary: 'Apply pending migrations (destructive ones need {"confirm": true}); a pre_migration backup is taken first',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ confirm: z.boolean().optional() }) } },
      required: false,
    },
  },
  responses: {
    200: json(z.object({ applied: z.array(z.string()), latest: z.string().nullable(), backup: z.string().nullable() })),
    ...errorResponses(...PROTECTED, 404, 409),
  },
});

export const systemRouter = new OpenAPIHono<AppEnv>()
  .openapi(status, async (c) => c.json(await c.get('services').status.systemStatus(), 200))
  .openapi(migrations, async (c) => c.json(await c.get('services').migrations.overview(), 200))
  .openapi(apply, async (c) => {
    const body = (c.req.valid('json') ?? {}) as { confirm?: boolean };
    return c.json(await c.get('services').migrations.apply(actorOf(c), { confirm: body.confirm === true }), 200);
  });

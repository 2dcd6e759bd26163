// First-admin setup (docs/domain/auth.md#first-admin-and-setup): only while no user exists, with
// the one-time setup token.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { secureRoute } from '../define';
import { errorResponses, PROTECTED, json, jsonBody } from '../schemas';
import { actorOf, assertOriginAllowed } from '../../http/auth';
import { UserSchema } from '../auth/schemas';
import type { AppEnv } from '../../http/env';

const status = secureRoute({
  method: 'get',
  path: '/api/setup/status',
  tags: ['Auth'],
  summary: 'Whether the first admin still has to be created',
  responses: { 200: json(z.object({ setup: z.enum(['required', 'done']), setupTokenConfigured: z.boolean() })) },
});

const complete = secureRoute({
  method: 'post',
  path: '/api/setup',
  tags: ['Auth'],
  summary: 'Create the first admin with the setup token',
  request: jsonBody(
    z.object({ setupToken: z.string().max(512), username: z.string().max(64), password: z.string().max(1024) }),
  ),
  responses: { 201: json(z.object({ user: UserSchema }), 'Created'), ...errorResponses(...PROTECTED, 404, 409) },
});

export const setupRouter = new OpenAPIHono<AppEnv>()
  .openapi(status, async (c) => {
    const auth = c.get('services').auth;
    return c.json(
      {
        setup: (await auth.isSetupRequired()) ? ('required' as const) : ('done' as const),
        setupTokenConfigured: auth.hasSetupToken(),
      },
      200,
    );
  })
  .openapi(complete, async (c) => {
    assertOriginAllowed(c);
    const user = await c.get('services').auth.completeSetup(c.req.valid('json'), { ...actorOf(c), method: 'setup' });
    return c.json({ user }, 201);
  });

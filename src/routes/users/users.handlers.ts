// /api/admin/users: the handlers, thin: read the request, call one service method, shape the answer.
import { actorOf } from '../../http/auth';
import type { AppRouteHandler } from '../define';
import type * as routes from './users.routes';

export const list: AppRouteHandler<typeof routes.list> = async (c) =>
  c.json(await c.get('services').users.list(c.req.valid('query')), 200);

export const create: AppRouteHandler<typeof routes.create> = async (c) =>
  c.json({ user: await c.get('services').users.create(c.req.valid('json'), actorOf(c)) }, 201);

export const update: AppRouteHandler<typeof routes.update> = async (c) =>
  c.json({ user: await c.get('services').users.update(c.req.valid('param').id, c.req.valid('json'), actorOf(c)) }, 200);

export const resetPassword: AppRouteHandler<typeof routes.resetPassword> = async (c) => {
  await c.get('services').users.resetPassword(c.req.valid('param').id, c.req.valid('json').password, actorOf(c));
  return c.json({ ok: true as const }, 200);
};

export const unlock: AppRouteHandler<typeof routes.unlock> = async (c) =>
  c.json(await c.get('services').users.unlock(c.req.valid('param').id, actorOf(c)), 200);

export const remove: AppRouteHandler<typeof routes.remove> = async (c) =>
  c.json(
    await c.get('services').users.remove(c.req.valid('param').id, c.req.valid('query').hard === 'true', actorOf(c)),
    200,
  );

// /api/orders: the handlers, thin: read the request, call one service method, shape the answer.
import type { OrderActionName } from '../../domain/piles';
import { actorOf } from '../../http/auth';
import type { AppRouteHandler } from '../define';
import type * as routes from './orders.routes';
import { listParams } from './params';

export const list: AppRouteHandler<typeof routes.list> = async (c) =>
  c.json(await c.get('services').orders.list(listParams(c.req.valid('query')), c.get('arrivedAtVersion')), 200);

export const statusCheck: AppRouteHandler<typeof routes.statusCheck> = async (c) =>
  c.json(await c.get('services').orders.statusOf(c.req.valid('query').orderNo), 200);

export const detail: AppRouteHandler<typeof routes.detail> = async (c) =>
  c.json(await c.get('services').orders.get(c.req.valid('param').id), 200);

/** The handler of one action's route: the order actions' table runs it (services.orderActions). */
export const action =
  (name: OrderActionName): AppRouteHandler<ReturnType<typeof routes.actionRoute>> =>
  async (c) =>
    c.json(await c.get('services').orderActions.run(name, c.req.valid('json'), actorOf(c)), 200);

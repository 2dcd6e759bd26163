// /api/admin/backups: the handlers, thin: read the request, call one service method, shape the answer.
import { actorOf } from '../../http/auth';
import { attachment, backupContentType } from '../../http/download';
import type { AppRouteHandler } from '../define';
import type * as routes from './backups.routes';

export const list: AppRouteHandler<typeof routes.list> = async (c) =>
  c.json(await c.get('services').backups.list(c.req.valid('query')), 200);

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const body = ((c.req.valid('json') as unknown) ?? {}) as { format?: 'sqlite' | 'ndjson' };
  return c.json(await c.get('services').backups.create({ format: body.format }, actorOf(c)), 201);
};

export const download: AppRouteHandler<typeof routes.download> = async (c) => {
  const name = c.req.valid('param').name;
  const file = await c.get('services').backups.download(name, actorOf(c));
  return attachment(c, { stream: file.stream, fileName: name, contentType: backupContentType(file.format) });
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  await c.get('services').backups.remove(c.req.valid('param').name, actorOf(c));
  return c.json({ ok: true as const }, 200);
};

// /api/admin/export, /api/admin/restore, /api/admin/legacy/drop: the handlers, thin: read the
// request, call one service method, shape the answer.
import { actorOf } from '../../http/auth';
import { badRequest } from '../../errors';
import { MULTIPART_MARGIN_BYTES } from '../../http/body-limit';
import { attachment } from '../../http/download';
import { yieldToEventLoop } from '../../lib/steps';
import { tooLarge } from '../../services/restore/validate';
import type { AppRouteHandler } from '../define';
import type * as routes from './admin-data.routes';

export const exportRoute: AppRouteHandler<typeof routes.exportRoute> = async (c) => {
  return attachment(c, await c.get('services').exports.download(c.req.valid('query').format ?? 'ndjson', actorOf(c)));
};

export const restoreUpload: AppRouteHandler<typeof routes.restoreUpload> = async (c) => {
  const services = c.get('services');
  const max = c.get('config').MAX_RESTORE_BYTES;
  // Refuse before reading the body when the client says it is too big; multipart framing
  // adds a little, so the file itself is checked again below.
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max + MULTIPART_MARGIN_BYTES) throw tooLarge();
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw badRequest('invalid_request', 'ต้องส่งไฟล์แบบ multipart/form-data ในช่อง file', [{ field: 'file' }]);
  }
  // Duck-typed: runtimes do not always share one File class with the body parser.
  const file = form.file as File | string | undefined;
  if (!file || typeof file === 'string' || typeof file.arrayBuffer !== 'function') {
    throw badRequest('invalid_request', 'ต้องส่งไฟล์ในช่อง file (.ndjson หรือ .ndjson.gz)', [{ field: 'file' }]);
  }
  if (file.size > max) throw tooLarge();
  // Parsing a large multipart body runs as one chain of microtasks: let other requests in.
  await yieldToEventLoop();
  const bytes = new Uint8Array(await file.arrayBuffer());
  return c.json(
    await services.restore.fromUpload({ bytes, name: file.name || 'upload' }, c.req.valid('query'), actorOf(c)),
    200,
  );
};

export const restoreBackup: AppRouteHandler<typeof routes.restoreBackup> = async (c) =>
  c.json(await c.get('services').restore.fromBackup(c.req.valid('param').name, c.req.valid('query'), actorOf(c)), 200);

export const legacyDrop: AppRouteHandler<typeof routes.legacyDrop> = async (c) =>
  c.json(await c.get('services').legacy.drop(actorOf(c)), 200);

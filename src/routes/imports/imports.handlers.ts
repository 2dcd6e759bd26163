// /api/imports: the handlers, thin: read the request, call one service method, shape the answer.
import { actorOf } from '../../http/auth';
import { AppError } from '../../errors';
import { sendXlsx } from '../xlsx';
import type { ImportInput, ImportOptions } from '../../services/imports';
import { importTemplate } from '../../services/imports/template';
import { parseImportBody } from './body';
import type { AppRouteHandler } from '../define';
import type * as routes from './imports.routes';

export const run: AppRouteHandler<typeof routes.run> = async (c) => {
  const services = c.get('services');
  const kind = c.req.valid('param').kind;
  const q = c.req.valid('query');
  const options: ImportOptions = {
    dryRun: q.dryRun,
    skipInvalid: q.skipInvalid,
    confirmZeroing: q.confirmZeroing,
    mode: q.mode ?? 'full',
  };
  const actor = actorOf(c);
  let input: ImportInput;
  try {
    input = await parseImportBody(c.req.raw, c.get('config').MAX_UPLOAD_BYTES);
  } catch (error) {
    if (error instanceof AppError && error.status === 413) {
      throw await services.imports.failUpload(
        kind,
        { source: { type: 'file', bytes: new Uint8Array(0), fileName: '' } },
        options,
        actor,
        error,
      );
    }
    throw error;
  }
  const result = await services.imports.run(kind, input, options, actor);
  return c.json(result, 200);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const q = c.req.valid('query');
  const page = await c.get('services').imports.list({ kind: q.kind, page: q.page, limit: q.limit });
  return c.json(page, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) =>
  c.json(await c.get('services').imports.get(c.req.valid('param').id), 200);

export const template: AppRouteHandler<typeof routes.template> = async (c) => {
  const { fileName, bytes } = importTemplate(c.req.valid('param').kind, c.req.valid('query').platform);
  return sendXlsx(c, { fileName, body: bytes });
};

export const clearLogs: AppRouteHandler<typeof routes.clearLogs> = async (c) =>
  c.json(await c.get('services').imports.clearLogs(c.req.valid('param').kind, c.req.valid('json'), actorOf(c)), 200);

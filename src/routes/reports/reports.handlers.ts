// /api/reports: the handlers, thin: read the request, call one service method, shape the answer.
import type { z } from '@hono/zod-openapi';
import { actorOf } from '../../http/auth';
import type { ReportQuerySchema } from './schemas';
import type { ReportQuery } from '../../services/reports';
import { sendXlsx } from '../xlsx';
import type { AppRouteHandler } from '../define';
import type * as routes from './reports.routes';

const yes = (v: string | undefined) => v === '1' || v === 'true';

function reportQuery(q: z.infer<typeof ReportQuerySchema>): ReportQuery {
  const { skus, shortage, ...rest } = q;
  return {
    ...rest,
    skus: skus
      ? skus
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    shortage: yes(shortage) || undefined,
  };
}

export const dispatch: AppRouteHandler<typeof routes.dispatch> = async (c) =>
  c.json(await c.get('services').reports.dispatch(c.req.valid('json'), actorOf(c)), 200);

export const rows: AppRouteHandler<typeof routes.rows> = async (c) =>
  c.json(await c.get('services').reports.rows(c.req.valid('param').report, reportQuery(c.req.valid('query'))), 200);

export const exportXlsx: AppRouteHandler<typeof routes.exportXlsx> = async (c) => {
  const q = c.req.valid('query');
  const file = await c
    .get('services')
    .reports.exportXlsx(c.req.valid('param').report, reportQuery(q), { unfiltered: yes(q.unfiltered) });
  return sendXlsx(c, file);
};

export const print: AppRouteHandler<typeof routes.print> = async (c) =>
  c.json(await c.get('services').reports.print(c.req.valid('param').report, c.req.valid('json'), actorOf(c)), 200);

export const printed: AppRouteHandler<typeof routes.printed> = async (c) =>
  c.json(await c.get('services').reports.printed(c.req.valid('param').report, c.req.valid('query')), 200);

export const printedExport: AppRouteHandler<typeof routes.printedExport> = async (c) =>
  sendXlsx(c, await c.get('services').reports.printedExport(c.req.valid('param').report, c.req.valid('query')));

export const round: AppRouteHandler<typeof routes.round> = async (c) =>
  c.json(await c.get('services').reports.setRound(c.req.valid('param').report, c.req.valid('json'), actorOf(c)), 200);

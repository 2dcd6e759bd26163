// An .xlsx download: its OpenAPI response and the headers every export and template is sent with
// (a Thai file name goes in `filename*`, with an ASCII stand-in for old clients).
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const xlsxResponse = (description = 'xlsx file') => ({
  content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
  description,
});

export function sendXlsx(
  c: Context<AppEnv>,
  file: { fileName: string; body: ReadableStream<Uint8Array> | Uint8Array },
) {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return c.body(file.body as ReadableStream<Uint8Array> | ArrayBuffer, 200, {
    'Content-Type': XLSX_TYPE,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'Cache-Control': 'no-store',
  });
}

// The body of an import request: multipart (`file` + optional `platform`, `shop`, `columns`) or
// JSON (`{ sheetUrl, tab, platform?, shop?, columns? }`). The size limit is enforced before the
// body is read whole: by Content-Length first, then by counting the bytes as they stream in.
import { z } from '@hono/zod-openapi';
import { AppError, badRequest } from '../../errors';
import type { ImportInput } from '../../services/imports';

/** Room for the multipart envelope around a file of exactly the limit. */
const MULTIPART_OVERHEAD = 64 * 1024;

export const tooLarge = (limit: number) =>
  new AppError(413, 'payload_too_large', `ไฟล์มีขนาดใหญ่เกิน ${Math.round(limit / (1024 * 1024))} MB`, [{ maxBytes: limit }]);

/** Reads the request body, failing with 413 as soon as it passes `limit` bytes. */
export async function readLimited(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

const Columns = z.record(z.string().max(64), z.string().max(255));

export const SheetBody = z
  .object({
    sheetUrl: z.string().max(2048).optional(),
    tab: z.string().max(100).optional(),
    platform: z.string().max(64).optional(),
    shop: z.string().max(255).optional(),
    columns: Columns.optional(),
  })
  .openapi('ImportSheetRequest');

function invalid(message: string, field: string): AppError {
  return badRequest('invalid_request', message, [{ field }]);
}

function parseColumns(raw: unknown): Record<string, string> | null {
  if (raw === undefined || raw === null || raw === '') return null;
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalid('columns ต้องเป็น JSON เช่น {"orderNo":"เลข Order"}', 'columns');
    }
  }
  const parsed = Columns.safeParse(value);
  if (!parsed.success) throw invalid('columns ต้องเป็น JSON object ของ ชื่อฟิลด์ -> หัวคอลัมน์', 'columns');
  return parsed.data;
}

const text = (v: FormDataEntryValue | null): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export interface ParsedImportBody {
  input: ImportInput;
}

/**
 * Multipart or JSON into the service's input. `limit` bounds the whole body (plus room for the
 * multipart envelope) and the file itself.
 */
export async function parseImportBody(req: Request, limit: number): Promise<ImportInput> {
  const type = req.headers.get('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const parsing = new Response((await readLimited(req, limit + MULTIPART_OVERHEAD)) as BodyInit, { headers: { 'content-type': type } });
    let form: FormData;
    try {
      // Only the Response holds the raw body: it can go as soon as the form is parsed.
      form = await parsing.formData();
    } catch {
      throw invalid('อ่านข้อมูล multipart ไม่ได้', 'file');
    }
    const file = form.get('file');
    const common = { platform: text(form.get('platform')), shop: text(form.get('shop')), columns: parseColumns(form.get('columns')) };
    if (file !== null && typeof file !== 'string') {
      if (file.size > limit) throw tooLarge(limit);
      return { ...common, source: { type: 'file', bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || 'upload' } };
    }
    if (text(form.get('sheetUrl')) !== null || text(form.get('tab')) !== null) {
      return { ...common, source: { type: 'sheet', sheetUrl: text(form.get('sheetUrl')), tab: text(form.get('tab')) } };
    }
    throw invalid('กรุณาแนบไฟล์ (.xlsx หรือ .csv) ในฟิลด์ file หรือระบุ sheetUrl', 'file');
  }
  if (/^application\/json/i.test(type) || type === '') {
    const bytes = await readLimited(req, limit + MULTIPART_OVERHEAD);
    let json: unknown = {};
    if (bytes.byteLength > 0) {
      try {
        json = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw invalid('JSON ไม่ถูกต้อง', 'body');
      }
    }
    const parsed = SheetBody.safeParse(json);
    if (!parsed.success) {
      throw badRequest(
        'invalid_request',
        'ข้อมูลที่ส่งมาไม่ถูกต้อง',
        parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message, code: i.code })),
      );
    }
    const b = parsed.data;
    return {
      platform: b.platform ?? null,
      shop: b.shop ?? null,
      columns: b.columns ?? null,
      source: { type: 'sheet', sheetUrl: b.sheetUrl ?? null, tab: b.tab ?? null },
    };
  }
  throw new AppError(415, 'unsupported_media_type', 'ส่งไฟล์แบบ multipart/form-data หรือ JSON ของ Google Sheet', [{ type }]);
}

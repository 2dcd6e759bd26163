// The body of an import request: multipart (`file` + optional `platform`, `shop`, `columns`) or
// JSON (`{ sheetUrl, tab, platform?, shop?, columns? }`). The size limit is enforced before the
// body is read whole: by Content-Length first, then by counting the bytes as they stream in.
import { z } from '@hono/zod-openapi';
import { AppError, badRequest, issueDetails } from '../../errors';
import { MULTIPART_MARGIN_BYTES } from '../../http/body-limit';
import { boundaryOf, MultipartError, parseMultipart, type MultipartPart } from '../../http/multipart';
import type { ImportInput } from '../../services/imports';

export const tooLarge = (limit: number) =>
  new AppError('payload_too_large', `ไฟล์มีขนาดใหญ่เกิน ${Math.round(limit / (1024 * 1024))} MB`, [{ maxBytes: limit }]);

/** Reads the request body, failing with 413 as soon as it passes `limit` bytes. */
export async function readLimited(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  // With a declared length the bytes go straight to their place: no second copy of the upload.
  const out = new Uint8Array(Number.isFinite(declared) ? declared : 0);
  let filled = 0;
  // What does not fit (no length declared, or more than declared), in order.
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    if (parts.length === 0 && filled + value.byteLength <= out.length) {
      out.set(value, filled);
      filled += value.byteLength;
    } else parts.push(value);
    total += value.byteLength;
  }
  if (parts.length === 0) return out.subarray(0, filled);
  const all = new Uint8Array(total);
  all.set(out.subarray(0, filled));
  let offset = filled;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.byteLength;
  }
  return all;
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

const text = (v: string | null): string | null => (v !== null && v.trim() !== '' ? v : null);

/**
 * Multipart or JSON into the service's input. `limit` bounds the whole body (plus room for the
 * multipart envelope) and the file itself.
 */
export async function parseImportBody(req: Request, limit: number): Promise<ImportInput> {
  const type = req.headers.get('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const body = await readLimited(req, limit + MULTIPART_MARGIN_BYTES);
    const boundary = boundaryOf(type);
    let parts: MultipartPart[];
    try {
      if (!boundary) throw new MultipartError('no boundary');
      // The file stays a view on the body: a 20 MB upload is held once, not four times.
      parts = parseMultipart(body, boundary);
    } catch {
      throw invalid('อ่านข้อมูล multipart ไม่ได้', 'file');
    }
    const decoder = new TextDecoder();
    const field = (name: string): string | null => {
      const part = parts.find((p) => p.name === name && p.filename === null);
      return part ? decoder.decode(part.data) : null;
    };
    const file = parts.find((p) => p.name === 'file' && p.filename !== null);
    const common = {
      platform: text(field('platform')),
      shop: text(field('shop')),
      columns: parseColumns(field('columns')),
    };
    if (file) {
      if (file.data.byteLength > limit) throw tooLarge(limit);
      return { ...common, source: { type: 'file', bytes: file.data, fileName: file.filename || 'upload' } };
    }
    if (text(field('sheetUrl')) !== null || text(field('tab')) !== null) {
      return { ...common, source: { type: 'sheet', sheetUrl: text(field('sheetUrl')), tab: text(field('tab')) } };
    }
    throw invalid('กรุณาแนบไฟล์ (.xlsx หรือ .csv) ในฟิลด์ file หรือระบุ sheetUrl', 'file');
  }
  if (/^application\/json/i.test(type) || type === '') {
    const bytes = await readLimited(req, limit + MULTIPART_MARGIN_BYTES);
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
      throw badRequest('invalid_request', 'ข้อมูลที่ส่งมาไม่ถูกต้อง', issueDetails(parsed.error.issues));
    }
    const b = parsed.data;
    return {
      platform: b.platform ?? null,
      shop: b.shop ?? null,
      columns: b.columns ?? null,
      source: { type: 'sheet', sheetUrl: b.sheetUrl ?? null, tab: b.tab ?? null },
    };
  }
  throw new AppError('unsupported_media_type', 'ส่งไฟล์แบบ multipart/form-data หรือ JSON ของ Google Sheet', [{ type }]);
}

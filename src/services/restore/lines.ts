// Reads an export (`.ndjson` or `.ndjson.gz`, told apart by the gzip magic bytes, not the name)
// as numbered lines of raw bytes, decompressing as it goes. Caps checked as it goes, so a small
// gzip bomb can neither fill memory nor keep the process busy: the decompressed size
// (MAX_RESTORE_BYTES), the ratio to the compressed size, and the length of one line. A
// truncated gzip stream ends in a LineReadError that carries the number of the line being read.
import { MAX_INFLATE_RATIO, RATIO_FLOOR_BYTES } from '../../domain/imports/limits';
import { yieldToEventLoop } from '../../lib/steps';

export interface LineLimits {
  /** Decompressed bytes. */
  maxBytes: number;
  /** One line (one row): the longest a real export holds is an import's key list, a few MB. */
  maxLineBytes: number;
  /** Decompressed : compressed, judged past `ratioFloorBytes` (gzip only). */
  maxRatio: number;
  ratioFloorBytes: number;
}

export function lineLimits(maxBytes: number): LineLimits {
  return { maxBytes, maxLineBytes: 32 * 1024 * 1024, maxRatio: MAX_INFLATE_RATIO, ratioFloorBytes: RATIO_FLOOR_BYTES };
}

/** Which cap a too-large export crossed. */
export type LineLimit = 'inflated_bytes' | 'inflate_ratio' | 'line_bytes';

export interface ExportLine {
  /** 1-based, as an editor shows it. */
  no: number;
  bytes: Uint8Array;
}

export class LineReadError extends Error {
  constructor(
    readonly kind: 'too_large' | 'corrupt',
    readonly line: number,
    message: string,
    readonly limit?: { limit: LineLimit; max: number },
  ) {
    super(message);
  }
}

/** Decompressed bytes read between two turns given to the event loop. */
const YIELD_EVERY = 1 << 20;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function* readExportLines(source: Uint8Array, limits: LineLimits): AsyncGenerator<ExportLine> {
  let stream = new Blob([source as BlobPart]).stream() as ReadableStream<Uint8Array>;
  const gzip = isGzip(source);
  if (gzip) {
    stream = stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  }
  const reader = stream.getReader();
  const maxInflated = gzip
    ? Math.min(limits.maxBytes, Math.max(limits.ratioFloorBytes, limits.maxRatio * source.length))
    : limits.maxBytes;
  let no = 1;
  let seen = 0;
  let sinceYield = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const tooLarge = (limit: LineLimit, max: number) =>
    new LineReadError('too_large', no, 'ข้อมูลหลังคลายการบีบอัดมีขนาดเกินกำหนด', { limit, max });
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        throw new LineReadError('corrupt', no, 'ไฟล์ถูกตัดหรือเสียหาย (อ่าน gzip ไม่ครบ)');
      }
      if (chunk.done) break;
      const bytes = chunk.value;
      seen += bytes.length;
      if (seen > maxInflated) {
        throw seen > limits.maxBytes
          ? tooLarge('inflated_bytes', limits.maxBytes)
          : tooLarge('inflate_ratio', limits.maxRatio);
      }
      // Decompressing and parsing run back to back otherwise (the bytes are all in memory).
      sinceYield += bytes.length;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      let start = 0;
      for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, start)) {
        const piece = bytes.subarray(start, i);
        pending.push(piece);
        pendingBytes += piece.length;
        yield { no: no++, bytes: concat(pending, pendingBytes) };
        pending = [];
        pendingBytes = 0;
        start = i + 1;
      }
      if (start < bytes.length) {
        // Copy: the stream may reuse its buffer for the next chunk.
        const rest = bytes.slice(start);
        pending.push(rest);
        pendingBytes += rest.length;
        if (pendingBytes > limits.maxLineBytes) throw tooLarge('line_bytes', limits.maxLineBytes);
      }
    }
    if (pendingBytes > 0) yield { no, bytes: concat(pending, pendingBytes) };
  } finally {
    // Also runs when the consumer stops early: stop decompressing what nobody will read.
    await reader.cancel().catch(() => {});
  }
}

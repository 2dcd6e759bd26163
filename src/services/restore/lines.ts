// Reads an export (`.ndjson` or `.ndjson.gz`, told apart by the gzip magic bytes, not the name)
// as numbered lines of raw bytes, decompressing as it goes. The decompressed size is capped, so
// a small gzip bomb cannot fill memory; a truncated gzip stream ends in a LineReadError that
// carries the number of the line being read.
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
  ) {
    super(message);
  }
}

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

export async function* readExportLines(source: Uint8Array, maxBytes: number): AsyncGenerator<ExportLine> {
  let stream = new Blob([source as BlobPart]).stream() as ReadableStream<Uint8Array>;
  if (isGzip(source)) {
    stream = stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  }
  const reader = stream.getReader();
  let no = 1;
  let seen = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
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
      if (seen > maxBytes) throw new LineReadError('too_large', no, 'ข้อมูลหลังคลายการบีบอัดมีขนาดเกินกำหนด');
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
      }
    }
    if (pendingBytes > 0) yield { no, bytes: concat(pending, pendingBytes) };
  } finally {
    // Also runs when the consumer stops early: stop decompressing what nobody will read.
    await reader.cancel().catch(() => {});
  }
}

// multipart/form-data (RFC 7578) read from a body already in memory, without copying it: a file
// part is a view on the request's bytes. The platform's parser (Response.formData, then
// File.arrayBuffer) copies an upload three or four times, which for a 20 MB file is most of
// what a request costs. The delimiter search is linear (Knuth-Morris-Pratt) whatever the body
// holds: a crafted file cannot make it quadratic. Pure JS for Node and Workers.

export interface MultipartPart {
  name: string;
  /** Set for a file part (possibly ''); null for a plain field. */
  filename: string | null;
  /** A view on the body. */
  data: Uint8Array;
}

export class MultipartError extends Error {}

/** A form has a handful of fields; thousands of parts are an attack on the parser, not a form. */
const MAX_PARTS = 64;
const MAX_HEADER_BYTES = 16 * 1024;

export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,200})"|([^;\s]{1,200}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

const enc = new TextEncoder();

/** Knuth-Morris-Pratt search for one needle, reused for every part. */
class Finder {
  private readonly fail: Int32Array;

  constructor(private readonly needle: Uint8Array) {
    const f = new Int32Array(needle.length);
    for (let i = 1, k = 0; i < needle.length; i++) {
      while (k > 0 && needle[i] !== needle[k]) k = f[k - 1];
      if (needle[i] === needle[k]) k++;
      f[i] = k;
    }
    this.fail = f;
  }

  /** First index >= from where the needle starts, or -1. */
  find(hay: Uint8Array, from: number): number {
    const { needle, fail } = this;
    const n = needle.length;
    for (let i = from, k = 0; i < hay.length; i++) {
      // Outside a partial match, jump to the next possible start with the native search (a 20 MB
      // upload scanned byte by byte in JS holds the event loop for tens of ms). Still linear.
      if (k === 0) {
        i = hay.indexOf(needle[0], i);
        if (i < 0) return -1;
      }
      const b = hay[i];
      while (k > 0 && b !== needle[k]) k = fail[k - 1];
      if (b === needle[k] && ++k === n) return i - n + 1;
    }
    return -1;
  }
}

function headerParam(header: string, param: string): string | null {
  const m =
    new RegExp(`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header) ??
    new RegExp(`;\\s*${param}=([^;\\s]*)`, 'i').exec(header);
  return m ? m[1].replace(/\\(.)/g, '$1') : null;
}

export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] {
  const delimiter = new Finder(enc.encode(`\r\n--${boundary}`));
  const decoder = new TextDecoder();
  const parts: MultipartPart[] = [];
  // The first delimiter may start the body (no CRLF before it): search as if one preceded it.
  const first = enc.encode(`--${boundary}`);
  let at = 0;
  if (!(body.length >= first.length && first.every((b, i) => body[i] === b))) {
    const d = delimiter.find(body, 0);
    if (d < 0) throw new MultipartError('no boundary');
    at = d + 2; // after the preamble's CRLF
  }
  at += first.length;
  for (;;) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // closing `--boundary--`
    // Transport padding may follow a delimiter, then CRLF.
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) throw new MultipartError('bad delimiter line');
    at += 2;
    let headersEnd = -1;
    for (let i = at; i + 3 < body.length && i - at < MAX_HEADER_BYTES; i++) {
      if (body[i] === 0x0d && body[i + 1] === 0x0a && body[i + 2] === 0x0d && body[i + 3] === 0x0a) {
        headersEnd = i;
        break;
      }
    }
    if (headersEnd < 0) throw new MultipartError('part headers not terminated');
    const headers = decoder.decode(body.subarray(at, headersEnd)).split('\r\n');
    const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h)) ?? '';
    const name = headerParam(disposition, 'name');
    if (name === null) throw new MultipartError('part without a name');
    const start = headersEnd + 4;
    const end = delimiter.find(body, start);
    if (end < 0) throw new MultipartError('part not terminated');
    if (parts.length >= MAX_PARTS) throw new MultipartError('too many parts');
    parts.push({ name, filename: headerParam(disposition, 'filename'), data: body.subarray(start, end) });
    at = end + 2 + first.length;
  }
}

// The import route's upload reading: the body read once (readLimited) and the multipart parser
// (src/http/multipart.ts) against bodies built by the platform's own FormData serializer, and
// hand-made ones for the edge cases.
import { describe, expect, it } from 'vitest';
import { boundaryOf, MultipartError, parseMultipart } from '../../../src/http/multipart';
import { readLimited } from '../../../src/routes/imports/body';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function serialize(form: FormData) {
  const res = new Response(form);
  return { body: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type')! };
}

describe('multipart/form-data without copying the file', () => {
  it('reads what FormData sends: fields before and after the file, binary content with CRLF and dashes', async () => {
    const file = new Uint8Array([0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, 0x50, 0x4b, 0x0d, 0x0a]);
    const form = new FormData();
    form.append('platform', 'Shopee');
    form.append('file', new Blob([file]), 'ออเดอร์ "1".xlsx');
    form.append('shop', 'ร้าน\r\nหนึ่ง');
    const { body, type } = await serialize(form);
    const parts = parseMultipart(body, boundaryOf(type)!);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ['platform', null],
      ['file', expect.stringContaining('.xlsx')],
      ['shop', null],
    ]);
    expect([...parts[1].data]).toEqual([...file]);
    // A view on the body, not a copy.
    expect(parts[1].data.buffer).toBe(body.buffer);
    expect(dec.decode(parts[2].data)).toBe('ร้าน\r\nหนึ่ง');
  });

  it('a quoted boundary, a preamble, and an empty file', () => {
    const body = enc.encode(
      'preamble\r\n--b:x\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\n\r\n--b:x--\r\n',
    );
    expect(boundaryOf('multipart/form-data; boundary="b:x"')).toBe('b:x');
    expect(parseMultipart(body, 'b:x')).toEqual([{ name: 'file', filename: '', data: new Uint8Array(0) }]);
  });

  it.each([
    ['no delimiter', 'hello'],
    ['a part that never ends', '--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc'],
    ['headers that never end', '--b\r\nContent-Disposition: form-data; name="x"'],
    ['a part without a name', '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--'],
  ])('malformed: %s', (_l, text) => {
    expect(() => parseMultipart(enc.encode(text), 'b')).toThrow(MultipartError);
  });

  it('more than 64 parts is not a form', () => {
    const body = enc.encode(
      Array.from({ length: 65 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join(
        '',
      ) + '--b--\r\n',
    );
    expect(() => parseMultipart(body, 'b')).toThrow('too many parts');
  });

  it('a file full of near-delimiters is found whole, in time linear in its size', () => {
    const boundary = 'a'.repeat(70);
    const near = `\r\n--${'a'.repeat(69)}b`;
    const content = near.repeat(Math.floor((8 << 20) / near.length));
    const body = enc.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    );
    const t0 = performance.now();
    const [part] = parseMultipart(body, boundary);
    expect(part.data.length).toBe(content.length);
    // 8 MB: tens of milliseconds; the bound only leaves a loaded machine plenty of room.
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe('reading the upload (readLimited)', () => {
  const request = (chunks: number[][], declared?: number) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new Uint8Array(c));
        controller.close();
      },
    });
    const headers: Record<string, string> = declared === undefined ? {} : { 'content-length': String(declared) };
    return new Request('http://x/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  };
  it.each([
    ['as declared', 5],
    ['without a length', undefined],
    ['longer than declared', 3],
    ['longer than declared, a chunk cut at the declared end', 4],
    ['shorter than declared', 9],
  ])('%s: every byte, in order', async (_l, declared) => {
    expect([...(await readLimited(request([[1, 2], [3], [4, 5]], declared), 100))]).toEqual([1, 2, 3, 4, 5]);
  });
  it('more than the limit is 413, declared or counted', async () => {
    await expect(readLimited(request([[1, 2, 3]], 3), 2)).rejects.toMatchObject({ status: 413 });
    await expect(readLimited(request([[1, 2], [3]]), 2)).rejects.toMatchObject({ status: 413 });
  });
});

// The exports' worksheet bytes deflated by node:zlib's gzip at level 3, written to directly
// (docs/domain/read-model.md#exports): the same framing as a CompressionStream (gzipMember takes
// the raw deflate data and the trailer's CRC-32 and size), without wrapping zlib in web streams,
// whose promise and queue machinery cost the event loop about 20 ms per 46,000-line export.
import { createGzip } from 'node:zlib';
import { type EntryDeflater, gzipMember } from '../xlsx/write';

/** Output chunks of 64 KB instead of zlib's 16 KB: a quarter of the pieces to zip and send. */
const CHUNK_BYTES = 64 * 1024;

export function zlibEntryDeflater(onData: (chunk: Uint8Array<ArrayBuffer>) => void): EntryDeflater {
  const gzip = createGzip({ level: 3, chunkSize: CHUNK_BYTES });
  const member = gzipMember(onData);
  gzip.on('data', (chunk: Buffer) => member.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  // Awaited by `end`; a failure before then must not count as unhandled.
  ended.catch(() => {});
  return {
    // The callback runs once zlib has taken the chunk in (a Transform calls it after transforming).
    write: (bytes) => new Promise<void>((resolve, reject) => gzip.write(bytes, (e) => (e ? reject(e) : resolve()))),
    async end() {
      gzip.end();
      await ended;
      return member.finish();
    },
    async abort() {
      gzip.destroy();
    },
  };
}

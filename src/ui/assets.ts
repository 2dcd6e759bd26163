// Static files under /assets/<name>.<hash>.<ext>, from the generated module (no file system at
// request time, so the same code serves them on Node and in the worker). The hash in the name
// changes with the content, so a file can be cached for a year; the hash is also the ETag.
import type { Context } from 'hono';
import { ASSET_FILES, ASSET_URLS } from './assets.generated';
import type { AppEnv } from '../http/env';

export { ASSET_URLS };

const decoded = new Map<string, Uint8Array<ArrayBuffer>>();

function bytesOf(file: string, base64: string): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(file);
  if (!bytes) {
    const text = atob(base64);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    decoded.set(file, bytes);
  }
  return bytes;
}

/** The response for `GET /assets/:file`, or null for a name the app does not have. */
export function serveAsset(c: Context<AppEnv>, file: string): Response | null {
  const asset = Object.hasOwn(ASSET_FILES, file) ? ASSET_FILES[file] : undefined;
  if (!asset) return null;
  const etag = `"${asset.hash}"`;
  const headers = {
    'Content-Type': asset.contentType,
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: etag,
  };
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304, headers);
  if (asset.encoding === 'base64') return c.body(bytesOf(file, asset.body), 200, headers);
  return c.body(asset.body, 200, headers);
}

// A file download: the same headers for every route and page that sends one (the database
// export, a backup file): an attachment with its name, never cached.
import type { Context } from 'hono';

export interface Download {
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  contentType: string;
  /** Sent as Content-Length when known. */
  sizeBytes?: number | null;
}

export function attachment(c: Context, file: Download): Response {
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    'Cache-Control': 'no-store',
  };
  if (file.sizeBytes !== null && file.sizeBytes !== undefined) headers['Content-Length'] = String(file.sizeBytes);
  return c.body(file.stream, 200, headers);
}

/** The content type of a backup file by its format. */
export const backupContentType = (format: string) =>
  format === 'sqlite' ? 'application/vnd.sqlite3' : 'application/gzip';

// Reading and (re)writing export files in tests: the layout of
// docs/domain/data-safety.md#export-layout, written here independently of the product's writer
// (header, rows, trailer with counts and the sha256 of every preceding byte), so hostile files can
// be made with a valid trailer.
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

export interface ExportRecord {
  table: string;
  row: Record<string, unknown>;
}

export interface ParsedExport {
  header: Record<string, any>;
  records: ExportRecord[];
  trailer: Record<string, any>;
}

export function textOf(bytes: Uint8Array): string {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
  return raw.toString('utf8');
}

export function parseExport(bytes: Uint8Array): ParsedExport {
  const lines = textOf(bytes)
    .split('\n')
    .filter((l) => l.length > 0);
  return {
    header: JSON.parse(lines[0]),
    records: lines.slice(1, -1).map((l) => JSON.parse(l)),
    trailer: JSON.parse(lines[lines.length - 1]),
  };
}

/** Header + records + a correct trailer; gzipped unless `plain`. */
export function buildExport(
  header: Record<string, unknown>,
  records: ExportRecord[],
  opts: { plain?: boolean } = {},
): Uint8Array {
  const body = [JSON.stringify(header), ...records.map((r) => JSON.stringify(r))].map((l) => l + '\n').join('');
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.table] = (counts[r.table] ?? 0) + 1;
  const trailer = { end: true, counts, sha256: createHash('sha256').update(body, 'utf8').digest('hex') };
  const text = body + JSON.stringify(trailer) + '\n';
  return opts.plain ? new Uint8Array(Buffer.from(text, 'utf8')) : new Uint8Array(gzipSync(Buffer.from(text, 'utf8')));
}

/** Re-serialises an export after changing it, with a trailer that matches the change. */
export function rewriteExport(
  bytes: Uint8Array,
  change: (parsed: ParsedExport) => void,
  opts: { plain?: boolean } = {},
): Uint8Array {
  const parsed = parseExport(bytes);
  change(parsed);
  return buildExport(parsed.header, parsed.records, opts);
}

/** The 1-based line number of the n-th record of a table in a file built by buildExport. */
export function lineOf(parsed: ParsedExport, table: string, nth = 0): number {
  let seen = 0;
  for (let i = 0; i < parsed.records.length; i++) {
    if (parsed.records[i].table === table && seen++ === nth) return i + 2;
  }
  throw new Error(`no ${table} record ${nth}`);
}

export function upload(bytes: Uint8Array, name = 'export.ndjson.gz'): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart]), name);
  return form;
}

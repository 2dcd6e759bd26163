// Spreadsheet ids from what users paste: a docs.google.com URL or a bare id
// (docs/domain/imports.md#google-sheets).

const URL_ID_RE = /\/spreadsheets\/(?:u\/\d+\/)?d\/([A-Za-z0-9_-]{10,})/;
const BARE_ID_RE = /^[A-Za-z0-9_-]{20,}$/;

/** The spreadsheet id, or null when the text holds none (`sheet_invalid_url`). */
export function parseSpreadsheetId(input: string | null | undefined): string | null {
  const text = input?.trim() ?? '';
  if (text === '') return null;
  const m = URL_ID_RE.exec(text);
  if (m) return m[1];
  return BARE_ID_RE.test(text) ? text : null;
}

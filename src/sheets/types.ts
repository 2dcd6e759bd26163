// Google Sheets as an import source (docs/domain/imports.md#google-sheets): the reader interface
// the import service uses, and the errors it may raise, each with its code, HTTP status and Thai
// message.

export type SheetErrorCode =
  | 'sheet_invalid_url'
  | 'sheet_no_access'
  | 'sheet_not_public'
  | 'sheet_not_found'
  | 'sheet_tab_not_found'
  | 'sheet_empty'
  | 'sheet_unavailable';

export const SHEETS_READONLY_SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const SHEETS_BASE_URL = 'https://sheets.googleapis.com';
export const DOCS_BASE_URL = 'https://docs.google.com';

export function sheetMessage(code: SheetErrorCode, p: { clientEmail?: string; tab?: string } = {}): string {
  switch (code) {
    case 'sheet_invalid_url':
      return 'ลิงก์ Google Sheet ไม่ถูกต้อง';
    case 'sheet_no_access':
      return `บอทเข้าถึงไฟล์ไม่ได้! กรุณาแชร์ Google Sheet ให้ ${p.clientEmail ?? 'บัญชีบริการ (Service Account)'} (สิทธิ์ผู้ดู)`;
    case 'sheet_not_public':
      return 'ยังไม่ได้ตั้งค่า Google Service Account และชีตนี้ไม่ได้แชร์แบบ "ทุกคนที่มีลิงก์"';
    case 'sheet_not_found':
      return 'ไม่พบ Google Sheet ตามลิงก์นี้';
    case 'sheet_tab_not_found':
      return `ไม่พบ Tab ชื่อ '${p.tab ?? ''}' ใน Google Sheet นี้`;
    case 'sheet_empty':
      return `Tab '${p.tab ?? ''}' ไม่มีข้อมูล`;
    case 'sheet_unavailable':
      return 'เชื่อมต่อ Google Sheets ไม่ได้ กรุณาลองใหม่';
  }
}

/** A failure to read a sheet (422, or 503 for `sheet_unavailable`: src/errors.ts); nothing is written but the log row. */
export class SheetError extends Error {
  constructor(
    readonly code: SheetErrorCode,
    message?: string,
    readonly details: Record<string, unknown>[] = [],
  ) {
    super(message ?? sheetMessage(code));
    this.name = 'SheetError';
  }
}

export interface SheetValues {
  /** Row i is sheet row i + 1; every cell is the text the user sees (FORMATTED_VALUE). */
  values: string[][];
  /** `sheet` through the Sheets API, `public_csv` through the link-sharing CSV export. */
  source: 'sheet' | 'public_csv';
  /** File-level warnings, e.g. `sheet_public_csv` (the export cannot prove the tab exists). */
  warnings: 'sheet_public_csv'[];
}

export interface SheetsReader {
  read(spreadsheetId: string, tab: string): Promise<SheetValues>;
}

/** What one way of reading found; the composite reader turns it into values or a SheetError. */
export type ValuesOutcome =
  | { ok: true; values: string[][] }
  | { ok: false; reason: 'forbidden' | 'not_found' | 'tab_not_found' | 'unavailable' };

/** One authenticated way to call `values.get` (service account on Node or edge, or an API key). */
export interface ValuesSource {
  getValues(spreadsheetId: string, tab: string): Promise<ValuesOutcome>;
  /** Tab names, for the details of `sheet_tab_not_found`; null when they cannot be listed. */
  getTitles(spreadsheetId: string): Promise<string[] | null>;
}

/** The A1 range of a whole tab: the name in single quotes, quotes doubled. */
export const tabRange = (tab: string) => `'${tab.replace(/'/g, "''")}'`;

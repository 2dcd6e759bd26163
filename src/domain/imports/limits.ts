// What reading one input may cost, checked while it is read (never after): an upload of a few
// hundred KB can otherwise claim gigabytes once inflated, or one cell, one row or one column
// letter can ask for an array of any size. Each cap stops the reading at once with its own code:
//   413 file_too_large_inflated - inflated bytes of a part, inflate ratio, number of zip entries
//                                 (the input is too big; a smaller or repaired file goes through)
//   422 cell_too_long / too_many_columns / too_many_rows - the content breaks a rule of the
//                                 table (docs/domain/imports.md#limits-while-reading),
//                                 whatever its size
// The byte caps follow from the row limit, so a legitimate file at the limit always fits.

export const MAX_DATA_ROWS = 100_000;
/** Excel's own limit on the characters of one cell. */
export const MAX_CELL_CHARS = 32_767;
/** Column XFD, Excel's last. */
export const MAX_COLUMNS = 16_384;
/** Deflate tops out near 1,032 : 1; real worksheets and shared strings stay below 30 : 1. */
export const MAX_INFLATE_RATIO = 200;
/** The ratio is judged only past this size: tiny parts (styles, rels) compress very well. */
export const RATIO_FLOOR_BYTES = 1 << 20;
/** A workbook holds tens of parts; thousands only with hundreds of sheets and images. */
export const MAX_ZIP_ENTRIES = 10_000;

export interface ReadLimits {
  maxRows: number;
  maxCellChars: number;
  maxColumns: number;
  /** Inflated worksheet XML: 2 KB per row holds ~50 shared-string cells or ~20 inline ones. */
  sheetBytes: number;
  /** Inflated shared strings: every distinct text of the sheet, held in memory while it is read. */
  sharedStringsBytes: number;
  /** Any other part that is read (workbook, relationships, styles). */
  partBytes: number;
  maxInflateRatio: number;
  ratioFloorBytes: number;
  maxZipEntries: number;
  /** A Google Sheets answer (JSON values or the public CSV export). */
  sheetsResponseBytes: number;
}

export function readLimits(maxRows = MAX_DATA_ROWS): ReadLimits {
  const MB = 1 << 20;
  return {
    maxRows,
    maxCellChars: MAX_CELL_CHARS,
    maxColumns: MAX_COLUMNS,
    sheetBytes: Math.max(16 * MB, maxRows * 2048),
    sharedStringsBytes: Math.max(4 * MB, maxRows * 640),
    partBytes: 16 * MB,
    maxInflateRatio: MAX_INFLATE_RATIO,
    ratioFloorBytes: RATIO_FLOOR_BYTES,
    maxZipEntries: MAX_ZIP_ENTRIES,
    sheetsResponseBytes: Math.max(4 * MB, maxRows * 512),
  };
}

/** `32,767`: without Intl, whose first use costs tens of milliseconds. */
export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

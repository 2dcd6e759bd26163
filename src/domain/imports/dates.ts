// Order-time parsing (docs/domain/imports.md#dates-and-times,
// docs/domain/imports.md#day-first-or-month-first). Results are epoch ms (UTC). Naive values are
// Bangkok wall time: UTC+07:00 with no DST, so the offset is plain arithmetic and no Intl/time-zone
// data is needed (not on every edge runtime).
import type { Cell } from './cell';
import { removeZeroWidth, trimCell, isBlankToken } from './text';

const MINUTE = 60_000;
const BANGKOK_OFFSET_MIN = 7 * 60;
/** Excel day 0 is 1899-12-30 (this absorbs the 1900 leap-year bug for serials after Feb 1900). */
const EXCEL_EPOCH_SERIAL = 25569; // serial of 1970-01-01

/** Inclusive Bangkok calendar range an order time may fall in. */
const MIN_MS = Date.UTC(2000, 0, 1) - BANGKOK_OFFSET_MIN * MINUTE;
const MAX_MS_EXCLUSIVE = Date.UTC(2101, 0, 1) - BANGKOK_OFFSET_MIN * MINUTE;

export type DateOrder = 'day-first' | 'month-first';

export interface DateInvalid {
  error: 'date_invalid';
}

const INVALID: DateInvalid = Object.freeze({ error: 'date_invalid' as const });

/** One parsed cell: an instant, null when blank (allowed: no order time), or the row error. */
export type DateValue = number | null | DateInvalid;

export function isDateInvalid(v: DateValue): v is DateInvalid {
  return typeof v === 'object' && v !== null;
}

function inRange(ms: number): number | DateInvalid {
  return Number.isFinite(ms) && ms >= MIN_MS && ms < MAX_MS_EXCLUSIVE ? ms : INVALID;
}

/** Epoch ms of an Excel serial read as Bangkok wall time, rounded to the second. */
export function excelSerialToEpochMs(serial: number): number {
  const wallSeconds = Math.round((serial - EXCEL_EPOCH_SERIAL) * 86_400);
  return wallSeconds * 1000 - BANGKOK_OFFSET_MIN * MINUTE;
}

function fromNumber(n: number): number | DateInvalid {
  if (n >= 25_569 && n <= 60_000) return inRange(excelSerialToEpochMs(n));
  if (n >= 1e9 && n <= 99_999_999_999) return inRange(Math.round(n * 1000));
  if (n >= 1e12 && n <= 1e14) return inRange(Math.round(n));
  return INVALID;
}

function daysInMonth(y: number, m: number): number {
  return m === 2
    ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
      ? 29
      : 28
    : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Minutes east of UTC; Bangkok when the text has no offset. */
  offsetMin: number;
}

/** A four-digit year >= 2400 is Buddhist Era (docs/domain/imports.md#dates-and-times). */
function gregorianYear(y: number): number {
  return y >= 2400 ? y - 543 : y;
}

function wallToEpoch(w: Wall): number | DateInvalid {
  const y = gregorianYear(w.y);
  if (w.mo < 1 || w.mo > 12 || w.d < 1 || w.d > daysInMonth(y, w.mo)) return INVALID;
  if (w.h > 23 || w.mi > 59 || w.s > 59) return INVALID;
  // Date.UTC is pure arithmetic (no host time zone); years 0-99 never reach here (4-digit years).
  return inRange(Date.UTC(y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms) - w.offsetMin * MINUTE);
}

// ---------------------------------------------------------------------------------------------
// Text forms

const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?(?:\s*น\.)?)?`;
const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const YMD_SLASH_RE = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`);
/** D/M/YYYY or D-M-YYYY; which number is the day is decided per column. */
const NUMERIC_DMY_RE = new RegExp(String.raw`^(\d{1,2})([/-])(\d{1,2})\2(\d{4})${TIME}$`);
const NAMED_MONTH_RE = new RegExp(String.raw`^(\d{1,2})[\s-]+([A-Za-z\u0E00-\u0E7F.]+)[\s-]+(\d{4})${TIME}$`);

const MONTHS = new Map<string, number>();
[
  ['jan', 'january', 'ม.ค.', 'มกราคม'],
  ['feb', 'february', 'ก.พ.', 'กุมภาพันธ์'],
  ['mar', 'march', 'มี.ค.', 'มีนาคม'],
  ['apr', 'april', 'เม.ย.', 'เมษายน'],
  ['may', 'may', 'พ.ค.', 'พฤษภาคม'],
  ['jun', 'june', 'มิ.ย.', 'มิถุนายน'],
  ['jul', 'july', 'ก.ค.', 'กรกฎาคม'],
  ['aug', 'august', 'ส.ค.', 'สิงหาคม'],
  ['sep', 'september', 'ก.ย.', 'กันยายน'],
  ['oct', 'october', 'ต.ค.', 'ตุลาคม'],
  ['nov', 'november', 'พ.ย.', 'พฤศจิกายน'],
  ['dec', 'december', 'ธ.ค.', 'ธันวาคม'],
].forEach((names, i) => {
  for (const n of names) {
    MONTHS.set(n, i + 1);
    // Thai abbreviations are often typed without the dots (มค, กพ).
    MONTHS.set(n.replace(/\./g, ''), i + 1);
  }
});
MONTHS.set('sept', 9);

function monthByName(name: string): number | undefined {
  const k = name.toLowerCase();
  return MONTHS.get(k) ?? MONTHS.get(k.replace(/\.$/, ''));
}

interface TimeParts {
  h: number;
  mi: number;
  s: number;
  ms: number;
}

/** Groups of TIME starting at `g`; null when the 12-hour clock is misused. */
function timeParts(m: RegExpExecArray, g: number): TimeParts | null {
  if (m[g] === undefined) return { h: 0, mi: 0, s: 0, ms: 0 };
  let h = +m[g];
  const ampm = m[g + 4]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === 'p' ? 12 : 0);
  }
  return { h, mi: +m[g + 1], s: +(m[g + 2] ?? 0), ms: fraction(m[g + 3]) };
}

function fraction(digits: string | undefined): number {
  return digits ? Math.round(+('0.' + digits) * 1000) : 0;
}

/** Real UTC offsets run from -12:00 to +14:00; anything beyond +-14:00 is not a time zone. */
const MAX_OFFSET_MIN = 14 * 60;

/** Minutes east of UTC, or null for an offset no zone has (`+99:00`, `+07:75`). */
function parseOffset(z: string | undefined): number | null {
  if (!z || z.toUpperCase() === 'Z') return z ? 0 : BANGKOK_OFFSET_MIN;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const hours = +digits.slice(0, 2);
  const minutes = +(digits.slice(2) || 0);
  const total = hours * 60 + minutes;
  return minutes > 59 || total > MAX_OFFSET_MIN ? null : sign * total;
}

/** White space other than one plain space between two other characters. */
const ODD_SPACE_RE = /[^\S ]| \s/;

/** Trimmed, zero-width characters removed, inner whitespace runs (NBSP, tabs) as one space. */
function prepare(text: string): string {
  const t = trimCell(removeZeroWidth(text));
  // Most cells have single plain spaces only: no replacing (a copy of every cell) needed.
  return ODD_SPACE_RE.test(t) ? t.replace(/\s+/g, ' ') : t;
}

function numericDmy(m: RegExpExecArray, order: DateOrder): number | DateInvalid {
  const t = timeParts(m, 5);
  if (!t) return INVALID;
  const a = +m[1];
  const b = +m[3];
  const dayFirst = order === 'day-first';
  return wallToEpoch({
    y: +m[4],
    mo: dayFirst ? b : a,
    d: dayFirst ? a : b,
    h: t.h,
    mi: t.mi,
    s: t.s,
    ms: t.ms,
    offsetMin: BANGKOK_OFFSET_MIN,
  });
}

function parseText(s: string, order: DateOrder): number | DateInvalid {
  let m: RegExpExecArray | null;
  if ((m = NUMERIC_DMY_RE.exec(s))) return numericDmy(m, order);
  if ((m = ISO_RE.exec(s))) {
    const offsetMin = parseOffset(m[8]);
    if (offsetMin === null) return INVALID;
    return wallToEpoch({
      y: +m[1],
      mo: +m[2],
      d: +m[3],
      h: +(m[4] ?? 0),
      mi: +(m[5] ?? 0),
      s: +(m[6] ?? 0),
      ms: fraction(m[7]),
      offsetMin,
    });
  }
  if ((m = YMD_SLASH_RE.exec(s))) {
    const t = timeParts(m, 4);
    return t ? wallToEpoch({ y: +m[1], mo: +m[2], d: +m[3], ...t, offsetMin: BANGKOK_OFFSET_MIN }) : INVALID;
  }
  if ((m = NAMED_MONTH_RE.exec(s))) {
    const mo = monthByName(m[2]);
    const t = timeParts(m, 4);
    return mo && t ? wallToEpoch({ y: +m[3], mo, d: +m[1], ...t, offsetMin: BANGKOK_OFFSET_MIN }) : INVALID;
  }
  // Numeric text is read like a number cell (serial, Unix seconds or ms).
  if (/^\d+(\.\d+)?$/.test(s)) return fromNumber(Number(s));
  return INVALID;
}

/**
 * One cell. `order` applies only to numeric D/M/YYYY texts; use `parseDateColumn` for a file so
 * the column decides it. Blank -> null (no order time).
 */
export function parseDateCell(cell: Cell | undefined, order: DateOrder = 'day-first'): DateValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return fromNumber(cell);
  if (typeof cell === 'boolean') return INVALID;
  if (typeof cell === 'object') return inRange(excelSerialToEpochMs(cell.serial));
  const s = prepare(cell);
  if (isBlankToken(s)) return null;
  return parseText(s, order);
}

/** Both readings of one cell: they differ only for a numeric D/M/YYYY text. */
interface Readings {
  dayFirst: DateValue;
  monthFirst: DateValue;
}

function readingsOf(cell: Cell): Readings {
  if (typeof cell !== 'string') {
    const value = parseDateCell(cell);
    return { dayFirst: value, monthFirst: value };
  }
  const s = prepare(cell);
  if (isBlankToken(s)) return { dayFirst: null, monthFirst: null };
  const m = NUMERIC_DMY_RE.exec(s);
  if (m) return { dayFirst: numericDmy(m, 'day-first'), monthFirst: numericDmy(m, 'month-first') };
  const value = parseText(s, 'day-first');
  return { dayFirst: value, monthFirst: value };
}

/** Distinct texts whose readings a column keeps (an order file repeats an order's time on each of its lines). */
const KEPT_TEXTS = 20_000;

/** A date column: its order, decided from all its cells, and each cell's value in that order. */
export interface DateColumnReader {
  readonly order: DateOrder;
  value(cell: Cell | undefined): DateValue;
}

/** Both readings of each distinct text, and the votes of the texts seen for the column's order. */
class ColumnReadings {
  readonly #kept = new Map<string, Readings>();
  onlyDayFirst = false;
  #onlyMonthFirst = false;

  /** The cell's readings; its vote counted. */
  read(cell: Cell): Readings {
    if (typeof cell !== 'string') return readingsOf(cell);
    let r = this.#kept.get(cell);
    if (r === undefined) {
      r = readingsOf(cell);
      if (this.#kept.size < KEPT_TEXTS) this.#kept.set(cell, r);
    }
    // Only a numeric D/M/YYYY text has two readings; one valid only one way votes for that way.
    if (r.dayFirst !== r.monthFirst) {
      const dayFirst = !isDateInvalid(r.dayFirst);
      const monthFirst = !isDateInvalid(r.monthFirst);
      if (dayFirst && !monthFirst) this.onlyDayFirst = true;
      else if (monthFirst && !dayFirst) this.#onlyMonthFirst = true;
    }
    return r;
  }

  /** The rule of `dateColumnOrder` over the cells read so far. */
  get order(): DateOrder {
    return this.#onlyMonthFirst && !this.onlyDayFirst ? 'month-first' : 'day-first';
  }
}

/**
 * Decides the column's order (the rule of `dateColumnOrder`) and reads its cells in it, parsing
 * each distinct text once: both readings of a text are kept while the order is decided, and
 * reading the cells afterwards finds them there.
 */
export function readDateColumn(cells: Iterable<Cell | undefined>): DateColumnReader {
  const readings = new ColumnReadings();
  for (const c of cells) {
    if (typeof c !== 'string') continue; // only a D/M/YYYY text can vote
    readings.read(c);
    if (readings.onlyDayFirst) break; // day-first, whatever follows
  }
  const order = readings.order;
  return {
    order,
    value: (cell) => {
      if (cell === null || cell === undefined) return null;
      const r = readings.read(cell);
      return order === 'day-first' ? r.dayFirst : r.monthFirst;
    },
  };
}

/**
 * A date column read while its cells are still coming (an import checking rows as they are read):
 * every cell reads day-first, and votes. Once all were read, `order` tells whether that was right;
 * when it says 'month-first', the column must be read again in that order.
 */
export function readDateColumnDayFirst(): DateColumnReader {
  const readings = new ColumnReadings();
  return {
    get order() {
      return readings.order;
    },
    value: (cell) => (cell === null || cell === undefined ? null : readings.read(cell).dayFirst),
  };
}

/**
 * Day-first unless some value is valid only month-first and none is valid only day-first
 * (docs/domain/imports.md#day-first-or-month-first); then the whole column is month-first and the
 * import carries one `date_month_first` warning.
 */
export function dateColumnOrder(cells: readonly (Cell | undefined)[]): DateOrder {
  return readDateColumn(cells).order;
}

export interface DateColumn {
  values: DateValue[];
  /** The column was read month-first: add one file-level warning `date_month_first`. */
  monthFirst: boolean;
}

export function parseDateColumn(cells: readonly (Cell | undefined)[]): DateColumn {
  const column = readDateColumn(cells);
  return { values: cells.map((c) => column.value(c)), monthFirst: column.order === 'month-first' };
}

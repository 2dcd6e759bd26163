// Bangkok calendar arithmetic on epoch days. Asia/Bangkok is UTC+07:00 with no DST, so a fixed
// offset is exact and we avoid Intl/time-zone data (not guaranteed on every edge runtime) and
// Date parsing (zone-dependent).

export const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** Buddhist Era year = Gregorian year + 543. */
export const BE_OFFSET_YEARS = 543;

function assertInstant(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite epoch-ms instant: ${ms}`);
}

/** Bangkok calendar day of an instant, as days since 1970-01-01. */
export function bangkokEpochDay(ms: number): number {
  assertInstant(ms);
  return Math.floor((ms + BANGKOK_OFFSET_MS) / DAY_MS);
}

/** Milliseconds elapsed since Bangkok midnight, 0 .. DAY_MS - 1. */
export function bangkokMsOfDay(ms: number): number {
  return ms + BANGKOK_OFFSET_MS - bangkokEpochDay(ms) * DAY_MS;
}

/** 0 = Sunday .. 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

// civil_from_days / days_from_civil (H. Hinnant): proleptic Gregorian, integer-only.
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad4 = (n: number): string => String(n).padStart(4, '0');

export function epochDayToIsoDate(day: number): string {
  if (!Number.isInteger(day)) throw new RangeError(`not an epoch day: ${day}`);
  const [y, m, d] = civilFromDays(day);
  if (y < 0 || y > 9999) throw new RangeError(`year ${y} has no YYYY-MM-DD form`);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Strict `YYYY-MM-DD` (a real calendar date) to epoch day; null when invalid. */
export function tryIsoDateToEpochDay(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const dayOfMonth = Number(m[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return null;
  const day = daysFromCivil(year, month, dayOfMonth);
  // Round-trip rejects 02-30, 04-31 and the like.
  return epochDayToIsoDate(day) === date ? day : null;
}

export function isoDateToEpochDay(date: string): number {
  const day = tryIsoDateToEpochDay(date);
  if (day === null) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return day;
}

/** Bangkok calendar date `YYYY-MM-DD` of an instant. */
export function bangkokDate(ms: number): string {
  return epochDayToIsoDate(bangkokEpochDay(ms));
}

/** The half-open instant range [Bangkok 00:00 of `date`, Bangkok 00:00 of the next day). */
export function bangkokDayRange(date: string): [number, number] {
  const start = isoDateToEpochDay(date) * DAY_MS - BANGKOK_OFFSET_MS;
  return [start, start + DAY_MS];
}

function thaiDateOfDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${pad2(d)}/${pad2(m)}/${pad4(y + BE_OFFSET_YEARS)}`;
}

/** `dd/mm/BBBB HH:MM` in Bangkok time (BBBB = Buddhist year). */
export function formatThaiDateTime(ms: number): string {
  const msOfDay = bangkokMsOfDay(ms);
  const minutes = Math.floor(msOfDay / 60_000);
  return `${thaiDateOfDay(bangkokEpochDay(ms))} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** `dd/mm/BBBB` of an instant (Bangkok date) or of a `YYYY-MM-DD` business date. */
export function formatThaiDate(value: number | string): string {
  return thaiDateOfDay(typeof value === 'string' ? isoDateToEpochDay(value) : bangkokEpochDay(value));
}

// Legacy timestamps (docs/domain/data-model.md#legacy-timestamps) to epoch ms. The legacy stored
// three conventions side by side: Bangkok wall time without offset (most columns), UTC wall time
// without offset (`cancelled_orders.imported_at`) and ISO text with `+07:00` (print and scan
// times). A value that carries an offset is parsed as written whatever the column's convention.
// Microseconds are truncated to milliseconds (epoch ms is what the rewrite stores).

/** The convention of a column for values written without an offset. */
export type LegacyZone = 'bangkok' | 'utc';

const ZONE_OFFSET_MINUTES: Readonly<Record<LegacyZone, number>> = { bangkok: 7 * 60, utc: 0 };

// SQLAlchemy writes `YYYY-MM-DD HH:MM:SS.ffffff`; Python's isoformat writes a `T` and an offset.
const INSTANT_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Years from this one on are Buddhist-era years (docs/domain/imports.md#dates-and-times). */
const FIRST_BE_YEAR = 2400;
const BE_OFFSET = 543;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC, when the text names an offset. */
  offset: number | null;
}

function parseParts(text: string): Parts | null {
  const m = INSTANT_RE.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(
    Number,
  );
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  let offset: number | null = null;
  if (m[8]) {
    if (m[8].toUpperCase() === 'Z') offset = 0;
    else {
      const sign = m[8][0] === '-' ? -1 : 1;
      const digits = m[8].slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
    }
  }
  return { year, month, day, hour, minute, second, ms, offset };
}

function toEpoch(p: Parts, zone: LegacyZone): number | null {
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms);
  // Date.UTC maps years 0-99 to 1900-1999; no legacy value has such a year.
  if (!Number.isFinite(wall) || p.year < 1000) return null;
  // Day 31 of a 30-day month (or Feb 29 of a common year) rolls over in Date.UTC: refuse it.
  if (new Date(wall).getUTCDate() !== p.day) return null;
  return wall - (p.offset ?? ZONE_OFFSET_MINUTES[zone]) * 60_000;
}

/**
 * Epoch ms of a legacy timestamp, or null when it is empty or unreadable. `zone` is the column's
 * convention for values without an offset (docs/domain/data-model.md#legacy-timestamps).
 */
export function legacyInstant(value: unknown, zone: LegacyZone): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parts = parseParts(value);
  return parts ? toEpoch(parts, zone) : null;
}

export interface LegacyOrderTime {
  ms: number | null;
  /**
   * The stored year was Buddhist era (e.g. 2568) and was converted
   * (docs/domain/imports.md#dates-and-times: year >= 2400 is BE).
   */
  buddhistYearRepaired: boolean;
}

/**
 * `order_lines.order_time` (Bangkok wall time). The legacy stored `DD/MM/2568` order times with the
 * Buddhist year as is; the rewrite's date rule (docs/domain/imports.md#dates-and-times) reads a
 * year >= 2400 as BE, so adoption repairs such values rather than keep an order dated 543 years
 * ahead (which would never fall due and sort last everywhere). Each repair is listed in the
 * conversion report.
 */
export function legacyOrderTime(value: unknown): LegacyOrderTime {
  if (typeof value !== 'string' || value.trim() === '') return { ms: null, buddhistYearRepaired: false };
  const parts = parseParts(value);
  if (!parts) return { ms: null, buddhistYearRepaired: false };
  if (parts.year >= FIRST_BE_YEAR) {
    return { ms: toEpoch({ ...parts, year: parts.year - BE_OFFSET }, 'bangkok'), buddhistYearRepaired: true };
  }
  return { ms: toEpoch(parts, 'bangkok'), buddhistYearRepaired: false };
}

/** Bangkok midnight of a `YYYY-MM-DD` business date (a fallback instant for undated rows). */
export function bangkokMidnight(date: unknown): number | null {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) return null;
  return legacyInstant(`${date.trim()} 00:00:00`, 'bangkok');
}

/** A legacy `import_date` kept as the business date it is, when it really is one. */
export function legacyBusinessDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim().slice(0, 10);
  return bangkokMidnight(t) === null ? null : t;
}

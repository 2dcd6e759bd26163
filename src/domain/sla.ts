// Due dates and SLA labels (docs/domain/sla.md). Bangkok is a fixed UTC+7, so all
// arithmetic is on Bangkok epoch days (see ./time).
import type { DisplayStatus, Platform } from './allocation/types';
import { bangkokEpochDay, bangkokMsOfDay, epochDayToIsoDate, isoDateToEpochDay, weekdayOfEpochDay } from './time';

const HOUR_MS = 60 * 60 * 1000;

/** Order-time cut-off per platform, as ms after Bangkok midnight; inclusive (12:00:00 is on time). */
export const CUTOFF_MS: Readonly<Record<Platform, number>> = {
  Shopee: 12 * HOUR_MS,
  TikTok: 12 * HOUR_MS,
  Lazada: 11 * HOUR_MS,
  Other: 12 * HOUR_MS,
};

/** Shown instead of a due date / SLA label when a line has none. */
export const NO_SLA = '-';

const isWeekday = (day: number): boolean => {
  const w = weekdayOfEpochDay(day);
  return w !== 0 && w !== 6;
};

/** Weekdays in the epoch days [-3, day), i.e. since Monday 1969-12-29; only differences are used. */
function weekdaysBefore(day: number): number {
  const m = day + 3;
  const weeks = Math.floor(m / 7);
  return weeks * 5 + Math.min(m - weeks * 7, 5);
}

/**
 * Holidays prepared for repeated use: build once per request with `businessCalendar(list)` and
 * pass it wherever a holiday list is accepted, so bulk SLA work does not re-read the list per line.
 */
export class BusinessCalendar {
  // Only weekday holidays matter; sorted for counting, a set for membership.
  readonly #sorted: readonly number[];
  readonly #set: ReadonlySet<number>;

  constructor(holidays: Iterable<string>) {
    const set = new Set<number>();
    for (const h of holidays) {
      const day = isoDateToEpochDay(h);
      if (isWeekday(day)) set.add(day);
    }
    this.#set = set;
    this.#sorted = [...set].sort((a, b) => a - b);
  }

  isBusinessDay(day: number): boolean {
    return isWeekday(day) && !this.#set.has(day);
  }

  /** Business days in the epoch-day interval (from, to]; 0 when to <= from. */
  businessDaysBetween(from: number, to: number): number {
    if (to <= from) return 0;
    const weekdays = weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
    return weekdays - (this.#countUpTo(to) - this.#countUpTo(from));
  }

  /** The first business day on or after `day`. */
  onOrAfter(day: number): number {
    let d = day;
    while (!this.isBusinessDay(d)) d++;
    return d;
  }

  #countUpTo(day: number): number {
    const days = this.#sorted;
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (days[mid] <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A holiday list as stored in settings (`YYYY-MM-DD`), or a calendar built from one. */
export type Holidays = ReadonlySet<string> | readonly string[] | BusinessCalendar;

const NO_HOLIDAYS = new BusinessCalendar([]);

export function businessCalendar(holidays: Holidays): BusinessCalendar {
  if (holidays instanceof BusinessCalendar) return holidays;
  const size = 'size' in holidays ? holidays.size : holidays.length;
  return size === 0 ? NO_HOLIDAYS : new BusinessCalendar(holidays);
}

export function isBusinessDate(date: string, holidays: Holidays): boolean {
  return businessCalendar(holidays).isBusinessDay(isoDateToEpochDay(date));
}

function dueEpochDay(platform: Platform, orderTime: number, calendar: BusinessCalendar): number {
  const day = bangkokEpochDay(orderTime);
  if (!Object.hasOwn(CUTOFF_MS, platform)) throw new RangeError(`unknown platform: ${JSON.stringify(platform)}`);
  return calendar.onOrAfter(bangkokMsOfDay(orderTime) <= CUTOFF_MS[platform] ? day : day + 1);
}

/** Due date as a Bangkok epoch day (see computeDue); null without an order time. */
export function computeDueDay(platform: Platform, orderTime: number | null, holidays: Holidays): number | null {
  if (orderTime === null) return null;
  return dueEpochDay(platform, orderTime, businessCalendar(holidays));
}

/**
 * The reference day (docs/domain/sla.md#reference-day): today (Bangkok) if a business day, else the
 * next business day.
 */
export function referenceDay(now: number, holidays: Holidays): number {
  return businessCalendar(holidays).onOrAfter(bangkokEpochDay(now));
}

/** SLA label of a due epoch day against a reference day from `referenceDay` (bulk form of slaLabel). */
export function slaLabelOfDays(dueDay: number, reference: number, holidays: Holidays): SlaLabel {
  const calendar = businessCalendar(holidays);
  const diff =
    dueDay < reference
      ? calendar.businessDaysBetween(dueDay, reference)
      : -calendar.businessDaysBetween(reference, dueDay);
  return labelOfDiff(diff);
}

/**
 * Due date `YYYY-MM-DD` (Bangkok) of an order: its own date when ordered at or before the
 * platform's cut-off, else the next day; then moved forward to a business day. Null without an
 * order time.
 */
export function computeDue(platform: Platform, orderTime: number | null, holidays: Holidays): string | null {
  if (orderTime === null) return null;
  return epochDayToIsoDate(dueEpochDay(platform, orderTime, businessCalendar(holidays)));
}

export interface SlaLabel {
  label: string;
  /** Business days until due: 0 today, 1 tomorrow, negative when overdue. */
  daysLeft: number;
  overdue: boolean;
}

/**
 * SLA label of a due date at `now`. The reference day is today (Bangkok) if it is a business
 * day, else the next business day; the distance counts business days only.
 */
export function slaLabel(due: string, now: number, holidays: Holidays): SlaLabel {
  const calendar = businessCalendar(holidays);
  return slaLabelOfDays(isoDateToEpochDay(due), referenceDay(now, calendar), calendar);
}

function labelOfDiff(diff: number): SlaLabel {
  if (diff > 0) return { label: `เลยกำหนด (${diff} วัน)`, daysLeft: -diff, overdue: true };
  if (diff === 0) return { label: 'วันนี้', daysLeft: 0, overdue: false };
  if (diff === -1) return { label: 'พรุ่งนี้', daysLeft: 1, overdue: false };
  return { label: `อีก ${-diff} วัน`, daysLeft: -diff, overdue: false };
}

/**
 * Packed, cancelled and bill-empty lines get no due date and no SLA
 * (docs/domain/sla.md#lines-without-an-sla).
 */
const NO_SLA_STATUSES: ReadonlySet<DisplayStatus> = new Set<DisplayStatus>(['PACKED', 'CANCELLED', 'BILL_EMPTY']);

export function hasSla(line: { orderTime: number | null; displayStatus: DisplayStatus | null }): boolean {
  return line.orderTime !== null && (line.displayStatus === null || !NO_SLA_STATUSES.has(line.displayStatus));
}

export interface LineSla extends SlaLabel {
  dueDate: string;
}

/** Due date and SLA of a table row, or null where the row shows `-` (see NO_SLA). */
export function lineSla(
  line: { platform: Platform; orderTime: number | null; displayStatus: DisplayStatus | null },
  now: number,
  holidays: Holidays,
): LineSla | null {
  if (!hasSla(line)) return null;
  const calendar = businessCalendar(holidays);
  const dueDate = computeDue(line.platform, line.orderTime, calendar) as string;
  return { dueDate, ...slaLabel(dueDate, now, calendar) };
}

/** Row highlighting rule: overdue when the label starts with เลยกำหนด. */
export function isOverdueLabel(label: string): boolean {
  return label.startsWith('เลยกำหนด');
}

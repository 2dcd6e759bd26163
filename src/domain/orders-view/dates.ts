// Date inputs of the dashboard filters (docs/domain/allocation.md#view-modes): `YYYY-MM-DD` or
// `DD/MM/YYYY`; a year of 2400 or more is Buddhist Era (minus 543). Anything else is reported and
// ignored, never guessed.
import { epochDayToIsoDate, tryIsoDateToEpochDay } from '../time';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The Gregorian `YYYY-MM-DD` of a date input, or null when it is not a real date. */
export function parseDateInput(raw: string | null | undefined): string | null {
  const v = (raw ?? '').trim();
  let y: number, m: number, d: number;
  let match = ISO.exec(v);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = DMY.exec(v))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  if (y >= 2400) y -= 543;
  const iso = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
  const day = tryIsoDateToEpochDay(iso);
  return day === null ? null : epochDayToIsoDate(day);
}

export const DATE_FILTER_LABELS = {
  importedFrom: 'นำเข้า (เริ่ม)',
  importedTo: 'นำเข้า (ถึง)',
  orderedFrom: 'สั่งซื้อ (เริ่ม)',
  orderedTo: 'สั่งซื้อ (ถึง)',
} as const;
export type DateFilterKey = keyof typeof DATE_FILTER_LABELS;

export interface DateFilters {
  importedFrom: string | null;
  importedTo: string | null;
  orderedFrom: string | null;
  orderedTo: string | null;
}

export interface ParsedDateFilters {
  dates: DateFilters;
  /** `⚠️ รูปแบบวันที่ '<label>' ไม่ถูกต้อง: <value>` per unreadable input (the input is ignored). */
  warnings: string[];
}

export function parseDateFilters(raw: Partial<Record<DateFilterKey, string | null | undefined>>): ParsedDateFilters {
  const dates: DateFilters = { importedFrom: null, importedTo: null, orderedFrom: null, orderedTo: null };
  const warnings: string[] = [];
  for (const key of Object.keys(DATE_FILTER_LABELS) as DateFilterKey[]) {
    const value = raw[key];
    if (value == null || value.trim() === '') continue;
    const parsed = parseDateInput(value);
    if (parsed === null) warnings.push(`⚠️ รูปแบบวันที่ '${DATE_FILTER_LABELS[key]}' ไม่ถูกต้อง: ${value}`);
    else dates[key] = parsed;
  }
  return { dates, warnings };
}

export const hasDateFilter = (d: DateFilters) =>
  d.importedFrom !== null || d.importedTo !== null || d.orderedFrom !== null || d.orderedTo !== null;

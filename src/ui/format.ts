// Dates and times as the desk shows them (spec: `dd/mm/BBBB HH:MM`, Buddhist year, Bangkok
// time), from the ISO strings and dates the services return. `-` where there is nothing.
import { formatThaiDate, formatThaiDateTime, tryIsoDateToEpochDay } from '../domain/time';

export function thaiDateTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '-' : formatThaiDateTime(ms);
}

/** A business date `YYYY-MM-DD` (or an instant) as `dd/mm/BBBB`. */
export function thaiDate(value: string | null | undefined): string {
  if (!value) return '-';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return tryIsoDateToEpochDay(value) === null ? value : formatThaiDate(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? '-' : formatThaiDate(ms);
}

// How pages write times, sizes and durations: Bangkok time with the Buddhist year (dd/mm/BBBB
// HH:MM), sizes in binary units. Pure, so every page shows the same thing the same way.
import { formatThaiDate, formatThaiDateTime, tryIsoDateToEpochDay } from '../domain/time';
import { formatCount } from './list-query';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO instant (or epoch ms) as `dd/mm/BBBB HH:MM` in Bangkok, `-` when there is none. */
export function thaiDateTime(value: string | number | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined || value === '') return '-';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  // Bangkok is a whole number of hours from UTC, so the seconds are the same in both.
  return opts.seconds ? `${formatThaiDateTime(ms)}:${pad2(Math.floor(ms / 1000) % 60)}` : formatThaiDateTime(ms);
}

/** A Bangkok business date `YYYY-MM-DD` as `dd/mm/BBBB`; `-` when there is none, other text as typed. */
export function thaiDate(date: string | null | undefined): string {
  if (!date) return '-';
  return tryIsoDateToEpochDay(date) === null ? date : formatThaiDate(date);
}

const UNITS = ['ไบต์', 'KB', 'MB', 'GB', 'TB'];

/** 1536 -> `1.5 KB` (binary units, one decimal from KB up); null -> `-`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '-';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${formatCount(value)} ${UNITS[0]}` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** Seconds as Thai words: `2 วัน 3 ชั่วโมง`, `5 นาที`, `40 วินาที` (the two largest parts). */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'วัน'],
    [Math.floor((s % 86400) / 3600), 'ชั่วโมง'],
    [Math.floor((s % 3600) / 60), 'นาที'],
    [s % 60, 'วินาที'],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.length ? shown.map(([n, unit]) => `${n} ${unit}`).join(' ') : '0 วินาที';
}

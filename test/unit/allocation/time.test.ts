import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bangkokDate,
  bangkokDayRange,
  bangkokEpochDay,
  epochDayToIsoDate,
  formatThaiDate,
  formatThaiDateTime,
  isoDateToEpochDay,
  tryIsoDateToEpochDay,
  weekdayOfEpochDay,
} from '../../../src/domain/time';

describe('bangkokDate', () => {
  it.each([
    ['2025-03-03T17:30:00Z', '2025-03-04'], // 00:30 Tuesday in Bangkok
    ['2025-03-03T16:59:59.999Z', '2025-03-03'],
    ['2025-03-03T17:00:00Z', '2025-03-04'],
    ['2025-03-02T17:00:00Z', '2025-03-03'],
    ['2024-12-31T17:00:00Z', '2025-01-01'],
    ['2024-02-28T17:00:00Z', '2024-02-29'],
    ['1969-12-31T17:00:00Z', '1970-01-01'],
    ['1969-12-31T16:59:59Z', '1969-12-31'],
  ])('%s -> %s', (iso, date) => {
    expect(bangkokDate(Date.parse(iso))).toBe(date);
  });
  it('rejects non-finite instants', () => {
    expect(() => bangkokDate(Number.NaN)).toThrow(RangeError);
  });
});

describe('bangkokDayRange: half-open [00:00, next 00:00) Bangkok', () => {
  it('2025-03-03', () => {
    expect(bangkokDayRange('2025-03-03')).toEqual([
      Date.parse('2025-03-02T17:00:00Z'),
      Date.parse('2025-03-03T17:00:00Z'),
    ]);
  });
  it('rejects impossible or malformed dates', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-3-3', '03/03/2025', '2025-04-31', '']) {
      expect(() => bangkokDayRange(bad), bad).toThrow(RangeError);
      expect(tryIsoDateToEpochDay(bad)).toBeNull();
    }
    expect(tryIsoDateToEpochDay('2024-02-29')).not.toBeNull();
  });
  it('every instant lies in the range of its own Bangkok date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2e12, max: 5e12 }), (ms) => {
        const [start, end] = bangkokDayRange(bangkokDate(ms));
        return start <= ms && ms < end && end - start === 86_400_000;
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('epoch days', () => {
  it('round-trips with the ISO date and agrees with Date UTC getters (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719_528, max: 2_932_896 }) /* 0000-01-01 .. 9999-12-31 */, (day) => {
        const iso = epochDayToIsoDate(day);
        const viaDate = new Date(day * 86_400_000);
        return (
          isoDateToEpochDay(iso) === day &&
          weekdayOfEpochDay(day) === viaDate.getUTCDay() &&
          iso === viaDate.toISOString().slice(0, 10)
        );
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
  it('refuses years without a 4-digit form', () => {
    expect(() => epochDayToIsoDate(-719_529)).toThrow(RangeError);
    expect(() => epochDayToIsoDate(2_932_897)).toThrow(RangeError);
  });
  it('2025-03-03 is a Monday', () => {
    expect(weekdayOfEpochDay(isoDateToEpochDay('2025-03-03'))).toBe(1);
    expect(bangkokEpochDay(Date.parse('2025-03-03T00:00:00+07:00'))).toBe(isoDateToEpochDay('2025-03-03'));
  });
});

describe('display format (docs/domain/sla.md#display-format): dd/mm/BBBB HH:MM, BBBB = year + 543', () => {
  it('2025-03-03 14:05 Bangkok -> 03/03/2568 14:05 (spec example)', () => {
    expect(formatThaiDateTime(Date.parse('2025-03-03T14:05:00+07:00'))).toBe('03/03/2568 14:05');
  });
  it.each([
    ['2025-03-03T17:30:00Z', '04/03/2568 00:30'],
    ['2024-12-31T16:59:59.999Z', '31/12/2567 23:59'],
    ['2024-12-31T17:00:00Z', '01/01/2568 00:00'],
  ])('%s -> %s', (iso, text) => {
    expect(formatThaiDateTime(Date.parse(iso))).toBe(text);
  });
  it('formatThaiDate of an instant and of a business date', () => {
    expect(formatThaiDate(Date.parse('2025-03-03T17:30:00Z'))).toBe('04/03/2568');
    expect(formatThaiDate('2025-03-03')).toBe('03/03/2568');
    expect(formatThaiDate('2024-02-29')).toBe('29/02/2567');
  });
});

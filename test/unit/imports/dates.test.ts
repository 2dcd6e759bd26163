import { describe, expect, it } from 'vitest';
import { dateColumnOrder, parseDateCell, parseDateColumn, readDateColumn } from '../../../src/domain/imports/dates';

const at = (iso: string) => Date.parse(iso);
const INVALID = { error: 'date_invalid' };

describe('worked examples (docs/domain/imports.md#dates-and-times)', () => {
  it('15/01/2568 09:12 (BE) -> 2025-01-15 09:12 +07:00', () =>
    expect(parseDateCell('15/01/2568 09:12')).toBe(at('2025-01-15T02:12:00Z')));
  it('16/01/2568 11:30 -> 2025-01-16 11:30 +07:00', () =>
    expect(parseDateCell('16/01/2568 11:30')).toBe(at('2025-01-16T11:30:00+07:00')));
  it('15 ม.ค. 2568 -> 2025-01-15 00:00 +07:00', () =>
    expect(parseDateCell('15 ม.ค. 2568')).toBe(at('2025-01-15T00:00:00+07:00')));
  it('15 Jan 2025 10:21 (Lazada) -> 10:21 Bangkok', () =>
    expect(parseDateCell('15 Jan 2025 10:21')).toBe(at('2025-01-15T10:21:00+07:00')));
  it('31/02/2025 -> date_invalid', () => expect(parseDateCell('31/02/2025')).toEqual(INVALID));
  it('2025-01-15T09:00:00+07:00 -> offset honoured', () =>
    expect(parseDateCell('2025-01-15T09:00:00+07:00')).toBe(at('2025-01-15T02:00:00Z')));
  it('01/13/2025 in a column -> month-first with one warning flag', () => {
    const col = parseDateColumn(['01/13/2025']);
    expect(col.monthFirst).toBe(true);
    expect(col.values).toEqual([at('2025-01-13T00:00:00+07:00')]);
  });
});

describe('input forms', () => {
  it('XLSX date cell: Bangkok wall clock, rounded to the second', () => {
    // 45673.33494212963 = 2025-01-16 08:02:19 (orders_tiktok.xlsx Paid Time of 577000111122223304)
    expect(parseDateCell({ kind: 'date', serial: 45673.33494212963 })).toBe(at('2025-01-16T08:02:19+07:00'));
  });
  it('Excel serial numbers 25,569 .. 60,000 (day 0 = 1899-12-30)', () => {
    expect(parseDateCell(45672.5)).toBe(at('2025-01-15T12:00:00+07:00'));
    expect(parseDateCell('45672.5')).toBe(at('2025-01-15T12:00:00+07:00'));
    expect(parseDateCell(36526)).toBe(at('2000-01-01T00:00:00+07:00'));
  });
  it('Unix seconds and milliseconds', () => {
    expect(parseDateCell(1_736_910_000)).toBe(at('2025-01-15T03:00:00Z'));
    expect(parseDateCell(1_736_910_000_000)).toBe(at('2025-01-15T03:00:00Z'));
    expect(parseDateCell('1736910000')).toBe(at('2025-01-15T03:00:00Z'));
  });
  it('numbers outside every range are invalid', () => {
    for (const n of [5, 100, 25_568, 60_001, 20_250_115, 999_999_999, 100_000_000_000, 1e14 + 1])
      expect(parseDateCell(n)).toEqual(INVALID);
  });
  it('ISO 8601 forms', () => {
    expect(parseDateCell('2025-01-15')).toBe(at('2025-01-15T00:00:00+07:00'));
    expect(parseDateCell('2025-01-15 09:12')).toBe(at('2025-01-15T09:12:00+07:00'));
    expect(parseDateCell('2025-01-15 09:12:30.250')).toBe(at('2025-01-15T09:12:30.250+07:00'));
    expect(parseDateCell('2025-01-15T09:12:30')).toBe(at('2025-01-15T09:12:30+07:00'));
    expect(parseDateCell('2025-01-15T02:12:00Z')).toBe(at('2025-01-15T02:12:00Z'));
    expect(parseDateCell('2025-01-15T09:12:00-05:00')).toBe(at('2025-01-15T14:12:00Z'));
  });
  it('YYYY/MM/DD [HH:mm[:ss]]', () => {
    expect(parseDateCell('2025/01/15')).toBe(at('2025-01-15T00:00:00+07:00'));
    expect(parseDateCell('2025/01/15 09:12:05')).toBe(at('2025-01-15T09:12:05+07:00'));
  });
  it('D/M/YYYY and D-M-YYYY, day first, optional H:mm[:ss] and AM/PM', () => {
    expect(parseDateCell('5/1/2025')).toBe(at('2025-01-05T00:00:00+07:00'));
    expect(parseDateCell('15-01-2025 9:05')).toBe(at('2025-01-15T09:05:00+07:00'));
    expect(parseDateCell('15/01/2025 14:05:33')).toBe(at('2025-01-15T14:05:33+07:00'));
    expect(parseDateCell('15/01/2025 9:12 PM')).toBe(at('2025-01-15T21:12:00+07:00'));
    expect(parseDateCell('15/01/2025 12:00 AM')).toBe(at('2025-01-15T00:00:00+07:00'));
    expect(parseDateCell('15/01/2025 12:30 pm')).toBe(at('2025-01-15T12:30:00+07:00'));
    expect(parseDateCell('15/01/2025 13:00 PM')).toEqual(INVALID);
  });
  it('D Mon YYYY with English and Thai month abbreviations', () => {
    expect(parseDateCell('1 Feb 2025')).toBe(at('2025-02-01T00:00:00+07:00'));
    expect(parseDateCell('3 dec 2024 23:59:59')).toBe(at('2024-12-03T23:59:59+07:00'));
    const thai = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
    for (const [i, m] of thai.entries()) expect(parseDateCell(`1 ${m} 2568`)).toBe(Date.UTC(2025, i, 1) - 7 * 3600_000);
  });
  it('Buddhist years (>= 2400) in every form', () => {
    expect(parseDateCell('2568-01-15 09:12')).toBe(at('2025-01-15T09:12:00+07:00'));
    expect(parseDateCell('2568/01/15')).toBe(at('2025-01-15T00:00:00+07:00'));
    expect(parseDateCell('29/02/2567')).toBe(at('2024-02-29T00:00:00+07:00')); // 2567 BE = 2024, a leap year
    expect(parseDateCell('29/02/2568')).toEqual(INVALID);
  });
  it('two-digit years, impossible dates and times are invalid', () => {
    for (const s of [
      '15/01/25',
      '15/01/68 09:12',
      '2025-13-01',
      '32/01/2025',
      '15/01/2025 24:00',
      '15/01/2025 10:60',
      'tomorrow',
      '15 Foo 2025',
      '09:12',
    ])
      expect(parseDateCell(s)).toEqual(INVALID);
  });
  it('results outside 2000-01-01 .. 2100-12-31 (Bangkok) are invalid', () => {
    expect(parseDateCell('1999-12-31 23:59')).toEqual(INVALID);
    expect(parseDateCell('2000-01-01 00:00')).toBe(at('2000-01-01T00:00:00+07:00'));
    expect(parseDateCell('2100-12-31 23:59:59')).toBe(at('2100-12-31T23:59:59+07:00'));
    expect(parseDateCell('2101-01-01')).toEqual(INVALID);
    expect(parseDateCell('2200-01-01')).toEqual(INVALID); // < 2400: not BE
  });
  it('blank -> null (no order time is allowed)', () => {
    for (const c of [null, undefined, '', '  ', 'nan', '-', '#N/A']) expect(parseDateCell(c)).toBeNull();
  });
  it('booleans are invalid', () => expect(parseDateCell(true)).toEqual(INVALID));
});

describe('day-first or month-first per column (docs/domain/imports.md#day-first-or-month-first)', () => {
  it('ambiguous values alone stay day-first', () => {
    const col = parseDateColumn(['02/03/2025', '04/05/2025 10:00']);
    expect(col.monthFirst).toBe(false);
    expect(col.values).toEqual([at('2025-03-02T00:00:00+07:00'), at('2025-05-04T10:00:00+07:00')]);
  });
  it('one value valid only month-first turns the whole column month-first', () => {
    const col = parseDateColumn(['02/03/2025', '01/13/2025', null, '2025-01-01']);
    expect(col.monthFirst).toBe(true);
    expect(col.values).toEqual([
      at('2025-02-03T00:00:00+07:00'),
      at('2025-01-13T00:00:00+07:00'),
      null,
      at('2025-01-01T00:00:00+07:00'),
    ]);
  });
  it('a value valid only day-first keeps the column day-first; month-first-only values then fail', () => {
    const col = parseDateColumn(['13/01/2025', '01/13/2025']);
    expect(col.monthFirst).toBe(false);
    expect(col.values).toEqual([at('2025-01-13T00:00:00+07:00'), INVALID]);
  });
  it('values invalid both ways do not vote', () => {
    expect(dateColumnOrder(['31/02/2025', '01/13/2025'])).toBe('month-first');
    expect(dateColumnOrder(['32/13/2025'])).toBe('day-first');
  });
  it('the same rule applies to D-M-YYYY', () => {
    const col = parseDateColumn(['12-25-2024 08:00']);
    expect(col).toEqual({ monthFirst: true, values: [at('2024-12-25T08:00:00+07:00')] });
  });
});

describe('a date column read once per distinct text (readDateColumn)', () => {
  it('the order is decided from every cell, then each cell reads in it, repeated texts included', () => {
    // 02/03/2025 repeats (two lines of one order); 01/13/2025 is valid only month-first.
    const col = readDateColumn(['02/03/2025 10:00', '02/03/2025 10:00', '01/13/2025', null, '2025-01-01']);
    expect(col.order).toBe('month-first');
    expect(col.value('02/03/2025 10:00')).toBe(at('2025-02-03T10:00:00+07:00'));
    expect(col.value('01/13/2025')).toBe(at('2025-01-13T00:00:00+07:00'));
    expect(col.value(null)).toBeNull();
    expect(col.value('2025-01-01')).toBe(at('2025-01-01T00:00:00+07:00'));
    // A text the column did not hold reads in the same order.
    expect(col.value('04/05/2025')).toBe(at('2025-04-05T00:00:00+07:00'));
  });
  it('a value valid only day-first keeps the column day-first whatever follows', () => {
    const col = readDateColumn(['01/02/2568 09:12', '13/01/2568', '01/13/2568']);
    expect(col.order).toBe('day-first');
    expect(col.value('01/02/2568 09:12')).toBe(at('2025-02-01T09:12:00+07:00'));
    expect(col.value('01/13/2568')).toEqual(INVALID);
  });
  it('a text whose time is impossible does not vote, and stays invalid both ways', () => {
    const col = readDateColumn(['01/13/2025 25:00', '02/03/2025']);
    expect(col.order).toBe('day-first');
    expect(col.value('01/13/2025 25:00')).toEqual(INVALID);
  });
  it('cells with inner runs of white space (tab, NBSP) read like single spaces', () => {
    const col = readDateColumn(['15/01/2025\u00a0 09:12', '15/01/2025\t9:12']);
    expect(col.value('15/01/2025\u00a0 09:12')).toBe(at('2025-01-15T09:12:00+07:00'));
    expect(col.value('15/01/2025\t9:12')).toBe(at('2025-01-15T09:12:00+07:00'));
  });
  it('number and date cells read as parseDateCell reads them', () => {
    const col = readDateColumn([45672.5, { kind: 'date', serial: 45673.33494212963 }]);
    expect(col.value(45672.5)).toBe(at('2025-01-15T12:00:00+07:00'));
    expect(col.value({ kind: 'date', serial: 45673.33494212963 })).toBe(at('2025-01-16T08:02:19+07:00'));
  });
});

// Legacy cell rules: timestamps (docs/domain/data-model.md#legacy-timestamps) and identifiers
// (docs/domain/data-model.md#identifiers), on the worked examples there and in
// samples/legacy/README.md; A1-A10 are the choices of
// docs/domain/data-model.md#legacy-conversion-choices.
import { describe, expect, it } from 'vitest';
import { bangkokMidnight, legacyBusinessDate, legacyInstant, legacyOrderTime } from '../../../src/legacy/timestamps';
import { legacyBool, legacyIdentifier, legacyInt, legacyText } from '../../../src/legacy/values';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('legacy timestamps: Bangkok wall time - 7 h, UTC wall time as is, offsets parsed, truncated to ms', () => {
  it('Bangkok wall time without offset: 2025-11-17 09:50:00.109193 -> 2025-11-17T02:50:00.109Z', () =>
    expect(iso(legacyInstant('2025-11-17 09:50:00.109193', 'bangkok'))).toBe('2025-11-17T02:50:00.109Z'));

  it('Bangkok wall time crossing midnight backwards: 2025-11-17 06:40 -> 2025-11-16T23:40Z', () =>
    expect(iso(legacyInstant('2025-11-17 06:40:00', 'bangkok'))).toBe('2025-11-16T23:40:00.000Z'));

  it('UTC wall time (cancelled_orders.imported_at): 2025-11-17 23:40:00.095616 -> 2025-11-17T23:40:00.095Z', () =>
    expect(iso(legacyInstant('2025-11-17 23:40:00.095616', 'utc'))).toBe('2025-11-17T23:40:00.095Z'));

  it('ISO with +07:00 is parsed whatever the column convention: 2025-11-18T10:05:00.096975+07:00 -> 03:05:00.096Z', () => {
    expect(iso(legacyInstant('2025-11-18T10:05:00.096975+07:00', 'bangkok'))).toBe('2025-11-18T03:05:00.096Z');
    expect(iso(legacyInstant('2025-11-18T10:05:00.096975+07:00', 'utc'))).toBe('2025-11-18T03:05:00.096Z');
  });

  it('other offsets and Z', () => {
    expect(iso(legacyInstant('2025-11-17T14:00:00.007943+0700', 'utc'))).toBe('2025-11-17T07:00:00.007Z');
    expect(iso(legacyInstant('2025-11-17T07:00:00Z', 'bangkok'))).toBe('2025-11-17T07:00:00.000Z');
    expect(iso(legacyInstant('2025-11-17T02:00:00-05:00', 'bangkok'))).toBe('2025-11-17T07:00:00.000Z');
  });

  it('microseconds are truncated, never rounded up: .999999 -> .999', () =>
    expect(iso(legacyInstant('2025-11-17 09:00:00.999999', 'bangkok'))).toBe('2025-11-17T02:00:00.999Z'));

  it('without seconds or time', () => {
    expect(iso(legacyInstant('2025-11-16 10:22', 'bangkok'))).toBe('2025-11-16T03:22:00.000Z');
    expect(iso(legacyInstant('2025-11-18', 'bangkok'))).toBe('2025-11-17T17:00:00.000Z');
  });

  it('empty, NULL, non-text and impossible dates are null', () => {
    for (const v of [
      null,
      undefined,
      '',
      '   ',
      'nan',
      'รอชำระเงิน',
      20251117,
      '2025-02-29 10:00',
      '2025-11-31 10:00',
      '2025-13-01',
      '2025-11-17 24:00',
    ])
      expect(legacyInstant(v, 'bangkok')).toBeNull();
  });

  it('order time with a Buddhist-era year (A8; year >= 2400 is BE): 2568-11-15 09:01 -> 2025-11-15T02:01Z, flagged', () => {
    expect(legacyOrderTime('2568-11-15 09:01:00.000000')).toEqual({
      ms: Date.parse('2025-11-15T02:01:00.000Z'),
      buddhistYearRepaired: true,
    });
    expect(legacyOrderTime('2025-11-15 16:17:00.000000')).toEqual({
      ms: Date.parse('2025-11-15T09:17:00.000Z'),
      buddhistYearRepaired: false,
    });
    expect(legacyOrderTime(null)).toEqual({ ms: null, buddhistYearRepaired: false });
  });

  it('business dates stay dates; Bangkok midnight is 17:00 UTC the day before', () => {
    expect(legacyBusinessDate('2025-11-18')).toBe('2025-11-18');
    expect(legacyBusinessDate('not a date')).toBeNull();
    expect(iso(bangkokMidnight('2025-11-18'))).toBe('2025-11-17T17:00:00.000Z');
  });
});

describe('legacy identifiers through the one normaliser (docs/domain/data-model.md#identifiers)', () => {
  it('the worked examples of the identifier rule', () => {
    expect(legacyIdentifier(' 1001.0 ', 'order_id')).toEqual({ ok: true, value: '1001', inexact: false });
    expect(legacyIdentifier("'0123", 'sku')).toEqual({ ok: true, value: '0123', inexact: false });
    expect(legacyIdentifier('ABC-1 ', 'sku')).toEqual({ ok: true, value: 'ABC-1', inexact: false });
    expect(legacyIdentifier('NaN', 'order_id')).toEqual({ ok: false });
    expect(legacyIdentifier('-', 'sku')).toEqual({ ok: false });
    expect(legacyIdentifier('577000111122223304', 'order_id')).toEqual({
      ok: true,
      value: '577000111122223304',
      inexact: false,
    });
  });

  it('the fixture numbers: 525302196254104.0 and 531397120068072.0 lose the .0; nan is missing (A1)', () => {
    expect(legacyIdentifier('525302196254104.0', 'order_id')).toEqual({
      ok: true,
      value: '525302196254104',
      inexact: false,
    });
    expect(legacyIdentifier('531397120068072.0', 'order_id')).toEqual({
      ok: true,
      value: '531397120068072',
      inexact: false,
    });
    expect(legacyIdentifier('nan', 'order_id')).toEqual({ ok: false });
    expect(legacyIdentifier(null, 'order_id')).toEqual({ ok: false });
  });

  it('a number the legacy stored as REAL reads as its integer text', () =>
    expect(legacyIdentifier(525302196254104, 'order_id')).toEqual({
      ok: true,
      value: '525302196254104',
      inexact: false,
    }));

  it('an id the normaliser would refuse (2.30526E+14) is already stored data: kept as written, flagged inexact', () =>
    expect(legacyIdentifier(' 2.30526E+14', 'order_id')).toEqual({ ok: true, value: '2.30526E+14', inexact: true }));

  it('text, integers and booleans of legacy columns', () => {
    expect(legacyText(' nan ')).toBeNull();
    expect(legacyText(' Flash ')).toBe('Flash');
    expect(legacyInt('3')).toBe(3);
    expect(legacyInt(2.0)).toBe(2);
    expect(legacyInt('x')).toBeNull();
    expect(legacyBool(1, false)).toBe(true);
    expect(legacyBool(0, true)).toBe(false);
    expect(legacyBool(null, true)).toBe(true);
  });
});

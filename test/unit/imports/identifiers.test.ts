import { describe, expect, it } from 'vitest';
import { normalizeIdentifier } from '../../../src/domain/imports/identifiers';

describe('identifier normaliser: worked examples (docs/domain/data-model.md#identifiers)', () => {
  it('" 1001.0 " -> 1001 with id_trailing_zero_removed', () =>
    expect(normalizeIdentifier(' 1001.0 ', 'order_id')).toEqual({
      ok: true,
      value: '1001',
      warning: 'id_trailing_zero_removed',
    }));
  it("'0123 -> 0123 (the leading apostrophe goes, the zero stays)", () =>
    expect(normalizeIdentifier("'0123", 'sku')).toEqual({ ok: true, value: '0123' }));
  it('"ABC-1 " -> ABC-1', () => expect(normalizeIdentifier('ABC-1 ', 'sku')).toEqual({ ok: true, value: 'ABC-1' }));
  it.each(['NaN', '-', 'nan', '', '   ', 'None', '#N/A', "'"])('%j -> missing', (s) =>
    expect(normalizeIdentifier(s, 'order_id')).toEqual({ ok: false, code: 'missing' }),
  );
  it('null cell -> missing', () => expect(normalizeIdentifier(null, 'sku')).toEqual({ ok: false, code: 'missing' }));
  it('2.30526E+14 -> id_not_exact', () =>
    expect(normalizeIdentifier('2.30526E+14', 'order_id')).toEqual({ ok: false, code: 'id_not_exact' }));
  it('5.77E+17 -> id_not_exact', () =>
    expect(normalizeIdentifier('5.77E+17', 'order_id')).toEqual({ ok: false, code: 'id_not_exact' }));
  it('text 577000111122223304 is kept as is (plain digits, any length)', () =>
    expect(normalizeIdentifier('577000111122223304', 'order_id')).toEqual({ ok: true, value: '577000111122223304' }));
  it('numeric 1001 -> "1001" (never 1001.0)', () =>
    expect(normalizeIdentifier(1001, 'order_id')).toEqual({ ok: true, value: '1001' }));
  it('numeric 1001.5 -> id_not_exact', () =>
    expect(normalizeIdentifier(1001.5, 'order_id')).toEqual({ ok: false, code: 'id_not_exact' }));
  it('numeric >= 1e15 -> id_not_exact', () => {
    expect(normalizeIdentifier(1e15, 'order_id')).toEqual({ ok: false, code: 'id_not_exact' });
    // biome-ignore lint/correctness/noPrecisionLoss: a spreadsheet's rounded 18-digit id is the case under test
    expect(normalizeIdentifier(577000111122223300, 'order_id')).toEqual({ ok: false, code: 'id_not_exact' });
    expect(normalizeIdentifier(999_999_999_999_999, 'order_id')).toEqual({ ok: true, value: '999999999999999' });
  });
  it('"450012345600002.0" (15 significant digits) -> 450012345600002 with the warning', () =>
    expect(normalizeIdentifier('450012345600002.0', 'order_id')).toEqual({
      ok: true,
      value: '450012345600002',
      warning: 'id_trailing_zero_removed',
    }));
  it('a decimal text with 16 significant digits -> id_not_exact', () => {
    expect(normalizeIdentifier('4500123456000021.0', 'order_id')).toEqual({ ok: false, code: 'id_not_exact' });
    expect(normalizeIdentifier('123456789012345.6', 'order_id')).toEqual({ ok: false, code: 'id_not_exact' });
  });
  it('leading zeros and trailing fraction zeros are not significant', () => {
    expect(normalizeIdentifier('000450012345600002.000', 'order_id')).toEqual({
      ok: true,
      value: '000450012345600002',
      warning: 'id_trailing_zero_removed',
    });
  });
  it('keeps case and inner spaces', () =>
    expect(normalizeIdentifier(' ab C-1 ', 'sku')).toEqual({ ok: true, value: 'ab C-1' }));
  it('a SKU that merely contains E and digits is not exponent form', () =>
    expect(normalizeIdentifier('12E3', 'sku')).toEqual({ ok: true, value: '12E3' }));
  it('plain ids (letters, digits, - and _) keep every rule: exponent, blank words, length', () => {
    // An exponent written with a minus is still Excel's, whatever letters surround other ids.
    expect(normalizeIdentifier('12E-3', 'sku')).toEqual({ ok: false, code: 'id_not_exact' });
    expect(normalizeIdentifier('7e-10', 'order_id')).toEqual({ ok: false, code: 'id_not_exact' });
    expect(normalizeIdentifier('A12E-3', 'sku')).toEqual({ ok: true, value: 'A12E-3' });
    expect(normalizeIdentifier('12E-3A', 'sku')).toEqual({ ok: true, value: '12E-3A' });
    expect(normalizeIdentifier('NULL', 'sku')).toEqual({ ok: false, code: 'missing' });
    expect(normalizeIdentifier('Undefined', 'po')).toEqual({ ok: false, code: 'missing' });
    expect(normalizeIdentifier('SKU_00-01', 'sku')).toEqual({ ok: true, value: 'SKU_00-01' });
    expect(normalizeIdentifier('0', 'order_id')).toEqual({ ok: true, value: '0' });
    expect(normalizeIdentifier(`S${'-'.repeat(63)}`, 'sku')).toEqual({ ok: true, value: `S${'-'.repeat(63)}` });
    expect(normalizeIdentifier(`S${'_'.repeat(64)}`, 'sku')).toEqual({ ok: false, code: 'field_too_long' });
  });
  it('a date cell in an id column cannot be trusted', () =>
    expect(normalizeIdentifier({ kind: 'date', serial: 45672 }, 'order_id')).toEqual({
      ok: false,
      code: 'id_not_exact',
    }));
});

describe('identifier length limits', () => {
  it('order id <= 128, SKU <= 64, PO <= 128', () => {
    expect(normalizeIdentifier('A'.repeat(128), 'order_id').ok).toBe(true);
    expect(normalizeIdentifier('A'.repeat(129), 'order_id')).toEqual({ ok: false, code: 'field_too_long' });
    expect(normalizeIdentifier('S'.repeat(64), 'sku').ok).toBe(true);
    expect(normalizeIdentifier('S'.repeat(65), 'sku')).toEqual({ ok: false, code: 'field_too_long' });
    expect(normalizeIdentifier('P'.repeat(128), 'po').ok).toBe(true);
    expect(normalizeIdentifier('P'.repeat(129), 'po')).toEqual({ ok: false, code: 'field_too_long' });
  });
  it('counts after trimming', () => expect(normalizeIdentifier(`  ${'S'.repeat(64)}  `, 'sku').ok).toBe(true));
});

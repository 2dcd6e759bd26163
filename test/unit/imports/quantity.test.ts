import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOrderQty, parseQuantityText, parseStockQty } from '../../../src/domain/imports/quantity';

const ok = (value: number) => ({ ok: true, value });
const invalid = { ok: false, code: 'qty_invalid' };

describe('order quantity (docs/domain/imports.md#quantities)', () => {
  it.each<[string | number, number]>([
    ['2', 2],
    ['1,250', 1250],
    ['+3', 3],
    ['๑๒', 12],
    ['2.0', 2],
    ['2.00', 2],
    [' 5 ', 5],
    [3, 3],
    [100_000, 100_000],
    ['100,000', 100_000],
  ])('%j -> %d', (input, value) => expect(parseOrderQty(input)).toEqual(ok(value)));

  it.each<[string | number]>([
    ['2 ชิ้น'],
    ['2.5'],
    ['abc'],
    ['-2'],
    ['0'],
    [0],
    [-1],
    [2.5],
    ['100001'],
    [100_001],
    ['1,25'],
    ['12,50,0'],
    ['1 250'],
  ])('%j -> qty_invalid', (input) => expect(parseOrderQty(input)).toEqual(invalid));

  it('blank -> 1 (one row per unit)', () => {
    expect(parseOrderQty(null)).toEqual(ok(1));
    expect(parseOrderQty('')).toEqual(ok(1));
    expect(parseOrderQty('nan')).toEqual(ok(1));
  });
  it('a date or boolean cell is invalid', () => {
    expect(parseOrderQty({ kind: 'date', serial: 45000 })).toEqual(invalid);
    expect(parseOrderQty(true)).toEqual(invalid);
  });
});

describe('stock quantity (docs/domain/imports.md#quantities)', () => {
  it.each<[string | number, number]>([
    ['1,250', 1250],
    ['0', 0],
    [0, 0],
    ['10,000,000', 10_000_000],
    ['๐', 0],
  ])('%j -> %d', (input, value) => expect(parseStockQty(input)).toEqual(ok(value)));
  it.each<[string | number]>([['-5'], [-5], ['abc'], ['10000001'], ['1.5']])('%j -> qty_invalid', (input) =>
    expect(parseStockQty(input)).toEqual(invalid),
  );
  it('blank -> 0 with qty_blank_as_zero', () => {
    expect(parseStockQty(null)).toEqual({ ok: true, value: 0, warning: 'qty_blank_as_zero' });
    expect(parseStockQty(' nan ')).toEqual({ ok: true, value: 0, warning: 'qty_blank_as_zero' });
  });
});

describe('plain digits (the quick path of parseQuantityText)', () => {
  it('up to twelve ASCII digits read as their number, leading zeros included, like the full rule', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,12}$/), (s) => {
        expect(parseQuantityText(s)).toBe(Number(s));
      }),
    );
    expect(parseQuantityText('007')).toBe(7);
    expect(parseQuantityText('1,250')).toBe(1250);
    expect(parseQuantityText('12a')).toBeNull();
  });
});

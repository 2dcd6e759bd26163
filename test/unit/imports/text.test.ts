import { describe, expect, it } from 'vitest';
import {
  cleanText,
  codePointLength,
  isBlankText,
  isBlankToken,
  normalizeHeader,
  removeZeroWidth,
  trimCell,
} from '../../../src/domain/imports/text';

describe('trimCell (docs/domain/imports.md#blank-cells: spaces, tabs, NBSP, zero-width, BOM)', () => {
  it.each([
    ['  ABC-1  ', 'ABC-1'],
    ['\tABC\t', 'ABC'],
    ['\u00A0ABC\u00A0', 'ABC'],
    ['\u200BABC\u200B', 'ABC'],
    ['\uFEFFABC', 'ABC'],
    ['\u200B \u00A0\tA B\u2060 ', 'A B'],
    ['ABC', 'ABC'],
    ['', ''],
  ])('%j -> %j', (input, out) => expect(trimCell(input)).toBe(out));

  it('keeps inner spaces and case', () => expect(trimCell(' Ab  c ')).toBe('Ab  c'));
  it('removeZeroWidth removes inner zero-width characters', () =>
    expect(removeZeroWidth('AB\u200BC\uFEFF')).toBe('ABC'));
});

describe('blank rule (docs/domain/imports.md#blank-cells)', () => {
  it.each(['', 'nan', 'NaN', 'NAN', 'none', 'None', 'null', 'NULL', 'undefined', '#n/a', '#N/A', '-'])(
    '%j is blank',
    (s) => expect(isBlankToken(s)).toBe(true),
  );
  it.each(['0', 'n/a', '--', 'nana', 'A', ' '])('%j is not a blank token', (s) => expect(isBlankToken(s)).toBe(false));
  it('isBlankText trims first', () => {
    expect(isBlankText('  nan ')).toBe(true);
    expect(isBlankText('\u200B-\u00A0')).toBe(true);
    expect(isBlankText(null)).toBe(true);
    expect(isBlankText('x')).toBe(false);
  });
});

describe('normalizeHeader (docs/domain/imports.md#header-matching)', () => {
  it.each([
    ['Order ID', 'order id'],
    ['  ORDER   ID ', 'order id'],
    ['\uFEFFชื่อร้าน', 'ชื่อร้าน'],
    ['Seller\u200B SKU', 'seller sku'],
    ['Paid\tTime', 'paid time'],
    ['Paid\u00A0Time', 'paid time'],
  ])('%j -> %j', (input, out) => expect(normalizeHeader(input)).toBe(out));

  it('applies NFC', () => {
    const decomposed = 'Cafe\u0301';
    expect(normalizeHeader(decomposed)).toBe('caf\u00e9');
  });
});

describe('cleanText (free text, 255 max)', () => {
  it('trims, removes zero-width characters, blank -> null', () => {
    expect(cleanText('  J&T\u200B Express ')).toEqual({ value: 'J&T Express', truncated: false });
    expect(cleanText('nan')).toEqual({ value: null, truncated: false });
    expect(cleanText(null)).toEqual({ value: null, truncated: false });
  });
  it('cuts longer text to 255 characters with the truncation signal', () => {
    const r = cleanText('ก'.repeat(300));
    expect(r.truncated).toBe(true);
    expect(r.value).toBe('ก'.repeat(255));
    expect(cleanText('x'.repeat(255))).toEqual({ value: 'x'.repeat(255), truncated: false });
  });
  it('never splits a surrogate pair', () => {
    const r = cleanText('😀'.repeat(256));
    expect(r.truncated).toBe(true);
    expect(codePointLength(r.value!)).toBe(255);
    expect(r.value).toBe('😀'.repeat(255));
  });
});

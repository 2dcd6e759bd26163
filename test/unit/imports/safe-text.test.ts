// The one character rule for stored text (issue 19.1, domain/safe-text.ts) and where the
// import rules apply it: identifiers, free text, shop names.
import { describe, expect, it } from 'vitest';
import { normalizeIdentifier } from '../../../src/domain/imports/identifiers';
import { cleanShopName } from '../../../src/domain/imports/shops';
import { cleanText } from '../../../src/domain/imports/text';
import { CLEAN_PATTERN, forbiddenCharacter, showForbidden } from '../../../src/domain/safe-text';

const ch = (n: number) => String.fromCodePoint(n);

describe('forbidden characters', () => {
  const refused = [
    0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
    0x2066, 0x2067, 0x2068, 0x2069,
  ];
  const allowed = [0x20, 0x7e, 0xa0, 0xe01, 0x200e, 0x200f, 0x2029, 0x202f, 0x2065, 0x206a, 0x1f600];
  it.each(refused)('U+%s is refused in identifiers and text', (n) => {
    const label = `U+${n.toString(16).toUpperCase().padStart(4, '0')}`;
    expect(forbiddenCharacter(`ab${ch(n)}c`, 'identifier')).toBe(label);
    expect(forbiddenCharacter(`ab${ch(n)}c`, 'text')).toBe(label);
    expect(CLEAN_PATTERN.identifier.test(`a${ch(n)}`)).toBe(false);
    expect(CLEAN_PATTERN.text.test(`a${ch(n)}`)).toBe(false);
  });
  it.each(allowed)('U+%s is allowed', (n) => {
    expect(forbiddenCharacter(`ab${ch(n)}c`, 'identifier')).toBeNull();
    expect(CLEAN_PATTERN.identifier.test(`ab${ch(n)}c`)).toBe(true);
  });
  it('tab, line feed and carriage return are text (Excel line breaks), never part of an identifier', () => {
    for (const c of ['\t', '\n', '\r']) {
      expect(forbiddenCharacter(`a${c}b`, 'text')).toBeNull();
      expect(CLEAN_PATTERN.text.test(`a${c}b`)).toBe(true);
      expect(forbiddenCharacter(`a${c}b`, 'identifier')).not.toBeNull();
    }
  });
  it('a refused value is shown with its characters made visible', () => {
    expect(showForbidden('AL-CASE-001\u0000shadow')).toBe('AL-CASE-001<U+0000>shadow');
    expect(showForbidden('abc\u202Efed')).toBe('abc<U+202E>fed');
    expect(showForbidden('ธรรมดา')).toBe('ธรรมดา');
  });
});

describe('in the import rules', () => {
  it('identifiers: invalid_characters naming the character (after trimming the edges)', () => {
    expect(normalizeIdentifier('AL-CASE-001\u0000shadow', 'sku')).toEqual({
      ok: false,
      code: 'invalid_characters',
      char: 'U+0000',
    });
    expect(normalizeIdentifier('NULORD\u0000A1', 'order_id')).toMatchObject({ code: 'invalid_characters' });
    expect(normalizeIdentifier('250115\u202EQX', 'order_id')).toMatchObject({
      code: 'invalid_characters',
      char: 'U+202E',
    });
    expect(normalizeIdentifier('A\tB', 'po')).toMatchObject({ code: 'invalid_characters', char: 'U+0009' });
    expect(normalizeIdentifier(' SKU-1\t\r\n', 'sku')).toEqual({ ok: true, value: 'SKU-1' });
  });
  it('free text: a problem, with tab and line breaks allowed; over 1,000 characters is too long, 256 to 1,000 is cut', () => {
    expect(cleanText('ok\u0007')).toMatchObject({ problem: { code: 'invalid_characters', char: 'U+0007' } });
    expect(cleanText('line1\nline2\tx')).toEqual({ value: 'line1\nline2\tx', truncated: false });
    expect(cleanText('x'.repeat(1_000))).toMatchObject({ truncated: true, value: 'x'.repeat(255) });
    expect(cleanText('x'.repeat(1_000)).problem).toBeUndefined();
    expect(cleanText('x'.repeat(1_001)).problem).toEqual({ code: 'field_too_long', max: 1_000 });
  });
  it('shop names: white space collapses to a space (docs/domain/imports.md#characters), other controls are refused', () => {
    expect(cleanShopName('Alpha\tGadget\nShop')).toEqual({ value: 'Alpha Gadget Shop', truncated: false });
    expect(cleanShopName('Alpha\u0000Shop').problem).toEqual({ code: 'invalid_characters', char: 'U+0000' });
    expect(cleanShopName('Alpha \u202DShop (Shopee)').problem).toMatchObject({ char: 'U+202D' });
  });
});

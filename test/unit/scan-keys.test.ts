// The Kedmanee key mapping for barcode scanners. Expected strings are the printed Kedmanee layout
// (TIS 820-2538) read key by key, written here as literal Thai; the implementation spells its
// table with code-point escapes, so the two are written independently.
import { describe, expect, it } from 'vitest';
import {
  KEDMANEE_TO_US,
  latinFromThaiKeys,
  looksThaiTyped,
  scannerText,
  thaiKeysFromLatin,
} from '../../src/domain/scan-keys';
import { normaliseScan } from '../../src/domain/allocation/scan';

const ROWS: readonly [string, string, string][] = [
  ['number row', '`1234567890-=', '_ๅ/-ภถุึคตจขช'],
  ['number row, shifted', '~!@#$%^&*()_+', '%+๑๒๓๔ู฿๕๖๗๘๙'],
  ['top row', 'qwertyuiop[]\\', 'ๆไำพะัีรนยบลฃ'],
  ['top row, shifted', 'QWERTYUIOP{}|', '๐"ฎฑธํ๊ณฯญฐ,ฅ'],
  ['home row', "asdfghjkl;'", 'ฟหกดเ้่าสวง'],
  ['home row, shifted', 'ASDFGHJKL:"', 'ฤฆฏโฌ็๋ษศซ.'],
  ['bottom row', 'zxcvbnm,./', 'ผปแอิืทมใฝ'],
  ['bottom row, shifted', 'ZXCVBNM<>?', '()ฉฮฺ์?ฒฬฦ'],
];

describe('Kedmanee layout, every key of the number row and the letter rows', () => {
  for (const [name, us, thai] of ROWS) {
    it(`${name}: US keys -> Thai characters and back`, () => {
      expect([...us]).toHaveLength([...thai].length);
      expect(thaiKeysFromLatin(us)).toBe(thai);
      expect(latinFromThaiKeys(thai)).toBe(us);
    });
  }

  it('the digits a scanner types with the Thai layout active, as the issue quotes them', () => {
    expect(thaiKeysFromLatin('1234567890')).toBe('ๅ/-ภถุึคตจ');
    expect(latinFromThaiKeys('ๅ/-ภ')).toBe('1234');
  });

  it('covers all 94 printable US characters, each typed as a different character in Thai', () => {
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('');
    const thai = thaiKeysFromLatin(printable);
    expect(new Set(thai).size).toBe(94);
    expect(KEDMANEE_TO_US.size).toBe(94);
    expect(latinFromThaiKeys(thai)).toBe(printable);
  });

  it('single code points for the marks (no decomposed sara am, no look-alikes)', () => {
    expect(thaiKeysFromLatin('e').codePointAt(0)).toBe(0x0e33); // ำ
    expect(thaiKeysFromLatin('Y').codePointAt(0)).toBe(0x0e4d); // ํ nikhahit
    expect(thaiKeysFromLatin('1').codePointAt(0)).toBe(0x0e45); // ๅ lakkhangyao, not า
    expect(thaiKeysFromLatin('k').codePointAt(0)).toBe(0x0e32); // า
  });
});

describe('scanner text', () => {
  it('maps a Shopee order number typed with the Thai layout (upper case = shifted keys)', () => {
    const typed = '/ุๅ/จภธึ์ธ/)จๅ';
    expect(thaiKeysFromLatin('261204T7NT2X01')).toBe(typed);
    expect(scannerText(typed)).toBe('261204T7NT2X01');
  });

  it('maps lower-case codes typed without shift, then the scan normalisation upper-cases them', () => {
    expect(scannerText(thaiKeysFromLatin('abc-123'))).toBe('abc-123');
    expect(normaliseScan(scannerText('ฟิแขๅ/-'))).toBe('ABC123');
  });

  it('leaves text typed with the US layout as it is', () => {
    for (const raw of ['1234', '261204T7NT2X01', 'SHOPEE ORDER NO. 2612-04', 'ABC_12/3', '']) {
      expect(scannerText(raw)).toBe(raw);
    }
  });

  it('recognises Thai-typed text: any Thai character, or only characters the layout types for keys', () => {
    expect(looksThaiTyped('ๅ/-ภ')).toBe(true);
    expect(looksThaiTyped('/-/-')).toBe(true);
    expect(scannerText('/-/-')).toBe('2323');
    expect(looksThaiTyped('12/3')).toBe(false);
    expect(looksThaiTyped('   ')).toBe(false);
    expect(looksThaiTyped('')).toBe(false);
  });

  it('keeps spaces and unknown characters while mapping the rest', () => {
    expect(latinFromThaiKeys('ๅ/ -ภ')).toBe('12 34');
    expect(latinFromThaiKeys('ๅé')).toBe('1é');
  });
});

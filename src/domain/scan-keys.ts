// A USB barcode scanner is a keyboard: it sends key presses, and the operating system turns them
// into characters through the active layout. With the Thai Kedmanee layout active, a scanned
// `1234` arrives as `ๅ/-ภ`. This maps such text back to the keys that were pressed (the US
// layout the codes were printed for), so a scan works whatever the keyboard layout is.
//
// The table is the standard Kedmanee layout (TIS 820-2538; the same as X11's `th` symbols and
// Windows' "Thai Kedmanee"), one entry per physical key of the number row and the three letter
// rows: [US unshifted, US shifted, Thai unshifted, Thai shifted]. Combining marks are written
// as escapes so that none of them can hide in the source.
const KEDMANEE: readonly (readonly [string, string, string, string])[] = [
  // Number row
  ['`', '~', '_', '%'],
  ['1', '!', '\u0E45' /* ๅ lakkhangyao */, '+'],
  ['2', '@', '/', '\u0E51' /* ๑ */],
  ['3', '#', '-', '\u0E52' /* ๒ */],
  ['4', '$', '\u0E20' /* ภ */, '\u0E53' /* ๓ */],
  ['5', '%', '\u0E16' /* ถ */, '\u0E54' /* ๔ */],
  ['6', '^', '\u0E38' /* ุ sara u */, '\u0E39' /* ู sara uu */],
  ['7', '&', '\u0E36' /* ึ sara ue */, '\u0E3F' /* ฿ baht */],
  ['8', '*', '\u0E04' /* ค */, '\u0E55' /* ๕ */],
  ['9', '(', '\u0E15' /* ต */, '\u0E56' /* ๖ */],
  ['0', ')', '\u0E08' /* จ */, '\u0E57' /* ๗ */],
  ['-', '_', '\u0E02' /* ข */, '\u0E58' /* ๘ */],
  ['=', '+', '\u0E0A' /* ช */, '\u0E59' /* ๙ */],
  // Top letter row
  ['q', 'Q', '\u0E46' /* ๆ */, '\u0E50' /* ๐ */],
  ['w', 'W', '\u0E44' /* ไ */, '"'],
  ['e', 'E', '\u0E33' /* ำ sara am */, '\u0E0E' /* ฎ */],
  ['r', 'R', '\u0E1E' /* พ */, '\u0E11' /* ฑ */],
  ['t', 'T', '\u0E30' /* ะ */, '\u0E18' /* ธ */],
  ['y', 'Y', '\u0E31' /* ั mai han-akat */, '\u0E4D' /* ํ nikhahit */],
  ['u', 'U', '\u0E35' /* ี sara ii */, '\u0E4A' /* ๊ mai tri */],
  ['i', 'I', '\u0E23' /* ร */, '\u0E13' /* ณ */],
  ['o', 'O', '\u0E19' /* น */, '\u0E2F' /* ฯ paiyannoi */],
  ['p', 'P', '\u0E22' /* ย */, '\u0E0D' /* ญ */],
  ['[', '{', '\u0E1A' /* บ */, '\u0E10' /* ฐ */],
  [']', '}', '\u0E25' /* ล */, ','],
  ['\\', '|', '\u0E03' /* ฃ */, '\u0E05' /* ฅ */],
  // Home row
  ['a', 'A', '\u0E1F' /* ฟ */, '\u0E24' /* ฤ */],
  ['s', 'S', '\u0E2B' /* ห */, '\u0E06' /* ฆ */],
  ['d', 'D', '\u0E01' /* ก */, '\u0E0F' /* ฏ */],
  ['f', 'F', '\u0E14' /* ด */, '\u0E42' /* โ */],
  ['g', 'G', '\u0E40' /* เ */, '\u0E0C' /* ฌ */],
  ['h', 'H', '\u0E49' /* ้ mai tho */, '\u0E47' /* ็ mai taikhu */],
  ['j', 'J', '\u0E48' /* ่ mai ek */, '\u0E4B' /* ๋ mai chattawa */],
  ['k', 'K', '\u0E32' /* า */, '\u0E29' /* ษ */],
  ['l', 'L', '\u0E2A' /* ส */, '\u0E28' /* ศ */],
  [';', ':', '\u0E27' /* ว */, '\u0E0B' /* ซ */],
  ["'", '"', '\u0E07' /* ง */, '.'],
  // Bottom row
  ['z', 'Z', '\u0E1C' /* ผ */, '('],
  ['x', 'X', '\u0E1B' /* ป */, ')'],
  ['c', 'C', '\u0E41' /* แ */, '\u0E09' /* ฉ */],
  ['v', 'V', '\u0E2D' /* อ */, '\u0E2E' /* ฮ */],
  ['b', 'B', '\u0E34' /* ิ sara i */, '\u0E3A' /* ฺ phinthu */],
  ['n', 'N', '\u0E37' /* ื sara uee */, '\u0E4C' /* ์ thanthakhat */],
  ['m', 'M', '\u0E17' /* ท */, '?'],
  [',', '<', '\u0E21' /* ม */, '\u0E12' /* ฒ */],
  ['.', '>', '\u0E43' /* ใ */, '\u0E2C' /* ฬ */],
  ['/', '?', '\u0E1D' /* ฝ */, '\u0E26' /* ฦ */],
];

function buildMaps() {
  const thaiToLatin = new Map<string, string>();
  const latinToThai = new Map<string, string>();
  for (const [us, usShift, th, thShift] of KEDMANEE) {
    thaiToLatin.set(th, us);
    thaiToLatin.set(thShift, usShift);
    latinToThai.set(us, th);
    latinToThai.set(usShift, thShift);
  }
  return { thaiToLatin, latinToThai };
}

const { thaiToLatin: THAI_TO_LATIN, latinToThai: LATIN_TO_THAI } = buildMaps();

/** The US key character for every character the Kedmanee layout types (a full read-only copy). */
export const KEDMANEE_TO_US: ReadonlyMap<string, string> = THAI_TO_LATIN;

/**
 * Maps every character typed with the Kedmanee layout back to the US key character of the same
 * key and shift state. Characters the layout never types (space, other scripts) stay as they are.
 */
export function latinFromThaiKeys(text: string): string {
  let out = '';
  for (const ch of text) out += THAI_TO_LATIN.get(ch) ?? ch;
  return out;
}

/** The reverse: what the Kedmanee layout types for US key characters (for tests and help text). */
export function thaiKeysFromLatin(text: string): string {
  let out = '';
  for (const ch of text) out += LATIN_TO_THAI.get(ch) ?? ch;
  return out;
}

const THAI_BLOCK = /[\u0E00-\u0E7F]/;
const LATIN_ALNUM = /[A-Za-z0-9]/;

/**
 * Whether scanned text was typed with the Thai layout active. Codes on parcels are Latin letters
 * and digits, so any Thai character gives it away. Without one, text that has no Latin letter or
 * digit at all but only characters the layout types for digits (`/-` for `23`, ...) is also
 * Thai-typed: no real code looks like that.
 */
export function looksThaiTyped(text: string): boolean {
  if (THAI_BLOCK.test(text)) return true;
  if (LATIN_ALNUM.test(text)) return false;
  let mappable = false;
  for (const ch of text) {
    if (/\s/.test(ch)) continue;
    if (!THAI_TO_LATIN.has(ch)) return false;
    mappable = true;
  }
  return mappable;
}

/**
 * What a scanner meant: the text as typed, or, when it was typed with the Thai layout, the keys
 * that were pressed. Apply before the scan normalisation of the order number.
 */
export function scannerText(raw: string): string {
  return looksThaiTyped(raw) ? latinFromThaiKeys(raw) : raw;
}

// Which cell styles display a number as a date: a date cell in xlsx is only a number whose style
// says so (docs/domain/imports.md#reading-a-file: date-formatted numeric cells are dates).
import { attributes, elementPrefix, startTags } from './xml';

/**
 * Built-in number formats that are dates or times. 14-22 and 45-47 are the international ones;
 * 27-36 and 50-58 are dates in the East Asian locales; 71-81 are the Thai-locale date and time
 * formats (ว/ด/ปปปป ...), which a Thai Excel may write without defining them.
 */
function isBuiltInDate(id: number): boolean {
  return (
    (id >= 14 && id <= 22) ||
    (id >= 45 && id <= 47) ||
    (id >= 27 && id <= 36) ||
    (id >= 50 && id <= 58) ||
    (id >= 71 && id <= 81)
  );
}

/**
 * A custom format is a date format when, outside quoted text, bracketed sections ([Red],
 * [$-th-TH,107], [>=100]), escaped characters (\x) and padding/fill directives (_x, *x), it has a
 * date or time token: d m y h s, or the Thai-locale tokens ว ด ป ช น ท. (`e`/`b` era years are
 * not tokens here: `E` is also the exponent, and a Thai `bbbb` format always has d or m too.)
 */
export function isDateFormatCode(code: string): boolean {
  const sections = code.split(';');
  // Only the first (positive-number) section decides how a serial is shown.
  const s = sections[0];
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inQuote) {
      if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === '\\' || c === '_' || c === '*') i++;
    else if (c === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) return false;
      // Elapsed-time sections ([h], [mm], [ss]) are time formats.
      if (/^\[(h+|m+|s+)\]$/i.test(s.slice(i, end + 1))) return true;
      i = end;
    } else if (/[dmyhsDMYHSวดปชนท]/.test(c)) return true;
  }
  return false;
}

/** For each cellXfs index, whether its number format is a date format. */
export function parseDateStyles(xml: string): boolean[] {
  const p = elementPrefix(xml, 'styleSheet') ?? '';
  const custom = new Map<number, boolean>();
  for (const tag of startTags(xml, p + 'numFmt')) {
    const a = attributes(tag);
    const id = Number(a.numFmtId);
    if (Number.isInteger(id)) custom.set(id, isDateFormatCode(a.formatCode ?? ''));
  }
  const start = xml.indexOf('<' + p + 'cellXfs');
  if (start < 0) return [];
  const end = xml.indexOf('</' + p + 'cellXfs>', start);
  const out: boolean[] = [];
  for (const tag of startTags(xml, p + 'xf', start, end < 0 ? xml.length : end)) {
    const id = Number(attributes(tag).numFmtId ?? 0);
    // A custom definition wins over the built-in meaning of the same id.
    out.push(custom.get(id) ?? isBuiltInDate(id));
  }
  return out;
}

/**
 * Compare strings by Unicode code point (docs/domain/allocation.md#processing-order: plain
 * code-point string order, no locale). JS `<` compares UTF-16 code units, which disagrees with
 * code-point order only when a surrogate meets a unit in U+E000..U+FFFF at the first difference;
 * those two ranges are swapped here. localeCompare is not used: it depends on the runtime's ICU
 * data and collation.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      if (ca >= 0xd800 && cb >= 0xd800) return fixup(ca) - fixup(cb);
      return ca - cb;
    }
  }
  return a.length - b.length;
}

function fixup(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  return unit + 0x2000;
}

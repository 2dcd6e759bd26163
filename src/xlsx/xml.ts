// Just enough XML scanning for SpreadsheetML: no DOM parser exists on edge runtimes, and the
// parts we read are machine-written, so string search is both safe and much faster.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(n: number, raw: string): string {
  return Number.isFinite(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : raw;
}

/** XML character and entity references. Unknown references are kept verbatim. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (raw, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? raw;
    return body[1] === 'x' || body[1] === 'X'
      ? codePoint(parseInt(body.slice(2), 16), raw)
      : codePoint(parseInt(body.slice(1), 10), raw);
  });
}

/**
 * OOXML escapes characters XML cannot carry as `_xHHHH_` (Excel writes `_x000D_` for CR);
 * `_x005F_` escapes a literal underscore that would otherwise start such a sequence.
 */
export function decodeOoxmlEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9a-fA-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Text content of a string element: entities first, then the OOXML escapes. */
export function decodeStringText(s: string): string {
  return decodeOoxmlEscapes(decodeEntities(s));
}

/** Attributes of one start tag (`<name a="1" b='2'>`), names as written (prefix included). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s=<>/]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  // Skip the element name so an attribute-looking name cannot match.
  re.lastIndex = tag.search(/[\s/>]/) >>> 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag)) !== null) out[m[1]] = decodeEntities(m[3] ?? m[4] ?? '');
  return out;
}

/** Value of the attribute whose local name is `local` (`r:id` matches `id`). */
export function attrByLocalName(attrs: Record<string, string>, local: string): string | undefined {
  if (local in attrs) return attrs[local];
  for (const k in attrs) if (k.endsWith(':' + local)) return attrs[k];
  return undefined;
}

/**
 * Namespace prefix of a root element (`x:` in `<x:worksheet>`); some generators (the .NET
 * OpenXML SDK) prefix every element. Returns '' when unprefixed, null when absent.
 */
export function elementPrefix(xml: string, localName: string): string | null {
  const m = new RegExp(`<([A-Za-z_][\\w.-]*:)?${localName}[\\s>/]`).exec(xml);
  return m ? (m[1] ?? '') : null;
}

/** Every start tag `<p:name ...>` (self-closing or not), in order. */
export function* startTags(xml: string, qname: string, from = 0, to = xml.length): Generator<string> {
  const open = '<' + qname;
  let i = xml.indexOf(open, from);
  while (i >= 0 && i < to) {
    const next = xml.charCodeAt(i + open.length);
    // 0x20 space, 0x3e '>', 0x2f '/', 0x09/0x0a/0x0d whitespace: an exact element name.
    const end = xml.indexOf('>', i);
    if (end < 0) return;
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) {
      yield xml.slice(i, end + 1);
    }
    i = xml.indexOf(open, end);
  }
}

function isNameEnd(c: number): boolean {
  return c === 0x20 || c === 0x3e || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Index of the next `<qname` start tag with an exact name, or -1. */
export function findStartTag(xml: string, open: string, from: number, to = xml.length): number {
  let i = xml.indexOf(open, from);
  while (i >= 0 && i < to) {
    if (isNameEnd(xml.charCodeAt(i + open.length))) return i;
    i = xml.indexOf(open, i + open.length);
  }
  return -1;
}

/**
 * Text of a shared-string item or inline string (`<si>` / `<is>` content between `from` and
 * `to`): the plain `<t>` or the concatenated `<r><t>` runs; phonetic runs (`<rPh>`) are hints,
 * not content.
 */
export function richText(xml: string, from: number, to: number, p: string): string {
  // Work on the slice: indexOf has no end bound, and a search for an absent tag (`<rPh`) would
  // otherwise run to the end of the whole buffer for every cell.
  const x = xml.slice(from, to);
  const tOpen = '<' + p + 't';
  const tClose = '</' + p + 't>';
  const phOpen = '<' + p + 'rPh';
  const phClose = '</' + p + 'rPh>';
  let out = '';
  let i = 0;
  let nextPh = x.indexOf(phOpen);
  for (;;) {
    const t = findStartTag(x, tOpen, i);
    if (t < 0) break;
    if (nextPh >= 0 && nextPh < t) {
      const e = x.indexOf(phClose, nextPh);
      if (e < 0) break;
      i = e + phClose.length;
      nextPh = x.indexOf(phOpen, i);
      continue;
    }
    const gt = x.indexOf('>', t);
    if (gt < 0) break;
    if (x.charCodeAt(gt - 1) === 0x2f) {
      i = gt + 1; // <t/>
      continue;
    }
    const e = x.indexOf(tClose, gt);
    if (e < 0) break;
    out += x.slice(gt + 1, e);
    i = e + tClose.length;
  }
  return decodeStringText(out);
}

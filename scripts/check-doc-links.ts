// `npm run lint` step: the repository stands on its own. Comments, test names and the README
// point to the project's docs (`docs/<page>.md#<heading>`, README.md#<heading>) or to the
// OpenAPI document, never to files that live outside the repository (the team's shared API and
// architecture notes, the spec chapters, `../shared`). This fails on such a pointer, and on a
// `docs/...md#anchor` pointer (or a link inside docs/) whose file or heading does not exist, so a
// renamed heading cannot silently strand the comments that cite it.
//
// Spec sections count as outside pointers in every form they were written in: a chapter name with
// a section number ("(spec 1.4)", "imports 2.3", "data-model E.7", "(allocation 1.6)",
// "allocation-and-reports 5", "data-model Part F"), and, in comments, test names and OpenAPI
// descriptions only, a bare section number in parentheses ("(3.3)", "(2.1, 7.11)", "(5.1-5.4)"),
// a data-model item ("E.7", "A.9", "Part C"), "section 3" and a test name that starts with one
// ("'1.6 Example E'"). SECTION_POINTERS and COMMENT_SECTION_POINTERS below say exactly what
// matches; numbers in code (`toBe(1.5)`), quantities ("imports 3 files", "50,000 lines", "(2.5
// MB)") and times ("(1.5 s)") do not.
//
// scripts/doc-links-allow.txt lists files, or single lines of files, still allowed to hold outside
// pointers (leftovers in files other branches are changing); a line entry names the docs pointer
// the line should get. An entry that matches no outside pointer any more also fails, so the list
// shrinks to empty instead of hiding new pointers.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

const ROOT = process.cwd();
const SCANNED_DIRS = ['src', 'adapters', 'scripts', 'test', 'bench'];
const SCANNED_FILES = ['README.md'];
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|md)$/;
const SKIPPED = /(^|\/)node_modules\/|\.generated\.ts$/;
// This script and its test hold sample pointers on purpose.
const SELF = new Set(['scripts/check-doc-links.ts', 'test/node/doc-links.test.ts']);
const ALLOW_FILE = 'scripts/doc-links-allow.txt';

// Built from pieces so that this file does not match itself when read as source.
const OUTSIDE_POINTERS: { re: RegExp; what: string }[] = [
  { re: new RegExp(`\\b${'API'}\\.md\\b`), what: 'the shared HTTP contract (use docs/api.md, /api/openapi.json)' },
  { re: new RegExp(`\\b${'ARCHI'}TECTURE\\b`), what: 'the shared architecture note (use docs/architecture.md)' },
  { re: new RegExp(`\\b${'operations'} \\d`, 'i'), what: 'a spec operations section (use docs/domain/*.md)' },
  { re: new RegExp(`\\b${'spec'}/[a-z0-9-]+\\.md`), what: 'a spec chapter (use docs/domain/*.md)' },
  { re: new RegExp(`\\b${'spec'} §`), what: 'a spec section (use docs/domain/*.md)' },
  { re: new RegExp(`\\.\\./${'shared'}\\b`), what: 'a folder outside the repository' },
];

// The spec's chapters by the names comments used for them, anywhere on a line. `spec`,
// `data-model`, `allocation-and-reports` and `operations` followed by a section number are always
// a pointer. The other names are ordinary words too: after them a dotted number ("imports 2.3",
// "allocation 1.5 labels") is a pointer, a plain one only where it ends the reference - a closing
// bracket or punctuation, a quote, a dash range, "and"/"or" another section, "item"/"row"/
// "example", or the end of the line ("(imports 8)", "allocation 4 \"Scan station\"",
// "imports 3-7"; not "imports 3 files", "DP-SCAN 5").
const SECTION = String.raw`(?:§\s*)?(?:Part [A-F]\b|[A-F]\.\d{1,2}\b|\d{1,2}(?:\.\d{1,2})*(?![\d,.]*\d))`;
const DOTTED = String.raw`(?:§\s*)?\d{1,2}\.\d{1,2}(?![\d,.]*\d)`;
const ENDS_REFERENCE = String.raw`(?=$|[)\],;:'"\x60/]|-\d|\.(?:\s|$)|\s+(?:and|or|item|row|rows|example)\b|\s+["(])`;
const CHAPTER_WORD = String.raw`(?<![\w-])(?:[Ii]mports|[Aa]llocation|[Rr]eports|[Ss]la|SLA|[Aa]uth|[Ss]can|[Dd]ashboard|[Pp]ages)(?: chapter)?,?\s+`;
const SECTION_POINTERS: { re: RegExp; what: string }[] = [
  {
    re: new RegExp(
      String.raw`\b(?:${'spec'}|data-model|allocation-and-reports|operations)(?: chapter)?,?\s+${SECTION}`,
      'i',
    ),
    what: 'a spec section (use docs/domain/*.md)',
  },
  {
    re: new RegExp(String.raw`\ballocation-and-${'reports'}\b`),
    what: 'the spec allocation chapter (use docs/domain/*.md)',
  },
  {
    re: new RegExp(`${CHAPTER_WORD}(?:${DOTTED}|${SECTION}${ENDS_REFERENCE})`),
    what: 'a spec section (use docs/domain/*.md)',
  },
  {
    re: new RegExp(`Where ${'chapters'} meet`),
    what: "the spec README's chapter notes (use docs/domain/*.md)",
  },
];

// Only in comment text, test names and OpenAPI descriptions (code may hold such numbers):
// - a bare section number opening a parenthesis or following a comma or semicolon in it: "(1.4)",
//   "(3.2, 7.15)", "(5.1-5.4)", "(3.1 item 3)", "(5.2 history key)", "(1.1, 7.1)", but not a
//   quantity such as "(1.5 s)" or "(2.5 MB)", a fraction such as "(0.00123)", or a number past
//   the spec's chapters such as an issue's "(19.0)";
// - a data-model item or part: "E.7", "A.9", "Part F"; and "section 3";
// - a test name that starts with a section: "'2.2 examples'", "'1.6 Example E'".
const BARE_SECTION = String.raw`(?:1[0-3]|\d)\.\d{1,2}(?:-(?:1[0-3]|\d)\.\d{1,2})?(?![\d.])`;
const NOT_A_UNIT = String.raw`(?!\s*(?:ms|s|sec|seconds?|min|minutes?|h|hours?|days?|kB|KB|MB|GB|KiB|MiB|GiB|%|x)\b)`;
const COMMENT_SECTION_POINTERS: { re: RegExp; what: string }[] = [
  {
    re: new RegExp(String.raw`\((?:[^()]*?[,;]\s*)?(?:${'spec'}\s+)?(?:§\s*)?${BARE_SECTION}${NOT_A_UNIT}(?=[\s),;])`),
    what: 'a spec section number (use docs/domain/*.md)',
  },
  { re: /(?<![\w.-])[A-F]\.\d{1,2}(?![\w.]|\.\d)/, what: 'a data-model section (use docs/domain/*.md)' },
  { re: /\bPart [A-F]\b/, what: 'a data-model part (use docs/domain/*.md)' },
  { re: /\b[Ss]ection \d/, what: 'a spec section (use docs/domain/*.md)' },
];
const TEST_NAME = /\b(?:describe|it|test)(?:\.\w+)*\(\s*(['"`])(.*?)\1/g;
const OPENAPI_TEXT = /\b(?:description|summary):\s*(['"`])(.*?)\1/g;
const TEST_NAME_START = new RegExp(String.raw`^(?:${'spec'}\s+)?${BARE_SECTION}\s`);

/** The comment text of a line (after `//`, or a JSDoc/block line), its test names and OpenAPI texts. */
function commentTexts(line: string): string[] {
  const parts: string[] = [];
  const trimmed = line.trimStart();
  if (/^(\/\*\*?|\*)/.test(trimmed)) parts.push(trimmed);
  else {
    const slashes = line.search(/(^|[^:])\/\/(?!\/)/);
    if (slashes >= 0) parts.push(line.slice(slashes));
    const jsdoc = line.indexOf('/**');
    if (jsdoc >= 0) parts.push(line.slice(jsdoc));
  }
  for (const m of line.matchAll(TEST_NAME)) parts.push(m[2]);
  for (const m of line.matchAll(OPENAPI_TEXT)) parts.push(m[2]);
  return parts;
}

function sectionPointers(line: string): string[] {
  const found = SECTION_POINTERS.filter(({ re }) => re.test(line)).map(({ what }) => what);
  for (const text of commentTexts(line)) {
    for (const { re, what } of COMMENT_SECTION_POINTERS) if (re.test(text)) found.push(what);
  }
  for (const m of line.matchAll(TEST_NAME)) {
    if (TEST_NAME_START.test(m[2])) found.push('a test name that starts with a spec section (name the rule instead)');
  }
  return [...new Set(found)];
}

// `docs/<page>.md` or `README.md`, optionally with `#anchor`, not part of a longer path.
const DOC_POINTER = /(?<![\w./-])((?:docs\/[\w./-]+?|README)\.md)(?:#([\p{L}\p{N}_-]+))?/gu;
// A markdown link target inside docs/: `](page.md#anchor)`, `](#anchor)`.
const MD_LINK = /\]\(([^)\s#]*)(?:#([^)\s]*))?\)/g;

const posix = (path: string) => path.split(sep).join('/');

function walk(dir: string, out: string[]): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (SKIPPED.test(posix(relative(ROOT, path)))) continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (TEXT_FILE.test(name)) out.push(posix(relative(ROOT, path)));
  }
  return out;
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2. */
function slugsOf(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .toLowerCase();
    const base = text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

const slugCache = new Map<string, Set<string> | null>();
function anchorsOf(file: string): Set<string> | null {
  if (!slugCache.has(file)) {
    const path = join(ROOT, file);
    slugCache.set(file, existsSync(path) && statSync(path).isFile() ? slugsOf(readFileSync(path, 'utf8')) : null);
  }
  return slugCache.get(file) ?? null;
}

const problems: string[] = [];

function checkTarget(where: string, file: string, anchor: string | undefined) {
  const anchors = anchorsOf(file);
  if (anchors === null) problems.push(`${where}: ${file} does not exist`);
  else if (anchor !== undefined && !anchors.has(anchor)) problems.push(`${where}: ${file} has no heading #${anchor}`);
}

// An entry of the allow file is a whole file (`path`) or one leftover line of it (`path: text ->
// target`: the lines of `path` that contain `text`, and the docs pointer they should get, which
// must exist). Lines starting with `#` are comments.
interface Allowance {
  entry: string;
  file: string;
  text: string | null;
  used: boolean;
}
const allowances: Allowance[] = [];
if (existsSync(join(ROOT, ALLOW_FILE))) {
  readFileSync(join(ROOT, ALLOW_FILE), 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const entry = raw.trim();
      if (entry === '' || entry.startsWith('#')) return;
      const where = `${ALLOW_FILE}:${i + 1}`;
      const colon = entry.indexOf(': ');
      if (colon < 0) {
        allowances.push({ entry, file: entry, text: null, used: false });
        return;
      }
      const arrow = entry.lastIndexOf(' -> ');
      if (arrow < colon) {
        problems.push(`${where}: a leftover line needs its target: \`path: text -> docs/<page>.md#<heading>\``);
        return;
      }
      const target = entry.slice(arrow + 4);
      const pointers = [...target.matchAll(DOC_POINTER)];
      if (pointers.length === 0) problems.push(`${where}: the target names no docs/<page>.md or README.md: ${target}`);
      for (const m of pointers) checkTarget(where, m[1], m[2]);
      allowances.push({ entry, file: entry.slice(0, colon), text: entry.slice(colon + 2, arrow), used: false });
    });
}

const files = [...SCANNED_DIRS.flatMap((d) => walk(join(ROOT, d), [])), ...SCANNED_FILES].filter((f) => !SELF.has(f));
for (const file of files) {
  if (!existsSync(join(ROOT, file))) continue;
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    const outside = [
      ...OUTSIDE_POINTERS.filter(({ re }) => re.test(line)).map(({ what }) => what),
      ...sectionPointers(line),
    ];
    if (outside.length > 0) {
      const covering = allowances.filter((a) => a.file === file && (a.text === null || line.includes(a.text)));
      for (const a of covering) a.used = true;
      if (covering.length === 0) {
        problems.push(`${where}: points outside the repository, to ${outside.join('; ')}: ${line.trim()}`);
      }
    }
    for (const m of line.matchAll(DOC_POINTER)) checkTarget(where, m[1], m[2]);
  });
}
for (const a of allowances) {
  if (!a.used) {
    problems.push(`${ALLOW_FILE}: "${a.entry}" matches no outside pointer any more (or the file is gone): remove it`);
  }
}

// Links between the docs pages themselves, relative to the page.
for (const file of walk(join(ROOT, 'docs'), []).filter((f) => f.endsWith('.md'))) {
  let fenced = false;
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced) return;
      for (const m of line.matchAll(MD_LINK)) {
        const [, target, anchor] = m;
        if (/^[a-z]+:/i.test(target)) continue;
        const resolved = target === '' ? file : posix(normalize(join(dirname(file), target)));
        if (target === '' || resolved.endsWith('.md')) checkTarget(`${file}:${i + 1}`, resolved, anchor);
        else if (!existsSync(join(ROOT, resolved))) problems.push(`${file}:${i + 1}: ${resolved} does not exist`);
      }
    });
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`check-doc-links: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-doc-links: ${files.length} files and docs/ checked, every pointer stays in the repository`);

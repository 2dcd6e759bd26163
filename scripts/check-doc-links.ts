// `npm run lint` step: the repository stands on its own. Comments, test names and the README
// point to the project's docs (`docs/<page>.md#<heading>`, README.md#<heading>) or to the
// OpenAPI document, never to files that live outside the repository (the team's shared API and
// architecture notes, the spec chapters, `../shared`). This fails on such a pointer, and on a
// `docs/...md#anchor` pointer (or a link inside docs/) whose file or heading does not exist, so a
// renamed heading cannot silently strand the comments that cite it.
//
// scripts/doc-links-allow.txt lists files still allowed to hold outside pointers (leftovers of a
// branch not merged yet). An entry whose file no longer has any also fails, so the list shrinks
// to empty instead of hiding new pointers.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

const ROOT = process.cwd();
const SCANNED_DIRS = ['src', 'adapters', 'scripts', 'test', 'bench'];
const SCANNED_FILES = ['README.md'];
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|md)$/;
const SKIPPED = /(^|\/)node_modules\/|\.generated\.ts$/;
const SELF = 'scripts/check-doc-links.ts';
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

const allowed = new Set(
  existsSync(join(ROOT, ALLOW_FILE))
    ? readFileSync(join(ROOT, ALLOW_FILE), 'utf8')
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean)
    : [],
);
const allowedAndUsed = new Set<string>();

const files = [...SCANNED_DIRS.flatMap((d) => walk(join(ROOT, d), [])), ...SCANNED_FILES].filter((f) => f !== SELF);
for (const file of files) {
  if (!existsSync(join(ROOT, file))) continue;
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    const outside = OUTSIDE_POINTERS.filter(({ re }) => re.test(line)).map(({ what }) => what);
    if (outside.length > 0 && allowed.has(file)) allowedAndUsed.add(file);
    else if (outside.length > 0) {
      problems.push(`${where}: points outside the repository, to ${outside.join('; ')}: ${line.trim()}`);
    }
    for (const m of line.matchAll(DOC_POINTER)) checkTarget(where, m[1], m[2]);
  });
}
for (const file of allowed) {
  if (!allowedAndUsed.has(file)) {
    problems.push(`${ALLOW_FILE}: ${file} has no outside pointer any more (or is gone): remove it from the list`);
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

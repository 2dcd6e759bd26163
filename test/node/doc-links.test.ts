// The doc-links step of `npm run lint` (scripts/check-doc-links.ts), run as CI runs it on a small
// tree made here: every form in which comments cited the spec's sections fails it, ordinary
// numbers do not, and scripts/doc-links-allow.txt lets a listed leftover line through only while
// it is still there and its target heading exists.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/env';

const REPO = join(import.meta.dirname, '..', '..');
const SCRIPT = join(REPO, 'scripts', 'check-doc-links.ts');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

// Each line is a file of its own, so a problem's `file:line` says which case it is.
const SPEC_POINTERS = [
  '// Consumption (spec 1.4): the status of a line.',
  '// The identifier normaliser (imports 2.3, data-model E.7).',
  '// Dashboard cards (allocation-and-reports 3.4).',
  '// The one schema (data-model Part F).',
  '// Orders import (imports 3): rows grouped by shop and order id.',
  '// Imports 13: products add 12.',
  '// Scan colours (allocation 4 "Scan station").',
  '// Judged on all lines of an order (3.2, 7.15).',
  '// Print commits (5.1-5.4).',
  '// Within the ordered days (3.1 item 3).',
  '// in this filter context (5.2 history key).',
  '/** Legacy timestamps (A.9) to epoch ms. */',
  ' * every order-id alias of section 3.',
  "describe('1.6 Example A - priority and threshold', () => {});",
  "describe('status badges (allocation 1.5 labels)', () => {});",
  "const s = z.string().openapi({ description: 'Displayed status (1.5)' });",
  '// Day-first or month-first (README "Where chapters meet").',
];

const ORDINARY = [
  'expect(cell.value).toBe(1.5);',
  '// Two imports 3 seconds apart still count as two.',
  '// 50,000 open lines over 2,000 SKUs (allocation of a year).',
  '// Waits a little (1.5 s) before the retry.',
  '// The fraction keeps its zeros (0.00123).',
  '// The reading caps (issue 17, 19.0).',
  '// 1234 (DP-SCAN 5',
  '// Legacy security holes W1-W14; choice A8 of the conversion.',
  '// Consumption: docs/domain/rules.md#consumption.',
];

function tree(files: Record<string, string>, allow = ''): string {
  const root = tempDir('doc-links-');
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('docs/domain/rules.md', '# Rules\n\n## Consumption\n\nText.\n');
  write('scripts/doc-links-allow.txt', allow);
  for (const [path, text] of Object.entries(files)) write(path, text);
  return root;
}

function check(root: string): { status: number | null; out: string } {
  const run = spawnSync(TSX, [SCRIPT], { cwd: root, encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('scripts/check-doc-links.ts: spec sections', () => {
  it('fails on every form of spec-section pointer, one problem per line', () => {
    const files = Object.fromEntries(SPEC_POINTERS.map((line, i) => [`src/p${i}.ts`, `${line}\n`]));
    const { status, out } = check(tree(files));
    expect(status).toBe(1);
    for (let i = 0; i < SPEC_POINTERS.length; i++) {
      expect(out, SPEC_POINTERS[i]).toContain(`src/p${i}.ts:1: points outside the repository`);
    }
    expect(out).toContain(`check-doc-links: ${SPEC_POINTERS.length} problem(s)`);
  });

  it('passes ordinary numbers, in-repository labels and docs pointers', () => {
    const files = Object.fromEntries(ORDINARY.map((line, i) => [`src/o${i}.ts`, `${line}\n`]));
    const { status, out } = check(tree(files));
    expect(out).toContain('every pointer stays in the repository');
    expect(status).toBe(0);
  });
});

describe('scripts/doc-links-allow.txt: leftover lines', () => {
  const files = { 'src/left.ts': '// Orders benchmark (spec 6): 50,000 lines.\n// Consumption (spec 1.4).\n' };

  it('lets a listed line through and still reports the file’s other pointers', () => {
    const allow = 'src/left.ts: Orders benchmark (spec 6) -> docs/domain/rules.md#consumption\n';
    const { status, out } = check(tree(files, allow));
    expect(status).toBe(1);
    expect(out).not.toContain('src/left.ts:1:');
    expect(out).toContain('src/left.ts:2: points outside the repository');
  });

  it('refuses an entry whose target heading is missing, and one that matches nothing any more', () => {
    const allow = [
      'src/left.ts: Orders benchmark (spec 6) -> docs/domain/rules.md#no-such-heading',
      'src/left.ts: Consumption (spec 1.4) -> docs/domain/rules.md#consumption',
      'src/left.ts: already repointed (spec 2) -> docs/domain/rules.md#consumption',
    ].join('\n');
    const { status, out } = check(tree(files, allow));
    expect(status).toBe(1);
    expect(out).toContain('scripts/doc-links-allow.txt:1: docs/domain/rules.md has no heading #no-such-heading');
    expect(out).toContain('"src/left.ts: already repointed (spec 2) -> docs/domain/rules.md#consumption" matches no');
    expect(out).toContain('check-doc-links: 2 problem(s)');
  });
});

// Browser tests drive Debian's chromium through playwright-core: no browser is ever downloaded
// (.ci/run installs the `chromium` package when it is missing). One browser per test file;
// pages are reused inside a file, so the whole suite stays quick.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '..', 'artifacts', 'screenshots');

/** A fresh headless chromium. playwright gives every launch its own temporary user-data-dir. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium fonts-thai-tlwg; .ci/run does)`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Problems a page reports by itself: CSP violations (chromium logs each as a console error),
 * script errors and failed requests. A test asserts this list is empty.
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    // A 403/404 page is itself an answer with an error status, which chromium logs; anything
    // else logged as an error (a CSP refusal above all) is a problem.
    if (
      msg.type() === 'error' &&
      !msg.text().startsWith('Failed to load resource: the server responded with a status of')
    )
      problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document')
      problems.push(`${response.status()}: ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText}`),
  );
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

export async function newPage(
  browser: Browser,
  opts: { javaScriptEnabled?: boolean; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: { width: opts.width ?? 1280, height: 800 },
    locale: 'th-TH',
  });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}

/** axe-core on the page as it stands: the serious and critical violations, one line each. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} - ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A full-page screenshot at 1280 and at 800 px wide (tablet): artifacts/screenshots/<name>-<width>.png. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  const original = page.viewportSize();
  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 800 });
    const file = join(SCREENSHOT_DIR, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  if (original) await page.setViewportSize(original);
  return files;
}

/** Whether the self-hosted Sarabun is what the page's Thai text is drawn with. */
export async function thaiFontLoaded(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const loaded = [...document.fonts].filter(
      (f) => f.family.replaceAll('"', '') === 'Sarabun' && f.status === 'loaded',
    );
    return loaded.length > 0 && document.fonts.check('16px Sarabun', 'ภาษาไทย');
  });
}

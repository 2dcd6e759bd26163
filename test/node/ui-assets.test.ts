// The static files of the pages are one generated module (scripts/asset-files.ts), so that Node,
// the worker and vitest all serve them without a file system. It must never be stale, and what
// it serves must be the very bytes of the sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, tempDir } from '../support/env';
import { serverPool } from '../support/spawn-server';
import {
  ASSET_SOURCES,
  ASSETS_MODULE,
  FONT_FILES,
  FONT_FILES_DIR,
  renderAssetsModule,
} from '../../scripts/asset-files';
import { ASSET_FILES, ASSET_URLS } from '../../src/ui/assets.generated';

describe('bundled page assets', () => {
  it('is not stale: regenerating it from src/ui/assets/ and the font package gives the committed file (npm run assets)', () => {
    expect(readFileSync(ASSETS_MODULE, 'utf8')).toBe(renderAssetsModule());
  });

  it('holds the stylesheet, the script and every font file byte for byte', () => {
    const js = Object.entries(ASSET_FILES).find(([name]) => name.endsWith('.js'))![1];
    expect(js.body).toBe(readFileSync(join(ASSET_SOURCES, 'app.js'), 'utf8'));
    for (const name of FONT_FILES) {
      const bundled = Object.entries(ASSET_FILES).find(([file]) =>
        file.startsWith(name.replace('-normal.woff2', '.')),
      )![1];
      expect(Buffer.from(bundled.body, 'base64').equals(readFileSync(join(FONT_FILES_DIR, name))), name).toBe(true);
    }
    expect(Object.keys(ASSET_FILES)).toHaveLength(FONT_FILES.length + 2);
  });

  it('names each file by its content hash, and every logical URL points at a bundled file', () => {
    for (const [file, asset] of Object.entries(ASSET_FILES)) expect(file).toContain(`.${asset.hash}.`);
    for (const url of Object.values(ASSET_URLS))
      expect(Object.keys(ASSET_FILES)).toContain(url.replace('/assets/', ''));
  });

  it('the served stylesheet refers only to bundled fonts, never to another host', () => {
    const css = ASSET_FILES[ASSET_URLS['app.css'].replace('/assets/', '')].body;
    const urls = [...css.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1].replaceAll('"', ''));
    expect(urls).toHaveLength(FONT_FILES.length);
    for (const url of urls) expect(Object.keys(ASSET_FILES)).toContain(url.replace('/assets/', ''));
    expect(css).not.toMatch(/https?:|@import/);
  });
});

describe('the built server (dist/server.js)', () => {
  const pool = serverPool();
  afterEach(() => pool.killAll());

  it('serves the pages and their files from the bundle, as Docker runs it', async () => {
    const dir = tempDir();
    const server = await pool.start(
      { DATABASE_PATH: join(dir, 'data.db'), ADMIN_PASSWORD, COOKIE_SECURE: 'false', NODE_ENV: 'development' },
      dir,
    );
    const login = await fetch(`${server.url}/login`);
    const html = await login.text();
    expect(login.status).toBe(200);
    expect(html).toContain('<h1 id="login-title">เข้าสู่ระบบ</h1>');
    expect((await fetch(`${server.url}/`, { redirect: 'manual' })).headers.get('location')).toBe('/login');
    for (const url of Object.values(ASSET_URLS)) {
      const res = await fetch(`${server.url}${url}`);
      expect(res.status, url).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).length).toBeGreaterThan(1000);
    }
  });
});

// Log lines that show a URL show it without user info or credential parameters (issue 19.4): a
// DATABASE_URL with `user:password@` made fetch refuse the request, and the start-up refusal
// quoted fetch's message, password included. The real server process, its real output.
import { describe, expect, it } from 'vitest';
import { freePort, spawnServer } from '../support/spawn-server';
import { tempDir } from '../support/env';

describe('URLs in log lines', () => {
  it('a DATABASE_URL with user:password@ is refused at start-up without printing the password', async () => {
    const port = await freePort();
    const s = await spawnServer(
      {
        DATABASE_URL: `http://dbuser:Db-Secret-77x@127.0.0.1:${port}/db?authToken=Tok-Secret-88y`,
        ADMIN_PASSWORD: 'unused-Long-Password-1',
      },
      { cwd: tempDir('wms-urls-'), waitForListen: false },
    );
    const { code } = await s.exited;
    expect(code).toBe(1);
    const out = s.output();
    expect(out).toContain(`Database path: http://127.0.0.1:${port}/db`);
    expect(out).toMatch(new RegExp(`unreachable: .*http://127\\.0\\.0\\.1:${port}/`));
    for (const secret of ['Db-Secret-77x', 'Tok-Secret-88y', 'dbuser']) expect(out).not.toContain(secret);
  });
});

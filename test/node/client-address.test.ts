// The client address behind (or without) a proxy, on the real server process with real sockets:
// what the throttle counts and the audit log records is one address, and a client cannot choose
// it (issue 18). The trusted-proxy cases without sockets run on every target in
// test/api/auth.suite.ts and test/node/auth-throttle.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { randomPassword, tempDir } from '../support/env';
import { serverPool, type Spawned } from '../support/spawn-server';

const pool = serverPool();
afterEach(() => pool.killAll());

const adminPassword = randomPassword();

async function start(env: Record<string, string> = {}) {
  // `::` listens on both stacks: IPv4 clients arrive as ::ffff:127.0.0.1.
  return pool.start({ ADMIN_PASSWORD: adminPassword, COOKIE_SECURE: 'false', HOST: '::', ...env }, tempDir('wms-ip-'));
}

async function signIn(s: Spawned, host: '127.0.0.1' | '[::1]', username: string, password: string, xff?: string) {
  const res = await fetch(`http://${host}:${s.port}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(xff === undefined ? {} : { 'x-forwarded-for': xff }) },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function failedSignInAddresses(s: Spawned, token: string): Promise<Record<string, string>> {
  const res = await fetch(`http://127.0.0.1:${s.port}/api/admin/audit?action=auth.login_failed&limit=500`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { items: { username: string; ip: string }[] };
  return Object.fromEntries(body.items.map((r) => [r.username, r.ip]));
}

describe('client address without a trusted proxy', () => {
  it('a spoofed X-Forwarded-For changes nothing: the socket address is counted and audited, over IPv4 and IPv6', async () => {
    const s = await start();
    const admin = await signIn(s, '[::1]', 'admin', adminPassword);
    expect(admin.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await signIn(s, '127.0.0.1', `spray-${i}`, randomPassword(), `198.51.100.${i + 1}`)).status);
    }
    // 20 failures from the one real address lock it, whatever the header said.
    expect(statuses).toEqual([...Array(20).fill(401), 429]);
    expect((await signIn(s, '127.0.0.1', 'admin', adminPassword, '198.51.100.200')).status).toBe(429);
    // Another address (the IPv6 loopback) is not locked.
    expect((await signIn(s, '[::1]', 'admin', adminPassword, '127.0.0.1')).status).toBe(200);
    const addresses = await failedSignInAddresses(s, admin.body.token);
    for (let i = 0; i < 20; i++) expect(addresses[`spray-${i}`]).toBe('127.0.0.1');
  });
});

describe('client address behind a trusted proxy (TRUST_PROXY=true, one hop)', () => {
  it('a malformed entry falls back to the socket address; IPv4 and IPv6 entries are used', async () => {
    const s = await start({ TRUST_PROXY: 'true' });
    const admin = await signIn(s, '127.0.0.1', 'admin', adminPassword, '192.0.2.10');
    expect(admin.status).toBe(200);
    const cases: [string, string, string][] = [
      ['ipv4', '203.0.113.9, 192.0.2.44', '192.0.2.44'],
      ['ipv6', '203.0.113.9, 2001:DB8::A', '2001:db8::a'],
      ['mapped', '::ffff:192.0.2.45', '192.0.2.45'],
      ['word', '192.0.2.46, not-an-ip', '127.0.0.1'],
      ['port', '192.0.2.47:5678', '127.0.0.1'],
      ['bracket', '[2001:db8::b]', '127.0.0.1'],
      ['host', 'proxy.internal', '127.0.0.1'],
      ['blank', '192.0.2.48, ', '127.0.0.1'],
    ];
    for (const [name, xff] of cases)
      expect((await signIn(s, '127.0.0.1', `probe-${name}`, randomPassword(), xff)).status).toBe(401);
    const addresses = await failedSignInAddresses(s, admin.body.token);
    for (const [name, , expected] of cases) expect(addresses[`probe-${name}`], name).toBe(expected);
  });
});

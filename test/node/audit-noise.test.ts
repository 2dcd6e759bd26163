// Rows anyone can add to the audit log (failed sign-ins, denied calls) and the owner's own
// address, with the Node target's settable clock (issue 19.6, 19.7): repeats coalesce per clock
// minute, those rows and only those expire after AUDIT_KEEP_DAYS, and an address keeps its
// "signed in here" standing for 30 days. The clock-free parts run on every target in
// test/api/auth.suite.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { randomPassword } from '../support/env';
import { fileTarget } from '../support/targets';
import { bearer, createAccount, fromIp, newRequestId, send, uniqueName, type Account } from '../support/auth-helpers';

const SEC = 1000;
const DAY = 24 * 3600 * SEC;
// A whole minute (UTC), so "same minute" below is exact.
const T0 = Date.UTC(2025, 5, 2, 3, 0, 0);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function target(env: Record<string, string> = {}) {
  const t = await fileTarget({ env: { TRUST_PROXY: 'true', ...env } });
  open.push(t);
  return t;
}

type T = Awaited<ReturnType<typeof target>>;

const signIn = (t: T, account: Pick<Account, 'username' | 'password'>, ip: string, requestId?: string) =>
  send(t, 'POST', '/api/auth/token', { body: { username: account.username, password: account.password }, headers: fromIp(ip), requestId });

async function rows(t: T, where: string, args: (string | number)[] = []) {
  const res = await t.sql.execute({ sql: `SELECT at, action, ip, request_id, details FROM audit_log WHERE ${where} ORDER BY id`, args });
  return res.rows.map((r) => ({ at: Number(r.at), action: String(r.action), ip: r.ip, requestId: r.request_id, details: JSON.parse(String(r.details)) }));
}

describe('coalescing', () => {
  it('one row per action, username, address and reason per clock minute, with a count, the last time and the last request id', async () => {
    const t = await target();
    const ghost = { username: uniqueName('ghost'), password: randomPassword() };
    const ids: string[] = [];
    for (const offset of [5, 20, 59]) {
      t.clock!.now = T0 + offset * SEC;
      const id = newRequestId();
      ids.push(id);
      expect((await signIn(t, ghost, '203.0.113.20', id)).status).toBe(401);
    }
    t.clock!.now = T0 + 60 * SEC; // the next minute
    expect((await signIn(t, ghost, '203.0.113.20')).status).toBe(401);
    t.clock!.now = T0 + 61 * SEC; // same minute, another address
    expect((await signIn(t, ghost, '203.0.113.21')).status).toBe(401);
    const got = await rows(t, "action = 'auth.login_failed' AND username = ?", [ghost.username]);
    expect(got.map((r) => [r.at, r.ip, r.details.count, r.details.reason])).toEqual([
      [T0 + 5 * SEC, '203.0.113.20', 3, 'unknown_user'],
      [T0 + 60 * SEC, '203.0.113.20', 1, 'unknown_user'],
      [T0 + 61 * SEC, '203.0.113.21', 1, 'unknown_user'],
    ]);
    expect(got[0].details.lastAt).toBe(new Date(T0 + 59 * SEC).toISOString());
    expect(got[0].requestId).toBe(ids[2]);
  });

  it('a locked attempt is its own row (another reason), and denied calls coalesce per route', async () => {
    const t = await target();
    t.clock!.now = T0;
    const api = new ApiClient(t);
    const user = await createAccount(api, 'user');
    const staffToken = await api.token('staff');
    for (let i = 0; i < 7; i++) await signIn(t, { username: user.username, password: randomPassword() }, '203.0.113.30');
    const failed = await rows(t, "action = 'auth.login_failed' AND username = ?", [user.username]);
    expect(failed.map((r) => [r.details.reason, r.details.count])).toEqual([
      ['wrong_password', 5],
      ['locked', 2],
    ]);
    for (const path of ['/api/admin/users', '/api/admin/users', '/api/admin/audit']) {
      expect((await send(t, 'GET', path, { headers: { ...bearer(staffToken), ...fromIp('203.0.113.31') } })).status).toBe(403);
    }
    const denied = await rows(t, "action = 'access.denied' AND ip = '203.0.113.31'");
    expect(denied.map((r) => r.details.count)).toEqual([2, 1]);
  });
});

describe('retention (AUDIT_KEEP_DAYS)', () => {
  it('failed sign-ins and denied calls older than 365 days go when a new one is written; writes and downloads stay', async () => {
    const t = await target();
    t.clock!.now = T0;
    const api = new ApiClient(t);
    await createAccount(api, 'user'); // writes user.create
    expect((await api.put('/api/stock/KEEP-1', { qty: 3 }, 'staff')).status).toBe(200); // stock.set
    expect((await api.get('/api/admin/export')).status).toBe(200); // data.export (a download)
    expect((await api.get('/api/admin/users', 'staff')).status).toBe(403); // access.denied
    await signIn(t, { username: 'nobody-old', password: randomPassword() }, '203.0.113.40'); // auth.login_failed
    const before = await rows(t, 'at = ?', [T0]);
    const actions = (list: { action: string }[]) => [...new Set(list.map((r) => r.action))].sort();
    expect(actions(before)).toEqual(['access.denied', 'auth.login', 'auth.login_failed', 'data.export', 'stock.set', 'user.create']);

    t.clock!.now = T0 + 364 * DAY;
    await signIn(t, { username: 'nobody-new', password: randomPassword() }, '203.0.113.41');
    expect(actions(await rows(t, 'at = ?', [T0]))).toEqual(actions(before));

    t.clock!.now = T0 + 366 * DAY;
    await signIn(t, { username: 'nobody-newer', password: randomPassword() }, '203.0.113.41');
    expect(actions(await rows(t, 'at = ?', [T0]))).toEqual(['auth.login', 'data.export', 'stock.set', 'user.create']);
    expect((await rows(t, "action = 'auth.login_failed'")).map((r) => r.at)).toEqual([T0 + 364 * DAY, T0 + 366 * DAY]);
  });

  it('AUDIT_KEEP_DAYS changes the age', async () => {
    const t = await target({ AUDIT_KEEP_DAYS: '30' });
    t.clock!.now = T0;
    await signIn(t, { username: 'nobody-1', password: randomPassword() }, '203.0.113.50');
    t.clock!.now = T0 + 31 * DAY;
    await signIn(t, { username: 'nobody-2', password: randomPassword() }, '203.0.113.50');
    expect((await rows(t, "action = 'auth.login_failed'")).map((r) => r.at)).toEqual([T0 + 31 * DAY]);
  });
});

describe("the owner's address", () => {
  it('keeps its standing for 30 days after a successful sign-in, then a lock applies to it too', async () => {
    const t = await target();
    const api = new ApiClient(t);
    const recent = await createAccount(api, 'user');
    const stale = await createAccount(api, 'user');
    t.clock!.now = T0;
    expect((await signIn(t, recent, '198.18.1.1')).status).toBe(200);
    expect((await signIn(t, stale, '198.18.1.2')).status).toBe(200);
    t.clock!.now = T0 + 29 * DAY;
    for (let i = 0; i < 5; i++) await signIn(t, { username: recent.username, password: randomPassword() }, '203.0.113.60');
    expect((await signIn(t, recent, '198.18.9.9')).status).toBe(429);
    expect((await signIn(t, recent, '198.18.1.1')).status).toBe(200);
    t.clock!.now = T0 + 31 * DAY;
    for (let i = 0; i < 5; i++) await signIn(t, { username: stale.username, password: randomPassword() }, '203.0.113.61');
    expect((await signIn(t, stale, '198.18.1.2')).status).toBe(429);
  });

  it('failures from the owner\'s address still lock it (5 own typos), without needing anyone else\'s', async () => {
    const t = await target();
    const owner = await createAccount(new ApiClient(t), 'user');
    t.clock!.now = T0;
    expect((await signIn(t, owner, '198.18.2.1')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn(t, { username: owner.username, password: randomPassword() }, '198.18.2.1')).status).toBe(401);
    expect((await signIn(t, owner, '198.18.2.1')).status).toBe(429);
  });
});

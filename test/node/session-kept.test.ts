// Sessions kept while nothing was committed (docs/domain/auth.md#sessions): on a local file a
// signed-in request whose token was looked up since the last commit reads nothing for its session,
// and any commit - a logout, a role or password change, a disabled account, or a change written by
// another connection that never touched the data version - is seen by the very next request.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../support/api-client';
import { fileTarget, remoteTarget } from '../support/targets';
import { randomPassword } from '../support/env';

type FileTarget = Awaited<ReturnType<typeof fileTarget>>;

/** A fresh account of `role`, signed in: its token, id and username. */
async function signedIn(api: ApiClient, role: 'staff' | 'user') {
  const username = `kept-${Math.random().toString(36).slice(2, 8)}`;
  const password = randomPassword();
  const created = await api.post('/api/admin/users', { username, password, role });
  expect(created.status).toBe(201);
  const res = await api.raw('POST', '/api/auth/token', { username, password }, 'anonymous');
  expect(res.status).toBe(200);
  return { token: res.body.token as string, id: created.body.user.id as number, username };
}

const get = (target: FileTarget, path: string, token: string) =>
  target.fetch(path, { headers: { authorization: `Bearer ${token}` } });

describe('sessions kept on a local file', () => {
  let target: FileTarget;
  let api: ApiClient;
  beforeAll(async () => {
    target = await fileTarget();
    api = new ApiClient(target);
    await api.token('admin');
  });
  afterAll(async () => {
    await target?.close();
  });

  /** Signs in and makes two requests, so the session is kept when the test changes something. */
  async function kept(role: 'staff' | 'user') {
    const account = await signedIn(api, role);
    for (let i = 0; i < 2; i++) expect((await get(target, '/api/auth/me', account.token)).status).toBe(200);
    return account;
  }

  it('a second request with the same token, nothing committed between, reads nothing for its session', async () => {
    const { token } = await signedIn(api, 'user');
    const lookups = vi.spyOn(target.storage!, 'readKeptRow');
    try {
      expect((await get(target, '/api/auth/me', token)).status).toBe(200);
      const first = lookups.mock.calls.length;
      expect(first).toBe(1);
      const again = await get(target, '/api/auth/me', token);
      expect(again.status).toBe(200);
      expect((await again.json()).user.role).toBe('user');
      expect(lookups.mock.calls.length).toBe(first);
    } finally {
      lookups.mockRestore();
    }
  });

  it('logout ends a kept session at the next request', async () => {
    const { token } = await kept('user');
    const out = await target.fetch('/api/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBeLessThan(300);
    expect((await get(target, '/api/auth/me', token)).status).toBe(401);
  });

  it('a role change, a password reset and disabling the account end a kept session', async () => {
    const demoted = await kept('staff');
    expect((await api.patch(`/api/admin/users/${demoted.id}`, { role: 'user' })).status).toBe(200);
    expect((await get(target, '/api/auth/me', demoted.token)).status).toBe(401);

    const reset = await kept('user');
    expect((await api.post(`/api/admin/users/${reset.id}/password`, { password: randomPassword() })).status).toBe(200);
    expect((await get(target, '/api/auth/me', reset.token)).status).toBe(401);

    const disabled = await kept('user');
    expect((await api.delete(`/api/admin/users/${disabled.id}`)).status).toBe(200);
    expect((await get(target, '/api/auth/me', disabled.token)).status).toBe(401);
  });

  it('a change written by another connection, without a data version, is seen by the next request', async () => {
    const staff = await kept('staff');
    expect((await get(target, '/api/shops', staff.token)).status).toBe(200);
    // Role lowered behind the service's back: the token stays valid, its rights do not.
    await target.sql.execute({ sql: "UPDATE users SET role = 'user' WHERE id = ?", args: [staff.id] });
    const shops = await get(target, '/api/shops', staff.token);
    expect(shops.status).toBe(403);
    expect((await (await get(target, '/api/auth/me', staff.token)).json()).user.role).toBe('user');

    await target.sql.execute({ sql: 'UPDATE users SET disabled = 1 WHERE id = ?', args: [staff.id] });
    expect((await get(target, '/api/auth/me', staff.token)).status).toBe(401);
  });
});

describe('sessions on a remote database', () => {
  it('are looked up on every request: the mark would cost a round trip of its own', async () => {
    const target = await remoteTarget();
    try {
      const api = new ApiClient(target);
      const token = await api.token('user');
      const lookups = () => target.server!.stats.statements.filter((s) => s.includes('revoked_sessions')).length;
      const headers = { authorization: `Bearer ${token}` };
      expect((await target.fetch('/api/auth/me', { headers })).status).toBe(200);
      const before = lookups();
      expect((await target.fetch('/api/auth/me', { headers })).status).toBe(200);
      expect(lookups()).toBe(before + 1);
    } finally {
      await target.close();
    }
  });
});

// User ids are SQLite rowids: after a hard delete of the newest user, the next account gets the
// same id and token version 0. A token of the deleted account must not sign in as the new one.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { fileTarget } from '../support/targets';
import { randomPassword } from '../support/env';

describe('sessions across a reused user id', () => {
  it('refuses the old token of a hard-deleted user for the new account that got its id', async () => {
    const target = await fileTarget();
    const api = new ApiClient(target);
    const start = Date.now() + 3_600_000;
    target.clock!.now = start;
    const password = randomPassword();
    const first = await api.post('/api/admin/users', { username: 'temp-worker', password, role: 'admin' });
    const issued = await api.post('/api/auth/token', { username: 'temp-worker', password }, 'anonymous');
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const oldToken = issued.body.token;
    const me = await target.fetch('/api/auth/me', { headers: { authorization: `Bearer ${oldToken}` } });
    expect(me.status).toBe(200);

    expect((await api.delete(`/api/admin/users/${first.body.user.id}?hard=true`)).status).toBe(200);
    target.clock!.now = start + 5000;
    const second = await api.post('/api/admin/users', {
      username: 'new-packer',
      password: randomPassword(),
      role: 'user',
    });
    expect(second.body.user.id).toBe(first.body.user.id);

    const reused = await target.fetch('/api/auth/me', { headers: { authorization: `Bearer ${oldToken}` } });
    expect(reused.status).toBe(401);
    await target.close();
  });
});

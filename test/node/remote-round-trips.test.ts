// A warm read of the read model on a remote database: the data version read on arrival and the
// session lookup go out together, not one after the other (src/app.ts `admitted`): each is a
// round trip, and the issue asks the remote adapter to stay within 3x of the file adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { remoteTarget } from '../support/targets';

describe('remote round trips of a warm read', () => {
  let target: Awaited<ReturnType<typeof remoteTarget>>;
  let api: ApiClient;
  beforeAll(async () => {
    target = await remoteTarget();
    api = new ApiClient(target);
    await api.token('user');
  });
  afterAll(async () => {
    await target?.close();
  });

  for (const path of ['/api/dashboard', '/api/orders?limit=50']) {
    it(`${path}: the session is looked up while the version read is still out`, async () => {
      expect((await api.get(path, 'user')).status).toBe(200);
      const stats = target.server!.stats;
      const held = target.server!.hold(/SELECT version FROM data_version/);
      const from = stats.statements.length;
      const answer = api.get(path, 'user');
      await held.reached;
      // Give the session lookup time to arrive if it was sent.
      for (let i = 0; i < 50 && !stats.statements.slice(from).some((s) => s.includes('revoked_sessions')); i++)
        await new Promise((r) => setTimeout(r, 10));
      const seen = stats.statements.slice(from);
      held.release();
      expect(seen.some((s) => s.includes('revoked_sessions'))).toBe(true);
      const res = await answer;
      expect(res.status).toBe(200);
    });
  }

  it('a token that no longer resolves is still refused on a model read', async () => {
    const res = await api.target.fetch('/api/dashboard', { headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
  });
});

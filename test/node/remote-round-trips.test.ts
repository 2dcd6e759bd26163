// A warm read of the read model on a remote database: the data version it takes on arrival and
// its session come from one statement, one round trip (src/app.ts `admitted`); they were two, and
// the issue asks the remote adapter to stay within 3x of the file adapter.
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
    it(`${path}: one statement in all, reading the version and the session`, async () => {
      expect((await api.get(path, 'user')).status).toBe(200);
      const stats = target.server!.stats;
      const from = stats.statements.length;
      expect((await api.get(path, 'user')).status).toBe(200);
      // The whole warm read: nothing else to ask once the model is at that version.
      const seen = stats.statements.slice(from);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toContain('revoked_sessions');
      expect(seen[0]).toContain('data_version');
    });
  }

  it('a token that no longer resolves is still refused on a model read', async () => {
    const res = await api.target.fetch('/api/dashboard', { headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
  });
});

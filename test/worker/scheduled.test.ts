// The worker's cron trigger (wrangler.toml `0 12 * * *` = 19:00 Asia/Bangkok) takes the daily
// scheduled backup into the database, once per day however often it fires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerTarget, type Target } from '../support/targets';
import { ApiClient } from '../support/api-client';

describe('worker cron trigger', () => {
  let target: Target;
  beforeAll(async () => {
    target = await workerTarget();
  });
  afterAll(async () => {
    await target?.close();
  });

  it('takes one scheduled ndjson backup per day, restorable through the API', async () => {
    const api = new ApiClient(target);
    await api.token('admin');
    const scheduled = async () =>
      (
        await target.sql.execute(
          `SELECT name, format, storage, length(content) AS size FROM backups WHERE kind = 'scheduled'`,
        )
      ).rows;
    expect(await scheduled()).toEqual([]);
    await target.scheduled!(new Date());
    const first = await scheduled();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ format: 'ndjson', storage: 'db' });
    expect(Number(first[0].size)).toBeGreaterThan(0);
    await target.scheduled!(new Date());
    expect(await scheduled()).toHaveLength(1);
    const audit = await api.get('/api/admin/audit?action=backup.create&limit=5');
    expect(audit.body.items.some((a: any) => a.username === 'system' && a.targetId === first[0].name)).toBe(true);
    const restored = await api.post(`/api/admin/restore/from-backup/${first[0].name}?dryRun=true`);
    expect(restored.status).toBe(200);
  });
});

// /health answers from memory while a healthy probe is fresh (issue 13): under a burst of
// requests every await queues it behind the others' work, so a healthy answer is kept for a
// second; an unhealthy one never is, so a problem and its end show at once.
import { afterAll, describe, expect, it } from 'vitest';
import { remoteTarget } from '../support/targets';

describe('/health from memory', () => {
  const targets: Awaited<ReturnType<typeof remoteTarget>>[] = [];
  afterAll(async () => {
    for (const t of targets) await t.close();
  });

  it('a second call within a second sends the database nothing; the answer is the same', async () => {
    const target = await remoteTarget();
    targets.push(target);
    const first = await target.fetch('/health');
    expect(first.status).toBe(200);
    const before = target.server!.stats.statements.length;
    const second = await target.fetch('/health');
    expect(second.status).toBe(200);
    expect(target.server!.stats.statements.length).toBe(before);
    const { uptimeS: _a, ...a } = (await first.json()) as Record<string, unknown>;
    const { uptimeS: _b, ...b } = (await second.json()) as Record<string, unknown>;
    expect(b).toEqual(a);
    expect(b).toMatchObject({ status: 'ok', db: 'ok', schema: 'current', setup: 'done' });
  });

  it('draining is never answered from memory', async () => {
    const target = await remoteTarget();
    targets.push(target);
    expect((await target.fetch('/health')).status).toBe(200);
    target.parts.deps.lifecycle.draining = true;
    const res = await target.fetch('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', reason: 'draining' });
  });
});

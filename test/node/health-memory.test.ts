// /health answers from memory while a healthy probe is fresh (issue 13): under a burst of
// requests every await queues it behind the others' work, so a healthy answer is kept for a
// second, and for a few more while one probe runs in the background; an unhealthy one never is,
// so a problem shows at the call after the probe that found it
// (docs/domain/data-safety.md#health-and-system-status).
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
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

  it('a call carrying a session token looks nothing up for it: /health needs no login', async () => {
    const target = await remoteTarget();
    targets.push(target);
    const token = await new ApiClient(target).token('admin');
    const headers = { authorization: `Bearer ${token}` };
    expect((await target.fetch('/health', { headers })).status).toBe(200);
    const before = target.server!.stats.statements.length;
    const res = await target.fetch('/health', { headers });
    expect(res.status).toBe(200);
    expect(target.server!.stats.statements.slice(before)).toEqual([]);
  });

  it('after a second, a call answers from memory while one probe runs; a failed probe shows at the next call', async () => {
    const target = await remoteTarget();
    targets.push(target);
    expect((await target.fetch('/health')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    // The database is slow: the probe is held at its SELECT 1.
    const held = target.server!.hold(/SELECT 1/);
    const probes = () => target.server!.stats.statements.filter((s) => s === 'SELECT 1').length;
    const before = probes();
    const during = await Promise.race([
      target.fetch('/health'),
      new Promise<'waited'>((r) => setTimeout(() => r('waited'), 500)),
    ]);
    expect(during).not.toBe('waited');
    expect((during as Response).status).toBe(200);
    await held.reached;
    // More calls while it runs start no second probe.
    for (let i = 0; i < 3; i++) expect((await target.fetch('/health')).status).toBe(200);
    held.release();
    await new Promise((r) => setTimeout(r, 100));
    expect(probes() - before).toBe(1);

    // The database goes away: the call after the failed probe answers 503 with the reason.
    await new Promise((r) => setTimeout(r, 1100));
    await target.server!.close();
    const stale = await target.fetch('/health');
    expect(stale.status).toBe(200);
    let res = stale;
    for (let i = 0; i < 40 && res.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await target.fetch('/health');
    }
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', reason: 'database_unreachable', db: 'error' });
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

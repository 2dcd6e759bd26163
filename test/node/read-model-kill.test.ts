// kill -9 between a write and its read-model update loses nothing (issue 13): the model is
// brought up to date when it is read, from the change feed that commits with the write, so a
// process killed right after answering a write leaves nothing behind for the next reader, be it
// the next process on the same file, or another instance on the same remote database (where
// the feed is the only way it learns of the write). Real spawned servers (dist/server.js).
//
// The data, worked by hand (docs/domain/allocation.md#processing-order,
// docs/domain/allocation.md#consumption): SKU KIL-A has 6 in stock; order KIL-1 (Shopee, 2 pieces)
// comes first and is READY_ACCEPT with 4 left (more than 3), so it is in กอง 1; order KIL-2
// (Lazada, 5 pieces) meets 4: NOT_ENOUGH, กอง 3. Accepting KIL-1 changes nothing in stock but makes
// it ACCEPTED and takes it out of กอง 1 (no accepted line allowed there).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, tempDir } from '../support/env';
import { startLibsqlHttpServer } from '../support/libsql-http-server';
import { callServer, serverPool, stopWith, type Spawned } from '../support/spawn-server';

const pool = serverPool();
afterEach(() => pool.killAll());

const tokenOf = async (s: Spawned) =>
  (await callServer(s, 'POST', '/api/auth/token', undefined, { username: 'admin', password: ADMIN_PASSWORD })).body
    .token as string;
const csv = (rows: string[][]) => {
  const form = new FormData();
  form.append(
    'file',
    new Blob([new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n')]),
    'data.csv',
  );
  return form;
};

async function seed(s: Spawned, token: string) {
  expect(
    (
      await callServer(
        s,
        'POST',
        '/api/imports/stock?mode=partial',
        token,
        csv([
          ['รหัสสินค้า', 'คงเหลือ'],
          ['KIL-A', '6'],
        ]),
      )
    ).status,
  ).toBe(200);
  const orders = (platform: string, no: string, qty: string) => {
    const form = csv([
      ['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า', 'จำนวน', 'วันที่สั่งซื้อ'],
      [`Kill ${platform}`, no, 'KIL-A', qty, '03/03/2568 09:00'],
    ]);
    form.append('platform', platform);
    return form;
  };
  expect((await callServer(s, 'POST', '/api/imports/orders', token, orders('Shopee', 'KIL-1', '2'))).status).toBe(200);
  expect((await callServer(s, 'POST', '/api/imports/orders', token, orders('Lazada', 'KIL-2', '5'))).status).toBe(200);
}

async function lines(
  s: Spawned,
  token: string,
): Promise<Record<string, { id: number; status: string; pile: number | null }>> {
  const res = await callServer(s, 'GET', '/api/orders?view=all&q=KIL-&limit=50', token);
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.items.map((i: any) => [i.orderNo, { id: i.id, status: i.status, pile: i.pile }]));
}

const ready = async (s: Spawned, token: string) =>
  (await callServer(s, 'GET', '/api/dashboard?q=KIL-', token)).body.cards.ORDER_READY.orders as number;

/** Accept KIL-1 and kill the process the moment the answer arrives: its model never saw the write. */
async function acceptAndKill(s: Spawned, token: string, lineId: number) {
  const accepted = await callServer(s, 'POST', '/api/orders/actions/accept', token, { ids: [lineId] });
  expect((await stopWith(s, 'SIGKILL')).signal).toBe('SIGKILL');
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ affected: 1, linesAffected: 1 });
}

describe('kill -9 between a write and the read-model update', () => {
  it('the next process on the same file reads the write', async () => {
    const dir = tempDir('wms-kill-model-');
    const env = { DATABASE_PATH: join(dir, 'data.db'), ADMIN_PASSWORD, NODE_ENV: 'test', COOKIE_SECURE: 'false' };
    const first = await pool.start(env, dir);
    const token = await tokenOf(first);
    await seed(first, token);
    const before = await lines(first, token);
    expect(before['KIL-1']).toMatchObject({ status: 'READY_ACCEPT', pile: 1 });
    expect(before['KIL-2']).toMatchObject({ status: 'NOT_ENOUGH', pile: 3 });
    expect(await ready(first, token)).toBe(1);
    await acceptAndKill(first, token, before['KIL-1'].id);

    const second = await pool.start(env, dir);
    const after = await lines(second, token);
    expect(after['KIL-1']).toMatchObject({ status: 'ACCEPTED', pile: null });
    expect(after['KIL-2']).toMatchObject({ status: 'NOT_ENOUGH', pile: 3 });
    expect(await ready(second, token)).toBe(0);
  });

  it('another instance on the same remote database reads the write of the killed one through the change feed', async () => {
    const server = await startLibsqlHttpServer({ path: join(tempDir(), 'remote.db') });
    try {
      const env = { DATABASE_URL: server.url, ADMIN_PASSWORD, NODE_ENV: 'test', COOKIE_SECURE: 'false' };
      const writer = await pool.start(env, tempDir('wms-a-'));
      const token = await tokenOf(writer);
      await seed(writer, token);
      const reader = await pool.start(env, tempDir('wms-b-'));
      // The reader's model is built and at the version before the accept.
      const before = await lines(reader, token);
      expect(before['KIL-1']).toMatchObject({ status: 'READY_ACCEPT', pile: 1 });
      expect(await ready(reader, token)).toBe(1);

      await acceptAndKill(writer, token, before['KIL-1'].id);
      const after = await lines(reader, token);
      expect(after['KIL-1']).toMatchObject({ status: 'ACCEPTED', pile: null });
      expect(after['KIL-2']).toMatchObject({ status: 'NOT_ENOUGH', pile: 3 });
      expect(await ready(reader, token)).toBe(0);
    } finally {
      await server.close();
    }
  });
});

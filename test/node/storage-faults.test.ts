// Storage faults as the drivers really raise them (issue 11 item 12): SQLite's own errors through
// the libSQL client, wrapped by drizzle as the services see them, map to their codes with the
// driver's words for the log line and never the bound values.
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storageFaultError } from '../../src/storage-faults';
import { rootCauseMessage, storageFaultOf } from '../../src/storage';

import { tempDir } from '../support/env';

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('storage faults from real SQLite errors', () => {
  it('read-only, full and busy map to 503 storage_read_only, 507 storage_full and 503 storage_busy; the log text keeps no bound value', async () => {
    const path = join(tempDir('wms-faults-'), 'data.db');
    const setup = createClient({ url: `file:${path}` });
    await setup.execute('PRAGMA journal_mode = WAL');
    await setup.execute('CREATE TABLE t (secret TEXT)');

    // Read-only: the file opened through a SQLite URI with mode=ro, the write wrapped by drizzle.
    const readOnly = createClient({ url: `file:${encodeURIComponent(`file:${path}?mode=ro`)}` });
    const roError = await failureOf(() =>
      drizzle(readOnly).run(sql`INSERT INTO t (secret) VALUES (${'hunter2-password'})`),
    );
    expect(storageFaultOf(roError)).toBe('read_only');
    expect(rootCauseMessage(roError)).toMatch(/^SQLITE_READONLY/);
    expect(rootCauseMessage(roError)).not.toContain('hunter2');
    expect(storageFaultError('read_only')).toMatchObject({ status: 503, code: 'storage_read_only' });
    readOnly.close();

    // Full: max_page_count at the current size.
    const full = createClient({ url: `file:${path}` });
    const pages = Number((await full.execute('PRAGMA page_count')).rows[0][0]);
    await full.execute(`PRAGMA max_page_count = ${pages}`);
    const fullError = await failureOf(() =>
      drizzle(full).run(
        sql`INSERT INTO t (secret) SELECT ${'x'.repeat(5000)} FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)`,
      ),
    );
    expect(storageFaultOf(fullError)).toBe('full');
    expect(storageFaultError('full')).toMatchObject({ status: 507, code: 'storage_full' });
    full.close();

    // Busy: another connection holds the write lock and this one does not wait.
    const holder = await setup.transaction('write');
    await holder.execute("INSERT INTO t (secret) VALUES ('held')");
    const impatient = createClient({ url: `file:${path}`, timeout: 0 });
    const busyError = await failureOf(() => drizzle(impatient).run(sql`INSERT INTO t (secret) VALUES (${'later'})`));
    expect(storageFaultOf(busyError)).toBe('busy');
    const busy = storageFaultError('busy');
    expect(busy).toMatchObject({ status: 503, code: 'storage_busy', headers: { 'Retry-After': '5' } });
    for (const e of [storageFaultError('full'), busy, storageFaultError('read_only')])
      expect(e.message).toMatch(/[\u0E00-\u0E7F]/);
    await holder.rollback();
    impatient.close();
    setup.close();

    // Anything else is not a storage fault (it stays a 500 with its stack in the log).
    expect(storageFaultOf(new Error('UNIQUE constraint failed: t.secret'))).toBeNull();
    expect(storageFaultOf(Object.assign(new Error('write failed'), { code: 'ENOSPC' }))).toBe('full');
  });
});

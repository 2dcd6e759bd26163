// Leases: a row per job name that only one holder may own until it expires, so that two
// processes or isolates never run the same job (migrations, the daily backup) at once.
import { sql } from 'drizzle-orm';
import type { StoragePort } from '../../storage';

async function leasesTableExists(storage: StoragePort): Promise<boolean> {
  const rs = await storage.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leases'");
  return rs.rows.length > 0;
}

/**
 * Runs `fn` while holding the lease, or returns `{ acquired: false }` when another holder has
 * it. Before the schema exists there is no lease table; a second runner then fails atomically
 * inside its migration batch instead.
 */
export async function withLease<T>(
  storage: StoragePort,
  name: string,
  ttlMs: number,
  now: () => number,
  fn: () => Promise<T>,
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  if (!(await leasesTableExists(storage))) return { acquired: true, result: await fn() };
  const holder = crypto.randomUUID();
  const t = now();
  const got = await storage.transaction(async (tx) => {
    // Take the lease when free or expired; the affected-row count says whether we got it.
    const result = await tx.run(sql`
      INSERT INTO leases (name, holder, expires_at, acquired_at) VALUES (${name}, ${holder}, ${t + ttlMs}, ${t})
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, acquired_at = excluded.acquired_at
      WHERE leases.expires_at < ${t}`);
    return result.rowsAffected === 1;
  });
  if (!got) return { acquired: false };
  try {
    return { acquired: true, result: await fn() };
  } finally {
    await storage.transaction(async (tx) => {
      await tx.run(sql`DELETE FROM leases WHERE name = ${name} AND holder = ${holder}`);
    });
  }
}

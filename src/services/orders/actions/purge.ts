// Purge: deletes trashed orders for good, after a pre_purge backup (no backup, no purge).
import { sql } from 'drizzle-orm';
import { checkActionOnOrder } from '../../../domain/piles';
import { AppError } from '../../../errors';
import type { StoragePort } from '../../../storage';
import { chunks } from '../../../lib/chunks';
import { forChunks, KEYS_PER_STATEMENT } from './sql';
import { defineAction } from './types';

/** Orders a purge would delete now (read before the backup; re-checked in the transaction). */
async function purgeCandidates(storage: StoragePort, lineIds: number[]): Promise<number> {
  let n = 0;
  for (const part of chunks([...new Set(lineIds)], KEYS_PER_STATEMENT)) {
    const rs = await storage.execute(
      `SELECT count(DISTINCT l.order_id) FROM order_lines l JOIN order_markers m ON m.order_id = l.order_id AND m.kind = 'trashed'
        WHERE l.id IN (${part.map(() => '?').join(', ')})`,
      part,
    );
    n += Number(rs.rows[0][0]);
  }
  return n;
}

export const purge = defineAction({
  before: async ({ storage, lineIds, actor, backup }) => {
    if ((await purgeCandidates(storage, lineIds)) === 0) return null;
    try {
      return await backup('pre_purge', actor);
    } catch {
      throw new AppError('backup_failed', 'สำรองข้อมูลก่อนลบถาวรไม่สำเร็จ จึงยังไม่ได้ลบข้อมูลใด ๆ กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ');
    }
  },
  check: (order) => checkActionOnOrder('purge', order),
  apply: ({ tx, ids }) =>
    forChunks(ids, async (inIds) => {
      // Explicit children first: the result must not depend on the adapter enforcing FKs.
      await tx.run(sql`UPDATE print_job_orders SET order_id = NULL WHERE order_id IN (${inIds})`);
      await tx.run(sql`DELETE FROM order_print_counters WHERE order_id IN (${inIds})`);
      await tx.run(sql`DELETE FROM order_markers WHERE order_id IN (${inIds})`);
      await tx.run(sql`DELETE FROM order_lines WHERE order_id IN (${inIds})`);
      await tx.run(sql`DELETE FROM orders WHERE id IN (${inIds})`);
    }),
  audit: ({ backup }) => (backup ? { backup: backup.name } : {}),
});

// Long work (an import, a restore) stops at the next batch when the service starts shutting down
// (docs/domain/data-safety.md#graceful-shutdown): it throws 503 shutting_down inside its one
// transaction, which rolls back, so the process can exit within Railway's drain time instead of
// being killed mid-write.
import { AppError } from '../../errors';
import type { Lifecycle } from '../status';

export const SHUTTING_DOWN_MESSAGE = 'ระบบกำลังปิดเพื่ออัปเดต กรุณาลองใหม่อีกครั้งในอีกสักครู่';

export const shuttingDown = () =>
  new AppError('shutting_down', `${SHUTTING_DOWN_MESSAGE} (งานนี้ถูกยกเลิกและไม่มีข้อมูลใดถูกบันทึก)`, [], {
    headers: { 'Retry-After': '5' },
  });

/** How often a long operation lets the event loop run (a pending SIGTERM handler among it). */
const YIELD_EVERY_MS = 25;

export type Checkpoint = () => Promise<void>;

/**
 * A checkpoint between batches. The libSQL driver's calls are synchronous and a chain of resolved
 * promises never gives the event loop a turn, so a signal would wait for the whole operation:
 * every YIELD_EVERY_MS the checkpoint yields a macrotask turn, then throws if draining began.
 */
export function shutdownCheckpoint(lifecycle: Lifecycle): Checkpoint {
  let last = Date.now();
  return async () => {
    if (Date.now() - last >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = Date.now();
    }
    if (lifecycle.draining) throw shuttingDown();
  };
}

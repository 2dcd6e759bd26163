// Storage faults answered clearly (docs/domain/data-safety.md#storage-faults): a full volume is 507
// storage_full, another writer holding the database is 503 storage_busy with Retry-After, a
// database that cannot be written is 503 storage_read_only. The port recognises the fault
// (src/storage.ts); this is what the service makes of it.
import { AppError } from './errors';
import { storageFaultOf, type Db, type SqlExecutor, type StorageFault, type StoragePort } from './storage';

/** Seconds a client should wait before retrying a write that met another writer. */
export const STORAGE_BUSY_RETRY_AFTER_S = 5;

export function storageFaultError(fault: StorageFault): AppError {
  switch (fault) {
    case 'full':
      return new AppError(
        'storage_full',
        'พื้นที่จัดเก็บข้อมูลเต็ม จึงบันทึกไม่ได้และไม่มีข้อมูลใดถูกเปลี่ยน กรุณาเพิ่มพื้นที่ว่าง (เช่น ลบไฟล์สำรองเก่า) หรือขยายขนาด volume แล้วลองใหม่ ระหว่างนี้ยังดูข้อมูลและดาวน์โหลดข้อมูลได้ตามปกติ',
      );
    case 'busy':
      return new AppError(
        'storage_busy',
        'ฐานข้อมูลกำลังถูกใช้งานโดยงานอื่น จึงยังบันทึกไม่ได้และไม่มีข้อมูลใดถูกเปลี่ยน กรุณาลองใหม่ในอีกสักครู่',
        [{ retryAfterS: STORAGE_BUSY_RETRY_AFTER_S }],
        { headers: { 'Retry-After': String(STORAGE_BUSY_RETRY_AFTER_S) } },
      );
    case 'read_only':
      return new AppError('storage_read_only', 'ฐานข้อมูลเขียนไม่ได้ (อ่านได้อย่างเดียว) จึงไม่มีข้อมูลใดถูกเปลี่ยน กรุณาแจ้งผู้ดูแลระบบ');
  }
}

/**
 * What this process has seen of the volume: full for a while after a write failed with
 * SQLITE_FULL / ENOSPC. Small writes may still fit while an import does not, so a success does
 * not end it; the episode ends FULL_HOLD_MS after the last such failure. Health and system
 * status report it (docs/domain/data-safety.md#storage-faults).
 */
export interface StorageCondition {
  isFull(): boolean;
  /** The last write that failed for lack of space (epoch ms), or null. */
  lastFullAt: number | null;
  noteFault(error: unknown): StorageFault | null;
}

export const FULL_HOLD_MS = 5 * 60_000;

export function createStorageCondition(clock: () => number): StorageCondition {
  const condition: StorageCondition = {
    lastFullAt: null,
    isFull: () => condition.lastFullAt !== null && clock() - condition.lastFullAt < FULL_HOLD_MS,
    noteFault(error) {
      const fault = storageFaultOf(error);
      if (fault === 'full') condition.lastFullAt = clock();
      return fault;
    },
  };
  return condition;
}

/** The same port, with every write that fails for lack of space noted in `condition`. */
export function watchWrites(storage: StoragePort, condition: StorageCondition): StoragePort {
  const watched = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      condition.noteFault(error);
      throw error;
    }
  };
  // Everything else (db, kind, reads, snapshot, close) is the adapter's own, through the prototype.
  const overrides: Pick<StoragePort, 'transaction' | 'batch'> = {
    transaction<T>(fn: (tx: Db, sql: SqlExecutor) => Promise<T>): Promise<T> {
      return watched(() => storage.transaction(fn));
    },
    batch: (statements) => watched(() => storage.batch(statements)),
  };
  return Object.assign(Object.create(storage) as StoragePort, overrides);
}

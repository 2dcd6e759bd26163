// Storage faults answered clearly (API.md "Errors"): a full volume is 507 storage_full, another
// writer holding the database is 503 storage_busy with Retry-After, a database that cannot be
// written is 503 storage_read_only. Runtime-neutral: the codes come from SQLite (through the
// libSQL drivers, often wrapped by drizzle) or from Node's file system (ENOSPC).
import { AppError } from './errors';
import type { Db, SqlExecutor, StoragePort } from './storage';

export type StorageFault = 'full' | 'busy' | 'read_only';

/** Seconds a client should wait before retrying a write that met another writer. */
export const STORAGE_BUSY_RETRY_AFTER_S = 5;

const FULL = /SQLITE_FULL|ENOSPC|database or disk is full|no space left on device/i;
// "cannot commit transaction - SQL statements in progress" is SQLite's SQLITE_BUSY text too.
const BUSY =
  /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked|database schema is locked|SQL statements in progress/i;
const READ_ONLY = /SQLITE_READONLY|attempt to write a readonly database/i;

/** The storage fault behind an error (its cause chain is searched: drizzle wraps driver errors). */
export function storageFaultOf(error: unknown): StorageFault | null {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const text = `${String(current.code ?? '')} ${String(current.message ?? '')}`;
    if (FULL.test(text)) return 'full';
    if (BUSY.test(text)) return 'busy';
    if (READ_ONLY.test(text)) return 'read_only';
    current = current.cause as typeof current;
  }
  return null;
}

/**
 * The driver's own words with its code (`SQLITE_FULL: database or disk is full`), without
 * drizzle's "Failed query: <sql> params: <values>" wrapper: bound values never reach a log.
 */
export function rootCauseMessage(error: unknown): string {
  let current = error as { message?: string; code?: unknown; cause?: unknown } | undefined;
  let code: string | null = null;
  for (;;) {
    if (!code && typeof current?.code === 'string' && /^(SQLITE_|E[A-Z]+$)/.test(current.code)) code = current.code;
    if (!(current?.cause instanceof Error)) break;
    current = current.cause as typeof current;
  }
  const message = String(current?.message ?? error).split('\n')[0];
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

export function storageFaultError(fault: StorageFault): AppError {
  switch (fault) {
    case 'full':
      return new AppError(
        507,
        'storage_full',
        'พื้นที่จัดเก็บข้อมูลเต็ม จึงบันทึกไม่ได้และไม่มีข้อมูลใดถูกเปลี่ยน กรุณาเพิ่มพื้นที่ว่าง (เช่น ลบไฟล์สำรองเก่า) หรือขยายขนาด volume แล้วลองใหม่ ระหว่างนี้ยังดูข้อมูลและดาวน์โหลดข้อมูลได้ตามปกติ',
      );
    case 'busy':
      return new AppError(
        503,
        'storage_busy',
        'ฐานข้อมูลกำลังถูกใช้งานโดยงานอื่น จึงยังบันทึกไม่ได้และไม่มีข้อมูลใดถูกเปลี่ยน กรุณาลองใหม่ในอีกสักครู่',
        [{ retryAfterS: STORAGE_BUSY_RETRY_AFTER_S }],
        { 'Retry-After': String(STORAGE_BUSY_RETRY_AFTER_S) },
      );
    case 'read_only':
      return new AppError(
        503,
        'storage_read_only',
        'ฐานข้อมูลเขียนไม่ได้ (อ่านได้อย่างเดียว) จึงไม่มีข้อมูลใดถูกเปลี่ยน กรุณาแจ้งผู้ดูแลระบบ',
      );
  }
}

/**
 * What this process has seen of the volume: full for a while after a write failed with
 * SQLITE_FULL / ENOSPC. Small writes may still fit while an import does not, so a success does
 * not end it; the episode ends FULL_HOLD_MS after the last such failure. Health and system
 * status report it (API.md "Health").
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

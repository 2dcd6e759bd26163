// Idempotent print commits (docs/domain/reports.md#print-ledger, docs/api.md#writes): the client
// sends a key made once per page; a repeated key changes nothing and answers with the job it
// already made, warning the user.
import { canonicalHash } from './snapshot';
import type { ReportKind } from './types';

export const DUPLICATE_PRINT_WARNING = 'ตรวจพบการส่งซ้ำ ระบบจึงไม่บวกจำนวนครั้งพิมพ์เพิ่ม';
export const KEY_REUSED_MESSAGE = 'รหัสคำขอนี้ถูกใช้กับงานพิมพ์อื่นแล้ว กรุณาโหลดหน้าใหม่';

/** The print job already stored under the key (print_jobs.idempotency_key). */
export interface StoredPrintKey {
  printJobId: number;
  kind: ReportKind;
  printedByUserId: number | null;
  /** printRequestHash of the request that made it; null for legacy jobs. */
  requestHash: string | null;
}

export interface PrintKeyRequest {
  kind: ReportKind;
  userId: number | null;
  requestHash: string;
}

export type IdempotencyDecision =
  | { action: 'proceed' }
  /** Answer with the stored job; no counter, marker, record or audit of a new print. */
  | { action: 'replay'; printJobId: number; warning: string; sameRequest: boolean }
  | { action: 'conflict'; status: 409; code: 'idempotency_key_reused'; message: string };

/**
 * The decision for a key: new -> proceed; the same report's job by the same user -> replay, even
 * if the body differs (a repeated key changes nothing); another report's or another
 * user's job -> conflict, since replaying it would answer with someone else's paper.
 * A refused print (409, 403) stores no job, so its key stays usable for the corrected retry.
 */
export function decideIdempotency(stored: StoredPrintKey | null, req: PrintKeyRequest): IdempotencyDecision {
  if (stored === null) return { action: 'proceed' };
  if (stored.kind !== req.kind || stored.printedByUserId !== req.userId) {
    return { action: 'conflict', status: 409, code: 'idempotency_key_reused', message: KEY_REUSED_MESSAGE };
  }
  return {
    action: 'replay',
    printJobId: stored.printJobId,
    warning: DUPLICATE_PRINT_WARNING,
    sameRequest: stored.requestHash === req.requestHash,
  };
}

/** Fingerprint of a print request (ids and SKUs as sets, filters canonical). */
export function printRequestHash(req: {
  kind: ReportKind;
  ids: readonly number[] | null;
  skus: readonly string[] | null;
  filters: Record<string, unknown> | null;
  override: boolean;
  printJobId?: number | null;
}): string {
  const uniq = <T>(xs: readonly T[] | null, cmp: (a: T, b: T) => number) =>
    xs === null ? null : [...new Set(xs)].sort(cmp);
  return canonicalHash({
    kind: req.kind,
    ids: uniq(req.ids, (a, b) => a - b),
    skus: uniq(req.skus, (a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    // Through JSON first: an absent (undefined) filter and a missing one are the same request.
    filters: req.filters === null ? null : JSON.parse(JSON.stringify(req.filters)),
    override: req.override,
    printJobId: req.printJobId ?? null,
  });
}

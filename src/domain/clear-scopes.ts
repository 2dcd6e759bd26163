// The admin clear scopes (docs/domain/data-safety.md#clear-scopes) and their parameters: which
// scopes exist, their Thai labels, and how a request's dates and targets resolve to Bangkok days.
// Pure: "today" is passed in. What each scope deletes is in src/services/clear/plan.ts.
import { bangkokDayRange, tryIsoDateToEpochDay } from './time';

export const CLEAR_SCOPES = [
  'today',
  'date_range',
  'all',
  'everything',
  'deleted_bin',
  'cancelled',
  'issued',
  'sales',
  'bill_empty_today',
] as const;
export type ClearScope = (typeof CLEAR_SCOPES)[number];

export const CLEAR_TARGETS = ['orders', 'sales', 'issued', 'cancelled', 'deleted'] as const;
export type ClearTarget = (typeof CLEAR_TARGETS)[number];

export const CLEAR_SCOPE_LABELS: Record<ClearScope, string> = {
  today: 'ลบเฉพาะข้อมูลของวันนี้ (ออเดอร์)',
  date_range: 'ลบข้อมูลตามช่วงวันที่ (กำหนดเอง)',
  all: 'ลบข้อมูลออเดอร์ทั้งหมด (ล้างเกลี้ยง)',
  everything: 'ล้างระบบใหม่หมด (All)',
  deleted_bin: 'ล้างถังขยะ (Order ที่ถูกลบ) ทั้งหมด',
  cancelled: 'ลบ Order ยกเลิกทั้งหมด',
  issued: 'ลบ Order จ่ายแล้วทั้งหมด',
  sales: 'ลบข้อมูลใบสั่งขาย (Sales) ทั้งหมด',
  bill_empty_today: 'ยกเลิกสถานะบิลเปล่าที่ import วันนี้',
};

export const CLEAR_TARGET_LABELS: Record<ClearTarget, string> = {
  orders: 'ข้อมูลออเดอร์ (OrderLine)',
  sales: 'ใบสั่งขาย (Sales)',
  issued: 'ประวัติจ่ายงาน (Issued)',
  cancelled: 'ประวัติยกเลิก (Cancelled)',
  deleted: 'ประวัติการลบ (Deleted Log)',
};

export interface ClearRequest {
  scope: ClearScope;
  dateFrom?: string | null;
  dateTo?: string | null;
  targets?: readonly string[] | null;
}

/**
 * A request resolved to what it will act on: `today` becomes a one-day `date_range` on orders,
 * dates become Bangkok instants. Two requests that resolve equal delete the same rows, so the
 * confirmation token is bound to this form (a preview made before midnight cannot confirm a
 * `today` clear after it).
 */
export interface ResolvedClear {
  scope: ClearScope;
  /** Inclusive Bangkok dates, for scopes that take or imply them. */
  dateFrom: string | null;
  dateTo: string | null;
  targets: ClearTarget[];
  /** [Bangkok 00:00 of dateFrom, Bangkok 00:00 of the day after dateTo). */
  range: [number, number] | null;
}

export type ClearProblem = { code: 'invalid_date_range' | 'invalid_targets'; message: string; field: string };

export function resolveClear(
  request: ClearRequest,
  today: string,
): { ok: true; value: ResolvedClear } | { ok: false; problem: ClearProblem } {
  const scope = request.scope;
  if (scope === 'today' || scope === 'bill_empty_today') {
    return {
      ok: true,
      value: {
        scope,
        dateFrom: today,
        dateTo: today,
        targets: scope === 'today' ? ['orders'] : [],
        range: spanOf(today, today),
      },
    };
  }
  if (scope !== 'date_range')
    return { ok: true, value: { scope, dateFrom: null, dateTo: null, targets: [], range: null } };

  const from = request.dateFrom ?? '';
  const to = request.dateTo ?? '';
  for (const [field, value] of [
    ['dateFrom', from],
    ['dateTo', to],
  ] as const) {
    if (tryIsoDateToEpochDay(value) === null) {
      return { ok: false, problem: { code: 'invalid_date_range', field, message: `${field} ต้องเป็นวันที่แบบ YYYY-MM-DD` } };
    }
  }
  if (from > to) {
    return {
      ok: false,
      problem: { code: 'invalid_date_range', field: 'dateFrom', message: 'วันที่เริ่มต้องไม่อยู่หลังวันที่สิ้นสุด' },
    };
  }
  const targets = [...new Set(request.targets ?? [])];
  const unknown = targets.filter((t) => !(CLEAR_TARGETS as readonly string[]).includes(t));
  if (targets.length === 0 || unknown.length > 0) {
    return {
      ok: false,
      problem: {
        code: 'invalid_targets',
        field: 'targets',
        message: `ต้องเลือกอย่างน้อยหนึ่งรายการจาก ${CLEAR_TARGETS.join(', ')}${unknown.length ? ` (ไม่รู้จัก: ${unknown.join(', ')})` : ''}`,
      },
    };
  }
  const ordered = CLEAR_TARGETS.filter((t) => targets.includes(t));
  return { ok: true, value: { scope, dateFrom: from, dateTo: to, targets: ordered, range: spanOf(from, to) } };
}

function spanOf(from: string, to: string): [number, number] {
  return [bangkokDayRange(from)[0], bangkokDayRange(to)[1]];
}

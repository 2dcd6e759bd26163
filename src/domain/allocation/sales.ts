// Interpretation of the SBS (SabuySoft) sales status of an order
// (docs/domain/allocation.md#packed-predicate, docs/domain/allocation.md#allqty-and-sales-text).

const PACKED_WORDS = ['ครบตามจำนวน', 'แพ็คแล้ว', 'packed', 'opened_full'] as const;

export const SALES_TEXT_NOT_IN_SBS = 'Orderยังไม่นำเข้าSBS';
export const SALES_TEXT_NO_INVOICE = 'ยังไม่มีการเปิดใบขาย';

/** The one sales record an order may have (keyed by order number in SBS). */
export interface SalesRecord {
  status: string | null;
}

/** Trimmed, case-insensitive "contains" of any packed word; blank or missing is not packed. */
export function isPackedStatus(text: string | null | undefined): boolean {
  if (text == null) return false;
  const t = text.trim().toLowerCase();
  if (t === '') return false;
  for (const w of PACKED_WORDS) if (t.includes(w)) return true;
  return false;
}

export function isBlankSalesStatus(text: string | null | undefined): boolean {
  return text == null || text.trim() === '';
}

/** Sales text column: no record, blank status, or the status itself (trimmed). */
export function salesText(record: SalesRecord | null | undefined): string {
  if (record == null) return SALES_TEXT_NOT_IN_SBS;
  if (isBlankSalesStatus(record.status)) return SALES_TEXT_NO_INVOICE;
  return (record.status as string).trim();
}

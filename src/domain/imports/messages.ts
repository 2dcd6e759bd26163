// Every import code and its Thai message, in one place
// (docs/domain/imports.md#error-and-warning-codes; messages are Thai). The legacy wording is kept
// where staff know it (ไม่ระบุชื่อร้าน, Order ID ว่างเปล่า, ...).
import type { ImportKind } from './headers';
import { forbiddenCharacterMessage } from '../safe-text';

/** Row errors: the row (and, for orders, its whole order) is rejected. */
export type RowErrorCode =
  | 'missing_order_id'
  | 'missing_sku'
  | 'missing_shop'
  | 'qty_invalid'
  | 'date_invalid'
  | 'id_not_exact'
  | 'field_too_long'
  /** A control or bidi character (safe-text.ts). */
  | 'invalid_characters'
  /** A cell past column XFD: no spreadsheet column can hold it. */
  | 'column_out_of_range';

/** Warnings: imported anyway. Row-level unless noted. */
export type WarningCode =
  | 'line_merged'
  | 'sku_not_in_products'
  | 'duplicate_in_file'
  | 'stock_sku_summed'
  | 'qty_blank_as_zero'
  | 'id_trailing_zero_removed'
  | 'text_truncated'
  /**
   * Sales: the number matches orders in several shops (SBS knows no shop,
   * docs/domain/data-model.md#order-identity).
   */
  | 'order_no_in_several_shops'
  /** File-level. */
  | 'date_month_first'
  /** File-level. */
  | 'order_id_column_assumed'
  /** File-level. */
  | 'platform_mismatch'
  /** File-level. */
  | 'file_already_imported'
  /** File-level. */
  | 'sheet_public_csv'
  /** Orders: the number's pending cancellation was already used by another shop's order. */
  | 'pending_cancellation_already_used';

/**
 * File-level failures: nothing is read further, nothing written (422; 400 for the platform; 413
 * when the file inflates past a size cap, limits.ts).
 */
export type FileErrorCode =
  | 'unsupported_type'
  | 'unreadable_file'
  | 'missing_columns'
  | 'wrong_file_kind'
  | 'too_many_rows'
  | 'invalid_platform'
  | 'file_too_large_inflated'
  | 'cell_too_long'
  | 'too_many_columns';

export type ImportCode = RowErrorCode | WarningCode | FileErrorCode;

export type MessageParams = Readonly<Record<string, string | number>>;

export const ROW_ERROR_CODES: readonly RowErrorCode[] = [
  'missing_order_id',
  'missing_sku',
  'missing_shop',
  'qty_invalid',
  'date_invalid',
  'id_not_exact',
  'field_too_long',
  'invalid_characters',
  'column_out_of_range',
];

export const WARNING_CODES: readonly WarningCode[] = [
  'line_merged',
  'sku_not_in_products',
  'duplicate_in_file',
  'stock_sku_summed',
  'qty_blank_as_zero',
  'id_trailing_zero_removed',
  'text_truncated',
  'order_no_in_several_shops',
  'date_month_first',
  'order_id_column_assumed',
  'platform_mismatch',
  'file_already_imported',
  'sheet_public_csv',
  'pending_cancellation_already_used',
];

export const FILE_ERROR_CODES: readonly FileErrorCode[] = [
  'unsupported_type',
  'unreadable_file',
  'missing_columns',
  'wrong_file_kind',
  'too_many_rows',
  'invalid_platform',
  'file_too_large_inflated',
  'cell_too_long',
  'too_many_columns',
];

type Template = string | ((p: MessageParams) => string);

const has = (p: MessageParams, k: string): boolean => p[k] !== undefined && p[k] !== '';

const MESSAGES: Readonly<Record<ImportCode, Template>> = {
  missing_order_id: 'ไม่มีเลข Order',
  missing_sku: 'ไม่มีรหัสสินค้า (SKU)',
  missing_shop: 'ไม่ระบุชื่อร้าน',
  qty_invalid: 'จำนวนไม่ถูกต้อง ต้องเป็นจำนวนเต็ม 1–100,000',
  date_invalid: 'วันที่/เวลาไม่ถูกต้อง (รูปแบบที่รับได้ เช่น 15/01/2568 09:12, 2025-01-15 09:12, 15 Jan 2025 10:21)',
  id_not_exact: 'เลขถูกเก็บเป็นตัวเลขและอาจคลาดเคลื่อน กรุณาจัดรูปแบบคอลัมน์เป็นข้อความ (Text)',
  field_too_long: (p) => (has(p, 'max') ? `ข้อมูลยาวเกิน ${p.max} ตัวอักษร` : 'ข้อมูลยาวเกินกำหนด'),
  invalid_characters: (p) => forbiddenCharacterMessage(has(p, 'char') ? String(p.char) : undefined),
  column_out_of_range: (p) => `เซลล์${has(p, 'cell') ? ` ${p.cell}` : ''} อยู่เกินคอลัมน์ XFD ซึ่งเป็นคอลัมน์สุดท้ายของ Excel`,

  line_merged: 'Order และ SKU ซ้ำกับแถวก่อนหน้า รวมจำนวนเป็นรายการเดียว',
  sku_not_in_products: (p) => (has(p, 'sku') ? `SKU ${p.sku} ยังไม่มีในข้อมูลสินค้า` : 'SKU นี้ยังไม่มีในข้อมูลสินค้า'),
  duplicate_in_file: 'ซ้ำกับแถวก่อนหน้าในไฟล์ (รวมเป็นรายการเดียว)',
  stock_sku_summed: (p) => (has(p, 'sku') ? `SKU ${p.sku} ซ้ำในไฟล์ รวมยอดคงเหลือ` : 'SKU ซ้ำในไฟล์ รวมยอดคงเหลือ'),
  qty_blank_as_zero: 'ไม่ระบุจำนวนคงเหลือ นับเป็น 0',
  id_trailing_zero_removed: (p) =>
    has(p, 'from') && has(p, 'to') ? `ตัด .0 ท้ายเลขออก (${p.from} → ${p.to})` : 'ตัด .0 ท้ายเลขออก',
  text_truncated: 'ข้อความยาวเกิน 255 ตัวอักษร ตัดส่วนที่เกินออก',
  order_no_in_several_shops: (p) =>
    `เลข Order ${has(p, 'orderNo') ? `${p.orderNo} ` : ''}ตรงกับออเดอร์ใน ${has(p, 'shops') ? p.shops : 'หลาย'} ร้าน (สถานะจาก SBS ใช้กับทุกร้าน)`,
  date_month_first: (p) =>
    `วันที่${has(p, 'column') ? `ในคอลัมน์ ${p.column}` : ''} อ่านแบบ เดือน/วัน/ปี (มีค่าที่เป็นไปได้เฉพาะแบบนี้)`,
  order_id_column_assumed: 'ไม่พบหัวคอลัมน์เลข Order จึงใช้คอลัมน์ A เป็นเลข Order',
  platform_mismatch: (p) =>
    has(p, 'detected') && has(p, 'chosen')
      ? `หัวคอลัมน์ของไฟล์ตรงกับไฟล์ของ ${p.detected} แต่เลือกแพลตฟอร์ม ${p.chosen} (นำเข้าตามที่เลือก)`
      : 'หัวคอลัมน์ของไฟล์ไม่ตรงกับแพลตฟอร์มที่เลือก (นำเข้าตามที่เลือก)',
  file_already_imported: (p) =>
    `ไฟล์นี้เคยนำเข้าแล้ว${has(p, 'at') ? ` เมื่อ ${p.at}` : ''}${has(p, 'by') ? ` โดย ${p.by}` : ''}`,
  sheet_public_csv: 'อ่านชีตผ่านลิงก์สาธารณะ (CSV) จึงตรวจสอบชื่อ Tab ไม่ได้',
  pending_cancellation_already_used: (p) =>
    `เลข Order ${has(p, 'orderNo') ? `${p.orderNo} ` : ''}มีรายการยกเลิกล่วงหน้าที่ถูกใช้กับออเดอร์ของร้าน ${has(p, 'shop') ? p.shop : 'อื่น'} ไปแล้ว ออเดอร์นี้จึงยังไม่ถูกยกเลิก กรุณาตรวจสอบ`,

  unsupported_type: 'รองรับเฉพาะไฟล์ .xlsx หรือ .csv (กรุณาบันทึกไฟล์ .xls เป็น .xlsx)',
  unreadable_file: 'อ่านไฟล์ไม่ได้ ไฟล์อาจเสียหายหรือไม่ใช่ไฟล์ .xlsx',
  missing_columns: (p) => (has(p, 'fields') ? `ไม่พบคอลัมน์ที่จำเป็น: ${p.fields}` : 'ไม่พบคอลัมน์ที่จำเป็น'),
  wrong_file_kind: 'ไฟล์นี้เป็นไฟล์ Orders ไม่ใช่ไฟล์สต็อก (มีคอลัมน์เลข Order)',
  too_many_rows: 'ไฟล์มีข้อมูลเกิน 100,000 แถว',
  invalid_platform: 'แพลตฟอร์มไม่ถูกต้อง (Shopee, TikTok, Lazada หรือ อื่นๆ)',
  file_too_large_inflated: 'ไฟล์มีขนาดหลังคลายการบีบอัดใหญ่เกินกำหนด ไฟล์อาจเสียหาย กรุณาบันทึกหรือส่งออกไฟล์ใหม่ หรือแบ่งเป็นหลายไฟล์',
  cell_too_long: (p) =>
    `ไฟล์มีเซลล์ที่มีข้อความยาวเกิน ${has(p, 'max') ? p.max : '32,767'} ตัวอักษร${has(p, 'row') ? ` (แถว ${p.row})` : ''} จึงไม่ได้อ่านต่อ`,
  too_many_columns: (p) =>
    `ไฟล์มีคอลัมน์เกิน ${has(p, 'max') ? p.max : '16,384'} คอลัมน์${has(p, 'row') ? ` (แถว ${p.row})` : ''} จึงไม่ได้อ่านต่อ`,
};

/** Wording that differs by kind: the legacy sales page said `Order ID ว่างเปล่า`. */
const KIND_MESSAGES: Partial<Record<ImportKind, Partial<Record<ImportCode, Template>>>> = {
  sales: { missing_order_id: 'Order ID ว่างเปล่า' },
  stock: { qty_invalid: 'จำนวนคงเหลือไม่ถูกต้อง ต้องเป็นจำนวนเต็ม 0–10,000,000' },
};

export const CSV_NOT_UTF8_MESSAGE = 'ไฟล์ CSV ต้องเป็น UTF-8 (ใน Excel เลือก "CSV UTF-8")';

export function importMessage(code: ImportCode, params: MessageParams = {}, kind?: ImportKind): string {
  const template = (kind && KIND_MESSAGES[kind]?.[code]) ?? MESSAGES[code];
  return typeof template === 'string' ? template : template(params);
}

export function isRowError(code: string): code is RowErrorCode {
  return (ROW_ERROR_CODES as readonly string[]).includes(code);
}

export function severityOf(code: RowErrorCode | WarningCode): 'error' | 'warning' {
  return isRowError(code) ? 'error' : 'warning';
}

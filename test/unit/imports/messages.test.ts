import { describe, expect, it } from 'vitest';
import {
  FILE_ERROR_CODES,
  importMessage,
  ROW_ERROR_CODES,
  severityOf,
  WARNING_CODES,
} from '../../../src/domain/imports/messages';

describe('Thai messages for every code', () => {
  it('every row error, warning and file error has a Thai message', () => {
    for (const code of [...ROW_ERROR_CODES, ...WARNING_CODES, ...FILE_ERROR_CODES]) {
      const m = importMessage(code);
      expect(m.length, code).toBeGreaterThan(0);
      expect(m, code).toMatch(/[\u0E00-\u0E7F]/);
      expect(m, code).not.toMatch(/[{}]|undefined/);
    }
  });
  it('the texts the spec fixes', () => {
    expect(importMessage('missing_order_id')).toBe('ไม่มีเลข Order');
    expect(importMessage('missing_sku')).toBe('ไม่มีรหัสสินค้า (SKU)');
    expect(importMessage('missing_shop')).toBe('ไม่ระบุชื่อร้าน');
    expect(importMessage('id_not_exact')).toBe('เลขถูกเก็บเป็นตัวเลขและอาจคลาดเคลื่อน กรุณาจัดรูปแบบคอลัมน์เป็นข้อความ (Text)');
    expect(importMessage('unsupported_type')).toBe('รองรับเฉพาะไฟล์ .xlsx หรือ .csv (กรุณาบันทึกไฟล์ .xls เป็น .xlsx)');
    expect(importMessage('missing_order_id', {}, 'sales')).toBe('Order ID ว่างเปล่า');
  });
  it('parameters are filled in', () => {
    expect(importMessage('sku_not_in_products', { sku: 'AL-STAND-01' })).toContain('AL-STAND-01');
    expect(importMessage('field_too_long', { max: 64 })).toContain('64');
    expect(importMessage('id_trailing_zero_removed', { from: '1001.0', to: '1001' })).toContain('1001.0 → 1001');
  });
  it('severity', () => {
    expect(severityOf('qty_invalid')).toBe('error');
    expect(severityOf('line_merged')).toBe('warning');
  });
});

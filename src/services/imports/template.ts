// Downloadable templates (docs/domain/imports.md#import-kinds): one sheet with the canonical
// headers of the kind (the first alias of each field) and no data rows. Orders keep the legacy
// names: sheet `<platform> Orders`, file `<platform>_Orders_Template.xlsx`; the other kinds name
// the sheet after their Google tab, so the same workbook can be uploaded to a Sheet as it is.
import { templateHeaders } from '../../domain/imports/headers';
import { normalizePlatform } from '../../domain/platform';
import { badRequest } from '../../errors';
import { writeXlsx } from '../../xlsx/write';
import { defaultTab } from './source';
import type { ImportKind } from './types';

const FILE_NAMES: Record<Exclude<ImportKind, 'orders'>, string> = {
  products: 'Products_Template.xlsx',
  stock: 'Stock_Template.xlsx',
  sales: 'Sales_Template.xlsx',
  cancelled: 'Cancelled_Orders_Template.xlsx',
  issued: 'Issued_Orders_Template.xlsx',
  'bill-empty': 'Bill_Empty_Template.xlsx',
};

export function importTemplate(
  kind: ImportKind,
  platformInput?: string | null,
): { fileName: string; bytes: Uint8Array } {
  const headers = templateHeaders(kind);
  let sheet: string;
  let fileName: string;
  if (kind === 'orders') {
    const platform = platformInput ? normalizePlatform(platformInput) : null;
    if (platformInput && !platform)
      throw badRequest('invalid_platform', 'แพลตฟอร์มไม่ถูกต้อง (Shopee, TikTok, Lazada หรือ อื่นๆ)', [
        { field: 'platform', value: platformInput },
      ]);
    sheet = platform ? `${platform} Orders` : 'Orders';
    fileName = platform ? `${platform}_Orders_Template.xlsx` : 'Orders_Template.xlsx';
  } else {
    sheet = defaultTab(kind, null);
    fileName = FILE_NAMES[kind];
  }
  const bytes = writeXlsx([
    { name: sheet, rows: [headers], colWidths: headers.map((h) => Math.max(14, h.length + 4)) },
  ]);
  return { fileName, bytes };
}

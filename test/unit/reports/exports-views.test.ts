// Excel exports of the reports (docs/domain/reports.md#excel-exports) and the issued / trash views
// (docs/domain/reports.md#issued-trash-and-cancelled-views). Headers, sheet and file names are
// copied from the exports table; the workbook is opened again with an independent reader (exceljs).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, referenceDay } from '../../../src/domain/sla';
import { writeXlsx } from '../../../src/xlsx/write';
import {
  bangkokStamp,
  exportFileName,
  exportTable,
  historyFiltersFor,
  markerViewRows,
  NO_PICKING_FILTERS,
  NO_STOCK_REPORT_FILTERS,
  NO_WAREHOUSE_FILTERS,
  orderHistoryRows,
  pickingList,
  planWarehousePrint,
  PICKING_EXPORT,
  PICKING_HISTORY_EXPORT,
  restoreConfirm,
  stockReportExport,
  stockReportHistoryExport,
  stockReportRows,
  unissueConfirm,
  warehousePrintConfirm,
  warehouseRows,
  WAREHOUSE_EXPORT,
  WAREHOUSE_HISTORY_EXPORT,
  ISSUED_VIEW_HEADERS,
  TRASH_VIEW_HEADERS,
  type ExportSpec,
  type MarkerViewFilters,
} from '../../../src/domain/reports';
import { bkk, reportOrders } from './helpers';

const STAMP_AT = bkk('2025-03-03 14:05:09');
const headers = (spec: ExportSpec<never>) => spec.columns.map((c) => c.header);
const cal = new BusinessCalendar([]);
const CTX = { reference: referenceDay(bkk('2025-03-03 10:00'), cal), calendar: cal };

describe('sheets, file names and headers (docs/domain/reports.md#excel-exports)', () => {
  const LOW = [
    'แพลตฟอร์ม',
    'ร้าน',
    'เลข Order',
    'SKU',
    'Brand',
    'ชื่อสินค้า',
    'Stock',
    'Qty',
    'AllQty',
    'เวลาที่ลูกค้าสั่ง',
    'กำหนดส่ง',
    'SLA',
    'ประเภทขนส่ง',
    'จ่ายงาน(รอบที่)',
    'พิมพ์แล้ว(ครั้ง)',
  ];
  const WH = [
    'แพลตฟอร์ม',
    'ร้าน',
    'เลข Order',
    'ประเภทขนส่ง',
    'ผู้กดรับ',
    'Scan Order',
    'จ่ายงาน(รอบที่)',
    'พิมพ์แล้ว(ครั้ง)',
    'วัน/เดือน/ปี/เวลา ที่พิมพ์',
  ];
  const PICK = [
    'แพลตฟอร์ม',
    'ร้าน',
    'SKU',
    'Brand',
    'สินค้า',
    'ต้องหยิบ',
    'สต็อก',
    'ขาด',
    'คงเหลือหลังหยิบ',
    'ประเภทขนส่ง',
    'จ่ายงาน(รอบที่)',
    'พิมพ์แล้ว (ครั้ง)',
  ];
  it.each<[string, ExportSpec<never>, string, string, string[]]>([
    [
      'Warehouse sheet',
      WAREHOUSE_EXPORT as ExportSpec<never>,
      'Warehouse',
      'ใบงานคลัง_Warehouse_20250303_1405.xlsx',
      WH,
    ],
    [
      'Warehouse history',
      WAREHOUSE_HISTORY_EXPORT as ExportSpec<never>,
      'Warehouse History',
      'ใบงานคลังประวัติ_History_20250303_1405.xlsx',
      [...WH, 'สำเนา', 'เปลี่ยนหลังพิมพ์'],
    ],
    [
      'Picking List',
      PICKING_EXPORT as ExportSpec<never>,
      'Picking List',
      'ใบงานหยิบสินค้า_Picking_20250303_1405.xlsx',
      PICK,
    ],
    [
      'Picking history',
      PICKING_HISTORY_EXPORT as ExportSpec<never>,
      'Picking History',
      'ใบงานหยิบสินค้าประวัติ_History_20250303_1405.xlsx',
      PICK,
    ],
    ['Low stock', stockReportExport('lowstock') as ExportSpec<never>, 'LowStock', 'lowstock_20250303_140509.xlsx', LOW],
    ['No stock', stockReportExport('nostock') as ExportSpec<never>, 'NoStock', 'nostock_20250303_140509.xlsx', LOW],
    [
      'Not enough',
      stockReportExport('notenough') as ExportSpec<never>,
      'NotEnough',
      'notenough_20250303_140509.xlsx',
      LOW,
    ],
  ])('%s', (_n, spec, sheet, file, cols) => {
    expect(spec.sheet).toBe(sheet);
    expect(exportFileName(spec, STAMP_AT)).toBe(file);
    expect(headers(spec)).toEqual(cols);
    expect(spec.columns.every((c) => c.width > 0)).toBe(true);
  });
  it('stock report histories: the report columns plus the copy and change marks', () => {
    expect(stockReportHistoryExport('nostock').sheet).toBe('NoStock History');
    expect(exportFileName(stockReportHistoryExport('nostock'), STAMP_AT)).toBe('nostock_history_20250303_140509.xlsx');
    expect(headers(stockReportHistoryExport('nostock') as ExportSpec<never>).slice(-2)).toEqual([
      'สำเนา',
      'เปลี่ยนหลังพิมพ์',
    ]);
  });
  it('stamps are Bangkok time, across midnight too (docs/domain/sla.md#bangkok-time)', () => {
    expect(bangkokStamp(Date.parse('2025-03-03T23:30:05Z'), false)).toBe('20250304_0630');
    expect(bangkokStamp(Date.parse('2025-12-31T16:59:59Z'), true)).toBe('20251231_235959');
  });
});

describe('export rows (docs/domain/reports.md#excel-exports)', () => {
  const d = reportOrders(
    [
      {
        no: 'S-1',
        logistic: 'Kerry',
        dispatchRound: 2,
        scanned: true,
        lines: [{ sku: 'A', qty: 2, accepted: true, acceptedBy: 'nok' }],
        prints: { warehouse: 0 },
      },
      {
        no: 'S-2',
        dispatchRound: 1,
        lines: [
          { sku: 'A', qty: 1, accepted: true },
          { sku: 'B', qty: 4, accepted: true },
        ],
        prints: { warehouse: { count: 1, at: '2025-03-03 15:04' } },
      },
      { no: 'Z-1', platform: 'Other', lines: [{ sku: 'Z', qty: 1 }], nostockRound: 3 },
    ],
    { A: 5, B: 1, Z: 0 },
    { A: { brand: 'Zeta', name: 'Widget' }, Z: { brand: null, name: 'ของหมด' } },
  );
  it('warehouse: text and number cells, `✓ แล้ว` for a scanned order, print time in the display format', () => {
    const t = exportTable(
      WAREHOUSE_EXPORT,
      warehouseRows(d.orders, { ...NO_WAREHOUSE_FILTERS, printCount: null }, true),
    );
    expect(t.rows.slice(1)).toEqual([
      ['Shopee', 'Shop One', 'S-1', 'Kerry', 'nok', '✓ แล้ว', 2, 0, ''],
      ['Shopee', 'Shop One', 'S-2', '', 'somchai', '', 1, 1, '03/03/2568 15:04'],
    ]);
  });
  it('picking: numbers as numbers, a single round as a number, several as `min-max`', () => {
    const t = exportTable(PICKING_EXPORT, pickingList(d.orders, NO_PICKING_FILTERS).rows);
    // S-2 is the only order with its warehouse sheet printed; B has no product row (brand '' sorts first).
    expect(t.rows.slice(1)).toEqual([
      ['Shopee', 'Shop One', 'B', '', '', 4, 1, 3, -3, '', 1, 0],
      ['Shopee', 'Shop One', 'A', 'Zeta', 'Widget', 1, 5, 0, 4, '', 1, 0],
    ]);
    const d2 = reportOrders(
      [
        { no: 'a', dispatchRound: 1, lines: [{ sku: 'A', qty: 1, accepted: true }], prints: { warehouse: 1 } },
        { no: 'b', dispatchRound: 3, lines: [{ sku: 'A', qty: 2, accepted: true }], prints: { warehouse: 1 } },
      ],
      { A: 5 },
      { A: { brand: 'Zeta', name: 'Widget' } },
    );
    expect(exportTable(PICKING_EXPORT, pickingList(d2.orders, NO_PICKING_FILTERS).rows).rows[1]).toEqual([
      'Shopee',
      'Shop One',
      'A',
      'Zeta',
      'Widget',
      3,
      5,
      0,
      2,
      '',
      '1-3',
      0,
    ]);
  });
  it('stock reports: order time, due date and SLA as display text; AllQty; the report round', () => {
    const t = exportTable(
      stockReportExport('nostock'),
      stockReportRows('nostock', d.orders, NO_STOCK_REPORT_FILTERS, CTX),
    );
    expect(t.rows.slice(1)).toEqual([
      ['อื่นๆ', 'Shop One', 'Z-1', 'Z', '', 'ของหมด', 0, 1, 1, '03/03/2568 08:00', '03/03/2568', 'วันนี้', '', 3, 0],
    ]);
  });
  it('an empty result still gives the sheet with its header row', () => {
    const t = exportTable(stockReportExport('lowstock'), []);
    expect(t.rows).toHaveLength(1);
    expect(t.name).toBe('LowStock');
  });
  it('history export: the copy mark and the change flag after the sheet columns', () => {
    const plan = planWarehousePrint(
      d.orders,
      NO_WAREHOUSE_FILTERS,
      { ids: null, override: true },
      { userId: 1, username: 'admin', isAdmin: true },
      bkk('2025-03-03 16:00'),
    );
    if (!plan.ok) throw new Error(plan.code);
    const job = {
      printJobId: 5,
      kind: 'warehouse' as const,
      printedAt: plan.printedAt,
      printedBy: 'admin',
      copies: plan.copies,
      context: null,
      contextCounts: new Map(),
      snapshot: plan.snapshot,
    };
    const rows = orderHistoryRows([job], 'warehouse', historyFiltersFor('2025-03-03')).map((r) => ({
      ...r,
      changed: r.order.orderNo === 'S-2' ? 'เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์' : '',
    }));
    expect(exportTable(WAREHOUSE_HISTORY_EXPORT, rows).rows.slice(1)).toEqual([
      ['Shopee', 'Shop One', 'S-1', 'Kerry', 'nok', '✓ แล้ว', 2, 1, '03/03/2568 16:00', '', ''],
      [
        'Shopee',
        'Shop One',
        'S-2',
        '',
        'somchai',
        '',
        1,
        2,
        '03/03/2568 16:00',
        'สำเนา / COPY 1',
        'เปลี่ยนหลังพิมพ์: ยกเลิกหลังพิมพ์',
      ],
    ]);
  });
  it('opens again in exceljs: sheet name, Thai headers, numbers stay numbers, dates stay text', async () => {
    const t = exportTable(
      stockReportExport('nostock'),
      stockReportRows('nostock', d.orders, NO_STOCK_REPORT_FILTERS, CTX),
    );
    const bytes = writeXlsx([t]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('NoStock')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...headers(stockReportExport('nostock') as ExportSpec<never>)]);
    expect(ws.getCell('G2').value).toBe(0);
    expect(ws.getCell('I2').value).toBe(1);
    expect(ws.getCell('J2').value).toBe('03/03/2568 08:00');
    expect(ws.getCell('N2').value).toBe(3);
    expect(ws.getColumn(6).width).toBe(36);
  });
});

describe('issued and trash views (docs/domain/reports.md#issued-trash-and-cancelled-views)', () => {
  const d = reportOrders(
    [
      { no: 'I-1', issued: { at: '2025-03-03 10:00', by: 'nok' }, lines: [{ sku: 'A', qty: 1 }] },
      { no: 'I-2', platform: 'Lazada', issued: { at: '2025-03-04 10:00' }, lines: [{ sku: 'A', qty: 1 }] },
      {
        no: 'I-3',
        issued: { at: '2025-03-04 11:00' },
        trashed: { at: '2025-03-04 12:00', by: 'boss' },
        lines: [{ sku: 'A', qty: 1 }],
      },
      { no: 'T-1', trashed: { at: '2025-03-03 09:00', by: 'boss' }, lines: [{ sku: 'A', qty: 1 }] },
      { no: 'O-1', lines: [{ sku: 'A', qty: 1 }] },
    ],
    { A: 9 },
  );
  const F: MarkerViewFilters = { platform: null, shopIds: null, dates: null, q: null };
  const nos = (rows: { order: { orderNo: string } }[]) => rows.map((r) => r.order.orderNo);
  it('issued view: issued orders not in the trash, newest first', () => {
    expect(nos(markerViewRows('issued', d.orders, F))).toEqual(['I-2', 'I-1']);
  });
  it('trash view: trashed orders with ลบโดย, newest first', () => {
    expect(markerViewRows('trash', d.orders, F).map((r) => [r.order.orderNo, r.by])).toEqual([
      ['I-3', 'boss'],
      ['T-1', 'boss'],
    ]);
  });
  it.each<[string, Partial<MarkerViewFilters>, string[]]>([
    ['issue-date range (whole days)', { dates: { from: '2025-03-03', to: '2025-03-03' } }, ['I-1']],
    ['platform', { platform: 'Lazada' }, ['I-2']],
    ['q on order id', { q: 'i-1' }, ['I-1']],
  ])('issued view filter: %s', (_n, f, expected) => {
    expect(nos(markerViewRows('issued', d.orders, { ...F, ...f }))).toEqual(expected);
  });
  it('trash view filters on the deletion date', () => {
    expect(nos(markerViewRows('trash', d.orders, { ...F, dates: { from: '2025-03-04', to: null } }))).toEqual(['I-3']);
  });
  it('columns and confirm prompts of 5.5 / 5.1', () => {
    expect([...ISSUED_VIEW_HEADERS]).toEqual(['เลข Order', 'แพลตฟอร์ม', 'ร้าน', 'ประเภทขนส่ง', 'วันที่จ่ายงาน']);
    expect([...TRASH_VIEW_HEADERS]).toEqual(['เลข Order', 'แพลตฟอร์ม', 'ร้าน', 'ประเภทขนส่ง', 'วันที่ลบ', 'ลบโดย']);
    expect(unissueConfirm(3)).toBe('ยืนยันยกเลิกจ่ายงาน 3 ออเดอร์?');
    expect(restoreConfirm(2)).toBe('ยืนยันกู้คืน 2 ออเดอร์ กลับไปหน้าหลัก?');
    expect(warehousePrintConfirm(5)).toBe('ต้องการพิมพ์และล็อกงาน 5 ออเดอร์ใช่หรือไม่?');
  });
});

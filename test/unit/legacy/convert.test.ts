// The legacy migration map (docs/domain/data-model.md#legacy-migration-map) as a pure function, on
// small worked examples.
import { describe, expect, it } from 'vitest';
import { convertLegacy } from '../../../src/legacy/convert';
import { LINE_COLUMNS, type LegacyData, type LegacyLine } from '../../../src/legacy/read';

const NOW = Date.parse('2025-12-01T00:00:00.000Z');
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

function line(id: number, values: Partial<LegacyLine>): LegacyLine {
  const base = Object.fromEntries(LINE_COLUMNS.map((c) => [c, null])) as unknown as LegacyLine;
  return {
    ...base,
    id,
    platform: 'Shopee',
    shop_id: 10,
    qty: 1,
    imported_at: '2025-11-17 08:25:00.000000',
    import_date: '2025-11-17',
    accepted: 0,
    ...values,
  };
}

function data(partial: Partial<LegacyData>): LegacyData {
  return {
    tableCounts: {},
    users: [
      {
        id: 1,
        username: 'admin',
        password_hash: 'pbkdf2:sha256:260000$s$h',
        role: 'admin',
        active: 1,
        created_at: '2025-11-17 08:02:00',
      },
      {
        id: 2,
        username: 'kanya',
        password_hash: 'scrypt:32768:8:1$s$h',
        role: 'staff',
        active: 1,
        created_at: '2025-11-17 08:04:00',
      },
    ],
    shops: [
      { id: 10, platform: 'Shopee', name: 'Baan Suan', created_at: '2025-11-17 08:25:00', google_sheet_url: null },
      { id: 11, platform: 'Lazada', name: 'Baan Suan Laz', created_at: '2025-11-17 08:25:00', google_sheet_url: null },
    ],
    products: [],
    stocks: [],
    sales: [],
    lines: [],
    cancelled: [],
    issued: [],
    deleted: [],
    printHistory: [],
    importLogs: [],
    ...partial,
  };
}

describe('orders and lines', () => {
  it('1001 and 1001.0 in one shop become one order; colliding SKUs merge with quantities summed; each merge is reported', () => {
    const { rows, report } = convertLegacy(
      data({
        lines: [
          line(1, { order_id: '1001', sku: 'A-1', qty: 1, order_time: '2025-11-14 09:57:00', logistic_type: 'Flash' }),
          line(2, {
            order_id: '1001.0',
            sku: 'A-1',
            qty: 2,
            imported_at: '2025-11-18 08:35:00',
            import_date: '2025-11-18',
          }),
          line(3, {
            order_id: '1001.0',
            sku: 'B-7',
            qty: 1,
            imported_at: '2025-11-18 08:35:00',
            import_date: '2025-11-18',
          }),
        ],
      }),
      NOW,
    );
    expect(rows.orders).toHaveLength(1);
    expect(rows.orders[0]).toMatchObject({
      orderNo: '1001',
      platform: 'Shopee',
      shopId: 10,
      logisticType: 'Flash',
      importDate: '2025-11-17',
    });
    expect(iso(rows.orders[0].orderTime)).toBe('2025-11-14T02:57:00.000Z');
    // The earliest import (A4).
    expect(iso(rows.orders[0].importedAt)).toBe('2025-11-17T01:25:00.000Z');
    expect(rows.orderLines.map((l) => [l.sku, l.qty])).toEqual([
      ['A-1', 3],
      ['B-7', 1],
    ]);
    expect(report.orderMerges.total).toBe(1);
    expect(report.orderMerges.items[0]).toMatchObject({
      orderNo: '1001',
      legacyNumbers: ['1001', '1001.0'],
      legacyLineIds: [1, 2, 3],
    });
    expect(report.lineMerges.items).toEqual([
      expect.objectContaining({ orderNo: '1001', sku: 'A-1', legacyLineIds: [1, 2], qty: 3 }),
    ]);
  });

  it('a blank order number or SKU (`nan`) is not migrated and is reported (A1)', () => {
    const { rows, report } = convertLegacy(
      data({ lines: [line(1, { order_id: 'nan', sku: 'A-1', qty: 2 }), line(2, { order_id: '2002', sku: ' NaN ' })] }),
      NOW,
    );
    expect(rows.orders).toHaveLength(0);
    expect(report.droppedLines.items.map((d) => [d.legacyLineId, d.reason])).toEqual([
      [1, 'missing_order_no'],
      [2, 'missing_sku'],
    ]);
  });

  it('one number in two shops is two orders; markers go to both; unknown cancels are pending; unknown issues are dropped', () => {
    const { rows, report } = convertLegacy(
      data({
        lines: [
          line(1, { order_id: '880001', sku: 'A', platform: 'Lazada', shop_id: 11 }),
          line(2, { order_id: '880001', sku: 'A', platform: 'Shopee', shop_id: 10 }),
        ],
        cancelled: [
          {
            id: 1,
            order_id: '880001',
            imported_at: '2025-11-17 09:00:00.102577',
            imported_by_user_id: 2,
            note: 'Import via cancel.csv',
          },
          {
            id: 2,
            order_id: 'NOPE-1',
            imported_at: '2025-11-17 09:00:00',
            imported_by_user_id: 2,
            note: 'Import via cancel.csv',
          },
        ],
        issued: [
          {
            id: 1,
            order_id: '880001',
            issued_at: '2025-11-17 10:35:00',
            issued_by_user_id: 2,
            source: 'picking:round_1',
            note: null,
          },
          {
            id: 2,
            order_id: 'GONE-9',
            issued_at: '2025-11-19 07:10:00',
            issued_by_user_id: 2,
            source: 'picking:round_9',
            note: null,
          },
        ],
      }),
      NOW,
    );
    expect(rows.orders).toHaveLength(2);
    const cancels = rows.orderMarkers.filter((m) => m.kind === 'cancelled');
    expect(cancels).toHaveLength(2);
    expect(cancels[0]).toMatchObject({
      note: 'Import via cancel.csv',
      source: 'import',
      createdByUserId: 2,
      createdByUsername: 'kanya',
    });
    // cancelled_orders.imported_at is UTC wall time: kept as is.
    expect(iso(cancels[0].createdAt)).toBe('2025-11-17T09:00:00.102Z');
    expect(rows.orderMarkers.filter((m) => m.kind === 'issued').map((m) => m.source)).toEqual([
      'picking:round_1',
      'picking:round_1',
    ]);
    expect(rows.pendingCancellations).toEqual([
      expect.objectContaining({ orderNo: 'NOPE-1', platform: '', source: 'import' }),
    ]);
    expect(report.orphanMarkers.items).toEqual([
      { table: 'issued_orders', legacyId: 2, orderNo: 'GONE-9', reason: 'no_order' },
    ]);
    // closed_at: the cancel time.
    expect(rows.orders.map((o) => iso(o.closedAt))).toEqual(['2025-11-17T09:00:00.102Z', '2025-11-17T09:00:00.102Z']);
  });

  it('two legacy markers landing on one order after normalising: the first issue is kept, the latest cancel is kept', () => {
    const { rows, report } = convertLegacy(
      data({
        lines: [line(1, { order_id: '1001', sku: 'A' })],
        issued: [
          {
            id: 1,
            order_id: '1001.0',
            issued_at: '2025-11-18 10:00:00',
            issued_by_user_id: 1,
            source: 'import',
            note: null,
          },
          {
            id: 2,
            order_id: '1001',
            issued_at: '2025-11-17 10:00:00',
            issued_by_user_id: 2,
            source: 'print:picking',
            note: null,
          },
        ],
        cancelled: [
          { id: 1, order_id: '1001', imported_at: '2025-11-17 01:00:00', imported_by_user_id: 2, note: 'first' },
          { id: 2, order_id: '1001.0', imported_at: '2025-11-18 01:00:00', imported_by_user_id: 1, note: 'second' },
        ],
      }),
      NOW,
    );
    expect(rows.orderMarkers.find((m) => m.kind === 'issued')).toMatchObject({
      source: 'print:picking',
      createdByUsername: 'kanya',
    });
    expect(rows.orderMarkers.find((m) => m.kind === 'cancelled')).toMatchObject({
      note: 'second',
      source: 'manual',
      createdByUsername: 'admin',
    });
    expect(report.markerMerges.total).toBe(2);
  });

  it('deleted users: the FK is NULL and the username copy stays, also where the legacy kept only the id', () => {
    const { rows } = convertLegacy(
      data({
        lines: [
          line(1, {
            order_id: '1001',
            sku: 'A',
            accepted: 1,
            accepted_at: '2025-11-17 09:50:00.109193',
            accepted_by_user_id: 4,
            accepted_by_username: 'somchai',
          }),
        ],
        deleted: [
          { id: 1, order_id: '1001', deleted_at: '2025-11-18 11:30:00.097', deleted_by_user_id: 4, note: null },
        ],
        issued: [
          {
            id: 1,
            order_id: '1001',
            issued_at: '2025-11-18 11:00:00',
            issued_by_user_id: 99,
            source: null,
            note: null,
          },
        ],
      }),
      NOW,
    );
    expect(rows.orderLines[0]).toMatchObject({ accepted: true, acceptedByUserId: null, acceptedByUsername: 'somchai' });
    expect(iso(rows.orderLines[0].acceptedAt)).toBe('2025-11-17T02:50:00.109Z');
    expect(rows.orderMarkers.find((m) => m.kind === 'trashed')).toMatchObject({
      createdByUserId: null,
      createdByUsername: 'somchai',
    });
    expect(iso(rows.orderMarkers.find((m) => m.kind === 'trashed')!.createdAt)).toBe('2025-11-18T04:30:00.097Z');
    expect(rows.orderMarkers.find((m) => m.kind === 'issued')).toMatchObject({
      createdByUserId: null,
      createdByUsername: null,
      source: 'manual',
    });
  });

  it('print counts, rounds and scans: max over the lines; Picking stays per line', () => {
    const { rows } = convertLegacy(
      data({
        lines: [
          line(1, {
            order_id: '1001',
            sku: 'A',
            printed_warehouse: 2,
            printed_warehouse_at: '2025-11-18T10:05:00.096975+07:00',
            printed_warehouse_by: 'admin',
            printed_picking: 2,
            printed_picking_at: '2025-11-18T10:25:00.096402+07:00',
            printed_picking_by: 'admin',
            dispatch_round: 1,
            scanned_at: '2025-11-17T14:00:00.002293+07:00',
            scanned_by: 'kanya',
          }),
          line(2, {
            order_id: '1001',
            sku: 'B',
            printed_warehouse: 1,
            printed_warehouse_at: '2025-11-17T10:00:00+07:00',
            printed_warehouse_by: 'kanya',
            printed_picking: 1,
            printed_picking_at: '2025-11-17T10:20:00+07:00',
            printed_picking_by: 'kanya',
            dispatch_round: 2,
            lowstock_round: 1,
            printed_lowstock: 1,
            printed_lowstock_at: '2025-11-17T11:00:00+07:00',
            printed_lowstock_by: 'ghost',
          }),
        ],
      }),
      NOW,
    );
    expect(rows.orders[0]).toMatchObject({
      dispatchRound: 2,
      lowstockRound: 1,
      nostockRound: null,
      scannedByUserId: 2,
      scannedByUsername: 'kanya',
    });
    expect(iso(rows.orders[0].scannedAt)).toBe('2025-11-17T07:00:00.002Z');
    const warehouse = rows.orderPrintCounters.find((c) => c.kind === 'warehouse')!;
    expect(warehouse).toMatchObject({
      count: 2,
      firstPrintedAt: null,
      lastPrintedByUserId: 1,
      lastPrintedByUsername: 'admin',
    });
    expect(iso(warehouse.lastPrintedAt)).toBe('2025-11-18T03:05:00.096Z');
    const lowstock = rows.orderPrintCounters.find((c) => c.kind === 'lowstock')!;
    expect(lowstock).toMatchObject({ count: 1, lastPrintedByUserId: null, lastPrintedByUsername: 'ghost' });
    expect(lowstock.firstPrintedAt).toBe(lowstock.lastPrintedAt);
    expect(rows.orderPrintCounters.map((c) => c.kind).sort()).toEqual(['lowstock', 'warehouse']);
    expect(rows.orderLines.map((l) => [l.sku, l.pickingCount, l.pickingLastByUsername])).toEqual([
      ['A', 2, 'admin'],
      ['B', 1, 'kanya'],
    ]);
  });

  it('an order time with a Buddhist-era year is repaired and reported (A8); an unreadable one is no order time', () => {
    const { rows, report } = convertLegacy(
      data({
        lines: [
          line(1, { order_id: '1', sku: 'A', order_time: '2568-11-15 09:01:00.000000' }),
          line(2, { order_id: '2', sku: 'A', order_time: null }),
        ],
      }),
      NOW,
    );
    expect(iso(rows.orders[0].orderTime)).toBe('2025-11-15T02:01:00.000Z');
    expect(rows.orders[1].orderTime).toBeNull();
    expect(report.buddhistYearsRepaired.items).toEqual([
      expect.objectContaining({ orderNo: '1', legacyValue: '2568-11-15 09:01:00.000000' }),
    ]);
  });
});

describe('platforms and shops', () => {
  it('platforms map through the closed set (docs/domain/data-model.md#platforms): อื่นๆ -> Other, unknown -> Other, both reported', () => {
    const { rows, report } = convertLegacy(
      data({
        shops: [
          { id: 10, platform: 'อื่นๆ', name: 'Line Shop', created_at: null, google_sheet_url: null },
          { id: 11, platform: 'Shopee-TH', name: 'Odd', created_at: null, google_sheet_url: null },
        ],
        lines: [
          line(1, { order_id: '1', sku: 'A', platform: 'อื่นๆ', shop_id: 10 }),
          line(2, { order_id: '2', sku: 'A', platform: 'Shopee-TH', shop_id: 11 }),
        ],
      }),
      NOW,
    );
    expect(rows.orders.map((o) => o.platform)).toEqual(['Other', 'Other']);
    expect(rows.shops.map((s) => [s.name, s.platform])).toEqual([
      ['Line Shop', 'Other'],
      ['Odd', 'Other'],
    ]);
    expect(report.platformMappings.items).toEqual(
      expect.arrayContaining([
        { table: 'order_lines', value: 'อื่นๆ', mappedTo: 'Other', rows: 1, unknown: false },
        { table: 'order_lines', value: 'Shopee-TH', mappedTo: 'Other', rows: 1, unknown: true },
      ]),
    );
  });

  it('pseudo-shops become settings (A2); a platform-named shop with orders is a real shop', () => {
    const { rows, report } = convertLegacy(
      data({
        shops: [
          {
            id: 1,
            platform: 'STOCK_SYSTEM',
            name: 'SabuySoft',
            created_at: '2025-11-17 08:08:00',
            google_sheet_url: 'https://docs.google.com/spreadsheets/d/S/edit',
          },
          { id: 2, platform: 'EMPTY_BILL_SYSTEM', name: 'GoogleSheet', created_at: null, google_sheet_url: null },
          {
            id: 3,
            platform: 'Lazada',
            name: 'Lazada',
            created_at: null,
            google_sheet_url: 'https://docs.google.com/spreadsheets/d/L/edit',
          },
          {
            id: 4,
            platform: 'TikTok',
            name: 'TikTok',
            created_at: null,
            google_sheet_url: 'https://docs.google.com/spreadsheets/d/T/edit',
          },
          {
            id: 5,
            platform: 'LINE',
            name: 'LINE',
            created_at: null,
            google_sheet_url: 'https://docs.google.com/spreadsheets/d/O/edit',
          },
        ],
        lines: [line(1, { order_id: '1', sku: 'A', platform: 'TikTok', shop_id: 4 })],
      }),
      NOW,
    );
    expect(rows.settings.map((s) => [s.key, s.value])).toEqual([
      ['sheet_url.stock', 'https://docs.google.com/spreadsheets/d/S/edit'],
      ['sheet_url.orders.Lazada', 'https://docs.google.com/spreadsheets/d/L/edit'],
      // A platform outside the closed set is Other (docs/domain/data-model.md#platforms), and
      // reported.
      ['sheet_url.orders.Other', 'https://docs.google.com/spreadsheets/d/O/edit'],
    ]);
    expect(report.platformMappings.items).toEqual([
      { table: 'shops', value: 'LINE', mappedTo: 'Other', rows: 1, unknown: true },
    ]);
    expect(rows.shops.map((s) => [s.id, s.platform, s.name, s.sheetUrl])).toEqual([
      [4, 'TikTok', 'TikTok', 'https://docs.google.com/spreadsheets/d/T/edit'],
    ]);
    expect(report.pseudoShops.items.map((p) => p.settingKey)).toEqual([
      'sheet_url.stock',
      null,
      'sheet_url.orders.Lazada',
      'sheet_url.orders.Other',
    ]);
  });

  it('"A (Shopee)" and "A" are one shop; a line on a shop of another platform gets a shop of its own platform (docs/domain/data-model.md#shops)', () => {
    const { rows, report } = convertLegacy(
      data({
        shops: [
          { id: 10, platform: 'Shopee', name: 'Alpha (Shopee)', created_at: null, google_sheet_url: null },
          { id: 11, platform: 'Shopee', name: ' Alpha ', created_at: null, google_sheet_url: 'https://x' },
        ],
        lines: [
          line(1, { order_id: '1', sku: 'A', shop_id: 10 }),
          line(2, { order_id: '2', sku: 'A', shop_id: 11 }),
          line(3, { order_id: '3', sku: 'A', shop_id: 11, platform: 'Lazada' }),
        ],
      }),
      NOW,
    );
    expect(rows.shops.map((s) => [s.id, s.platform, s.name, s.nameKey, s.sheetUrl])).toEqual([
      [10, 'Shopee', 'Alpha', 'alpha', 'https://x'],
      [12, 'Lazada', 'Alpha', 'alpha', null],
    ]);
    expect(rows.orders.map((o) => [o.orderNo, o.shopId, o.platform])).toEqual([
      ['1', 10, 'Shopee'],
      ['2', 10, 'Shopee'],
      ['3', 12, 'Lazada'],
    ]);
    expect(report.shopMerges.items).toEqual([{ shopId: 10, platform: 'Shopee', name: 'Alpha', legacyIds: [10, 11] }]);
    expect(report.shopsCreated.items).toEqual([
      { shopId: 12, platform: 'Lazada', name: 'Alpha', reason: 'platform_mismatch', legacyShopId: 11 },
    ]);
  });
});

describe('master data, SBS, imports, prints', () => {
  it('stock: negative clamped to 0 and reported (docs/domain/data-model.md#legacy-migration-map); 12 and 12.0 are one SKU, summed', () => {
    const { rows, report } = convertLegacy(
      data({
        stocks: [
          { id: 1, sku: 'NEG', qty: -3, updated_at: '2025-11-17 08:10:00' },
          { id: 2, sku: '12', qty: 0, updated_at: '2025-11-17 08:10:00' },
          { id: 3, sku: '12.0', qty: 5, updated_at: '2025-11-18 08:10:00' },
          { id: 4, sku: 'nan', qty: 9, updated_at: null },
        ],
      }),
      NOW,
    );
    expect(rows.stock.map((s) => [s.sku, s.qty])).toEqual([
      ['NEG', 0],
      ['12', 5],
    ]);
    expect(iso(rows.stock[1].updatedAt)).toBe('2025-11-18T01:10:00.000Z');
    expect(report.stockClamps.items).toEqual([{ sku: 'NEG', legacyQty: -3 }]);
    expect(report.rowMerges.items).toEqual([
      { table: 'stocks', key: '12', legacyIds: [2, 3], legacyValues: ['12', '12.0'] },
    ]);
    expect(report.droppedRows.items).toEqual([{ table: 'stocks', legacyId: 4, value: 'nan' }]);
  });

  it('SBS status: packed_at is the legacy row time when the status is packed; closes the order', () => {
    const { rows } = convertLegacy(
      data({
        lines: [line(1, { order_id: '1001', sku: 'A' })],
        sales: [
          {
            id: 1,
            order_id: '1001.0',
            po_no: 'PO-1',
            status: 'เปิดใบขายครบตามจำนวนแล้ว',
            created_at: '2025-11-17 08:40:00',
          },
          { id: 2, order_id: '2002', po_no: null, status: 'ยังไม่มีการเปิดใบขาย', created_at: '2025-11-17 08:40:00' },
        ],
      }),
      NOW,
    );
    expect(rows.salesStatus.map((s) => [s.orderNo, s.poNo, iso(s.packedAt)])).toEqual([
      ['1001', 'PO-1', '2025-11-17T01:40:00.000Z'],
      ['2002', null, null],
    ]);
    expect(iso(rows.orders[0].closedAt)).toBe('2025-11-17T01:40:00.000Z');
  });

  it('import logs: kind from the pseudo-platform; bill-empty time from the last log listing the number as new (A3)', () => {
    const { rows } = convertLegacy(
      data({
        lines: [
          line(1, { order_id: '1001', sku: 'A', allocation_status: 'BILL_EMPTY' }),
          line(2, { order_id: '2002', sku: 'A' }),
        ],
        importLogs: [
          {
            id: 1,
            import_date: '2025-11-17',
            platform: 'Shopee',
            shop_name: '',
            filename: 'Google Sheet (Import_Shopee)',
            added_count: 2,
            duplicates_count: 3,
            duplicates_same_day: 1,
            failed_count: 1,
            error_details: '["แถว 5: ไม่มี Order ID หรือ SKU"]',
            batch_data: '{"added_ids": ["1001", "2002"]}',
            created_at: '2025-11-17 08:25:00',
          },
          {
            id: 2,
            import_date: '2025-11-18',
            platform: 'EMPTY_BILL_SYSTEM',
            shop_name: null,
            filename: 'b1.xlsx',
            added_count: 1,
            duplicates_count: 0,
            duplicates_same_day: 0,
            failed_count: 0,
            error_details: '[]',
            batch_data: '{"new_ids": ["1001"]}',
            created_at: '2025-11-18 09:20:00',
          },
          {
            id: 3,
            import_date: '2025-11-18',
            platform: 'EMPTY_BILL_SYSTEM',
            shop_name: null,
            filename: 'b2.xlsx',
            added_count: 1,
            duplicates_count: 0,
            duplicates_same_day: 0,
            failed_count: 0,
            error_details: '[]',
            batch_data: '{"new_ids": ["1001.0"]}',
            created_at: '2025-11-18 09:25:00',
          },
          {
            id: 4,
            import_date: '2025-11-18',
            platform: 'CANCEL_SYSTEM',
            shop_name: '-',
            filename: 'c.csv',
            added_count: 0,
            duplicates_count: 0,
            duplicates_same_day: 0,
            failed_count: 0,
            error_details: null,
            batch_data: null,
            created_at: '2025-11-18 09:30:00',
          },
        ],
      }),
      NOW,
    );
    expect(rows.imports.map((i) => i.kind)).toEqual(['orders', 'bill_empty', 'bill_empty', 'cancelled']);
    expect(rows.imports[0]).toMatchObject({
      status: 'partial',
      source: 'sheet',
      tab: 'Import_Shopee',
      platform: 'Shopee',
      added: 2,
      duplicates: 3,
      duplicatesSameDay: 1,
      duplicatesCrossDay: 2,
      rejected: 1,
      errorsCount: 1,
    });
    expect(rows.imports[3]).toMatchObject({ shopName: null, platform: null, status: 'committed' });
    expect(rows.importErrors).toEqual([
      expect.objectContaining({ importId: 1, rowNo: 5, message: 'แถว 5: ไม่มี Order ID หรือ SKU' }),
    ]);
    expect(rows.orders.map((o) => o.importId)).toEqual([1, 1]);
    const billEmpty = rows.orderMarkers.filter((m) => m.kind === 'bill_empty');
    expect(billEmpty).toEqual([expect.objectContaining({ orderId: 1, importId: 3, source: 'import' })]);
    expect(iso(billEmpty[0].createdAt)).toBe('2025-11-18T02:25:00.000Z');
  });

  it('print history: one job per (time, user, filters), one job-SKU per SKU with the largest running count', () => {
    const h = (id: number, sku: string, count: number, at = '2025-11-17 10:20:00.183240') => ({
      id,
      sku,
      platform: 'Shopee',
      shop_id: 10,
      logistic: '',
      print_count: count,
      printed_at: at,
      printed_by: 'kanya',
    });
    const { rows } = convertLegacy(
      data({
        lines: [
          line(1, {
            order_id: '1',
            sku: 'A',
            printed_picking: 1,
            printed_picking_at: '2025-11-17T10:20:00.183240+07:00',
            printed_picking_by: 'kanya',
          }),
        ],
        printHistory: [
          h(1, 'A', 1),
          h(2, 'B', 1),
          h(3, 'B', 2),
          { ...h(4, 'A', 2, '2025-11-18 10:20:00'), shop_id: null, platform: '' },
        ],
      }),
      NOW,
    );
    expect(rows.printJobs).toHaveLength(2);
    expect(rows.printJobs[0]).toMatchObject({
      kind: 'picking',
      printedByUserId: 2,
      platform: 'Shopee',
      shopId: 10,
      logistic: null,
      lineCount: 3,
      orderCount: 1,
      override: false,
    });
    expect(iso(rows.printJobs[0].printedAt)).toBe('2025-11-17T03:20:00.183Z');
    expect(rows.printJobs[1]).toMatchObject({ platform: null, shopId: null, lineCount: 1, orderCount: 0 });
    expect(rows.printJobSkus).toEqual([
      { printJobId: 1, sku: 'A', qty: 1, contextCount: 1 },
      { printJobId: 1, sku: 'B', qty: 2, contextCount: 2 },
      { printJobId: 2, sku: 'A', qty: 1, contextCount: 2 },
    ]);
  });

  it('users keep ids, roles and hashes; usernames are stored lower-case; unknown roles become user (reported)', () => {
    const { rows, report } = convertLegacy(
      data({
        users: [
          {
            id: 1,
            username: 'Admin',
            password_hash: 'pbkdf2:sha256:260000$s$h',
            role: 'admin',
            active: 1,
            created_at: null,
          },
          {
            id: 5,
            username: 'admin',
            password_hash: 'scrypt:32768:8:1$s$h',
            role: 'boss',
            active: 0,
            created_at: '2025-11-17 08:04:40.092496',
          },
        ],
      }),
      NOW,
    );
    expect(rows.users.map((u) => [u.id, u.username, u.role, u.disabled, u.passwordHash])).toEqual([
      [1, 'admin', 'admin', false, 'pbkdf2:sha256:260000$s$h'],
      [5, 'admin.5', 'user', true, 'scrypt:32768:8:1$s$h'],
    ]);
    expect(iso(rows.users[1].createdAt)).toBe('2025-11-17T01:04:40.092Z');
    expect(report.userChanges.total).toBe(2);
  });
});

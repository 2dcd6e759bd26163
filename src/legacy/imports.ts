// Legacy import_logs -> imports (+ import_errors). The kind comes from the pseudo-platform the
// legacy wrote (`CANCEL_SYSTEM`, `SALES_SYSTEM`, `EMPTY_BILL_SYSTEM`), orders otherwise. The
// legacy recorded no user and only up to 10 messages; the id lists (`batch_data`) become the
// summary, and let orders and bill-empty markers point back at the import that wrote them.
import type { importErrors, imports, ImportKind, Platform } from '../db/schema';
import { bangkokDate } from '../domain/time';
import type { LegacyImportLog } from './read';
import type { ConversionReport } from './report';
import type { PlatformMapper } from './shops';
import { bangkokMidnight, legacyBusinessDate, legacyInstant } from './timestamps';
import { legacyIdentifier, legacyInt, legacyText } from './values';

export type ImportRow = typeof imports.$inferInsert;
export type ImportErrorRow = typeof importErrors.$inferInsert;

const KIND_BY_PSEUDO_PLATFORM: Readonly<Record<string, ImportKind>> = {
  CANCEL_SYSTEM: 'cancelled',
  SALES_SYSTEM: 'sales',
  EMPTY_BILL_SYSTEM: 'bill_empty',
  ISSUED_SYSTEM: 'issued',
};

export function legacyImportKind(platform: unknown): ImportKind {
  return (
    KIND_BY_PSEUDO_PLATFORM[
      String(platform ?? '')
        .trim()
        .toUpperCase()
    ] ?? 'orders'
  );
}

function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function idList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) {
    const id = legacyIdentifier(v, 'order_id');
    if (id.ok) out.push(id.value);
  }
  return out;
}

/** `Google Sheet (<tab>)` and `GSheet: <title>` were sheet imports; anything else an upload. */
function sourceOf(fileName: string | null): { source: 'file' | 'sheet'; tab: string | null } {
  if (!fileName) return { source: 'file', tab: null };
  const tab = /^Google Sheet \((.*)\)$/.exec(fileName);
  if (tab) return { source: 'sheet', tab: tab[1] };
  if (/^GSheet:/i.test(fileName)) return { source: 'sheet', tab: null };
  return { source: 'file', tab: null };
}

export interface ImportIndex {
  /** The orders import that added this order number (platform + import date + number). */
  orderImport(platform: Platform, importDate: string, orderNo: string): number | null;
  /** The last bill-empty import that listed the number as new: its id and time (A3). */
  billEmpty(orderNo: string): { importId: number; at: number } | null;
}

export function mapImports(
  legacy: LegacyImportLog[],
  platforms: PlatformMapper,
  now: number,
  report: ConversionReport,
) {
  const rows: ImportRow[] = [];
  const errors: ImportErrorRow[] = [];
  const addedBy = new Map<string, number>();
  const billEmpty = new Map<string, { importId: number; at: number }>();
  let id = 0;

  for (const log of legacy) {
    id++;
    const kind = legacyImportKind(log.platform);
    const platform = kind === 'orders' ? platforms.map(log.platform, 'import_logs') : null;
    const importDate = legacyBusinessDate(log.import_date);
    let at = legacyInstant(log.created_at, 'bangkok');
    if (at === null) {
      at = bangkokMidnight(importDate) ?? now;
      report.unreadableTimestamps.add({
        table: 'import_logs',
        column: 'created_at',
        legacyId: log.id,
        value: String(log.created_at),
        fallback: new Date(at).toISOString(),
      });
    }
    const fileName = legacyText(log.filename);
    const { source, tab } = sourceOf(fileName);
    const batch = parseJson(log.batch_data);
    const messages = parseJson(log.error_details);
    const messageList = Array.isArray(messages) ? messages.map((m) => String(m)) : [];
    const added = legacyInt(log.added_count) ?? 0;
    const duplicates = legacyInt(log.duplicates_count) ?? 0;
    const sameDay = legacyInt(log.duplicates_same_day) ?? 0;
    const failed = legacyInt(log.failed_count) ?? 0;
    rows.push({
      id,
      kind,
      // The legacy skipped bad rows and kept the rest: the rewrite calls that partial.
      status: failed > 0 ? 'partial' : 'committed',
      source,
      fileName,
      sheetUrl: null,
      tab,
      platform,
      shopName: legacyText(log.shop_name),
      importDate: importDate ?? bangkokDate(at),
      added,
      duplicates,
      duplicatesSameDay: kind === 'orders' ? sameDay : 0,
      duplicatesCrossDay: kind === 'orders' ? Math.max(0, duplicates - sameDay) : 0,
      rejected: failed,
      errorsCount: messageList.length,
      startedAt: at,
      finishedAt: at,
      byUserId: null,
      byUsername: null,
      summary: JSON.stringify({
        legacyImportLogId: log.id,
        ...(batch && typeof batch === 'object' && !Array.isArray(batch)
          ? (batch as object)
          : batch === undefined
            ? { batchData: String(log.batch_data) }
            : {}),
      }),
    });
    for (const message of messageList) {
      const row = /^แถว\s*(\d+)/.exec(message);
      errors.push({
        importId: id,
        rowNo: row ? Number(row[1]) : null,
        code: 'legacy_message',
        severity: 'error',
        message,
      });
    }

    const lists = batch && typeof batch === 'object' ? (batch as Record<string, unknown>) : {};
    if (kind === 'orders' && platform && importDate) {
      for (const no of idList(lists.added_ids)) addedBy.set(`${platform}\u0000${importDate}\u0000${no}`, id);
    }
    if (kind === 'bill_empty') {
      for (const no of idList(lists.new_ids)) {
        const previous = billEmpty.get(no);
        // The legacy's bill-empty import kept only the last order of a file (its defect), and a
        // later file re-listed such numbers as new: the latest listing is the one that stuck.
        if (!previous || previous.at <= at) billEmpty.set(no, { importId: id, at });
      }
    }
  }

  const index: ImportIndex = {
    orderImport: (platform, importDate, orderNo) =>
      addedBy.get(`${platform}\u0000${importDate}\u0000${orderNo}`) ?? null,
    billEmpty: (orderNo) => billEmpty.get(orderNo) ?? null,
  };
  return { rows, errors, index };
}

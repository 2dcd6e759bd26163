// Reading the print ledger: print jobs with their records (print_job_orders + print_job_skus),
// rebuilt into the domain's snapshot so history views render exactly what was printed and the
// content hash can be checked again. Writing happens in print.ts.
import {
  SNAPSHOT_VERSION,
  contentHash,
  normaliseQuery,
  type HistoryJob,
  type PickingContextKey,
  type PrintSnapshot,
  type ReportKind,
  type SnapshotOrder,
  type SnapshotSku,
} from '../../domain/reports';
import type { Platform } from '../../domain/allocation';
import type { SqlExecutor, StoragePort } from '../../storage';

export interface StoredJob extends HistoryJob {
  contentHash: string | null;
  /** The record re-hashes to the stored content hash (false for legacy jobs without one). */
  verified: boolean;
  copy: number;
  copyOf: number | null;
  override: boolean;
  round: number | null;
  orderCount: number;
  lineCount: number;
}

type Read = (text: string, args: (string | number)[]) => Promise<unknown[][]>;

export const readerOf =
  (storage: StoragePort): Read =>
  async (text, args) =>
    (await storage.execute(text, args)).rows as unknown as unknown[][];

/** A reader on a transaction's raw executor. */
export const readerOfExec =
  (exec: SqlExecutor): Read =>
  async (text, args) =>
    (await exec.execute({ sql: text, args })).rows as unknown as unknown[][];

const JOB_COLUMNS = `id, kind, printed_at, printed_by_username, platform, shop_id, logistic, content_hash, copy, copy_of_print_job_id,
  override, round, order_count, line_count`;

const CHUNK = 500;
const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Jobs by id with their records, in the order given (unknown ids are left out). */
export async function readJobs(read: Read, ids: readonly number[]): Promise<StoredJob[]> {
  const unique = [...new Set(ids)];
  const byId = new Map<number, StoredJob>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    const jobs = await read(`SELECT ${JOB_COLUMNS} FROM print_jobs WHERE id IN (${marks(part.length)})`, part);
    const orders = await read(
      `SELECT print_job_id, order_id, lines, copy FROM print_job_orders WHERE print_job_id IN (${marks(part.length)}) ORDER BY print_job_id, position, id`,
      part,
    );
    const skus = await read(
      `SELECT print_job_id, sku, context_count, row FROM print_job_skus WHERE print_job_id IN (${marks(part.length)}) ORDER BY print_job_id, position, sku`,
      part,
    );
    const recOrders = new Map<number, { snapshot: SnapshotOrder; copy: number }[]>();
    for (const r of orders) {
      const id = Number(r[0]);
      const list = recOrders.get(id) ?? [];
      const snapshot = JSON.parse(String(r[2])) as SnapshotOrder;
      list.push({ snapshot, copy: Number(r[3]) });
      recOrders.set(id, list);
    }
    const recSkus = new Map<number, { sku: string; count: number; row: SnapshotSku | null }[]>();
    for (const r of skus) {
      const id = Number(r[0]);
      const list = recSkus.get(id) ?? [];
      list.push({
        sku: String(r[1]),
        count: Number(r[2]),
        row: r[3] == null ? null : (JSON.parse(String(r[3])) as SnapshotSku),
      });
      recSkus.set(id, list);
    }
    for (const r of jobs) {
      const id = Number(r[0]);
      const kind = String(r[1]) as ReportKind;
      const ords = recOrders.get(id) ?? [];
      const sk = recSkus.get(id) ?? [];
      const snapshot: PrintSnapshot = {
        v: SNAPSHOT_VERSION,
        kind,
        orders: ords.map((o) => o.snapshot),
        skus: sk.filter((s) => s.row !== null).map((s) => s.row!),
      };
      const stored = r[7] == null ? null : String(r[7]);
      byId.set(id, {
        printJobId: id,
        kind,
        printedAt: Number(r[2]),
        printedBy: r[3] == null ? null : String(r[3]),
        copies: new Map(ords.map((o) => [o.snapshot.orderId, o.copy])),
        context: kind === 'picking' ? contextOf(r[4], r[5], r[6]) : null,
        contextCounts: new Map(sk.map((s) => [s.sku, s.count])),
        snapshot,
        contentHash: stored,
        verified: stored !== null && contentHash(snapshot) === stored,
        copy: Number(r[8]),
        copyOf: r[9] == null ? null : Number(r[9]),
        override: Number(r[10]) === 1,
        round: r[11] == null ? null : Number(r[11]),
        orderCount: Number(r[12]),
        lineCount: Number(r[13]),
      });
    }
  }
  return ids.map((id) => byId.get(id)).filter((j): j is StoredJob => j !== undefined);
}

/**
 * The SKU-history key of a picking job without the SKU (docs/domain/reports.md#picking-list), as
 * pickingContext builds it.
 */
export function contextOf(platform: unknown, shopId: unknown, logistic: unknown): Omit<PickingContextKey, 'sku'> {
  return {
    platform: (platform == null ? '' : String(platform)) as Platform | '',
    shopId: shopId == null ? null : Number(shopId),
    logistic: normaliseQuery(logistic == null ? null : String(logistic)) ?? '',
  };
}

/** Ids of the jobs of a kind printed within [lo, hi) (epoch ms), or whose record holds an order number containing `q`. */
export async function jobIdsInView(
  read: Read,
  kind: ReportKind,
  bounds: [number, number] | null,
  q: string | null,
): Promise<number[]> {
  if (q !== null) {
    const rows = await read(
      `SELECT DISTINCT j.id FROM print_jobs j JOIN print_job_orders o ON o.print_job_id = j.id
        WHERE j.kind = ? AND instr(lower(o.order_no), ?) > 0 ORDER BY j.id DESC`,
      [kind, q],
    );
    return rows.map((r) => Number(r[0]));
  }
  const rows = bounds
    ? await read('SELECT id FROM print_jobs WHERE kind = ? AND printed_at >= ? AND printed_at < ? ORDER BY id DESC', [
        kind,
        bounds[0],
        bounds[1],
      ])
    : await read('SELECT id FROM print_jobs WHERE kind = ? ORDER BY id DESC', [kind]);
  return rows.map((r) => Number(r[0]));
}

/** Print instants of a kind (for the list of dates having prints). */
export async function printTimes(read: Read, kind: ReportKind): Promise<number[]> {
  return (await read('SELECT DISTINCT printed_at FROM print_jobs WHERE kind = ?', [kind])).map((r) => Number(r[0]));
}

// Order actions: `POST /api/orders/actions/:action` with line ids (docs/domain/allocation.md#order-actions).
// Each action is a `{ check, apply, audit }` entry in ACTIONS; `run` is the one way they execute:
// the state rules are re-checked inside the write transaction (accept against the global
// allocation as it is NOW), refused orders are reported with a Thai reason, and the change, its
// one audit row and the idempotency record commit together.
import { type OrderActionName, SKIP_REASONS } from '../../../domain/piles';
import type { Db, SqlExecutor, StoragePort } from '../../../storage';
import { type AuditEntry, auditStatement } from '../../audit';
import type { BackupRecord } from '../../backups';
import type { Actor } from '../../context';
import type { ReadModel } from '../read-model';
import { accept } from './accept';
import { cancel } from './cancel';
import { dispatchRound } from './dispatch-round';
import { rememberStatement, replayInTransaction, storedAnswer } from './idempotency';
import { askTogether } from './sql';
import { loadOrders } from './load';
import { purge } from './purge';
import { resetScans } from './reset-scans';
import { restore } from './restore';
import { scan } from './scan';
import { trash } from './trash';
import { unaccept } from './unaccept';
import { uncancel } from './uncancel';
import { unissue } from './unissue';
import {
  type ActionInput,
  type ActionParams,
  type ActionResult,
  type LoadedOrder,
  NO_PARAMS,
  type OrderActionEntry,
  type SkippedOrder,
} from './types';

export type { ActionInput, ActionResult, SkippedOrder } from './types';

/** Every order action, by the name in its path. */
const ACTIONS: Record<OrderActionName, OrderActionEntry<unknown>> = {
  accept,
  unaccept,
  cancel,
  uncancel,
  trash,
  restore,
  unissue,
  scan,
  'reset-scans': resetScans,
  'dispatch-round': dispatchRound,
  purge,
};

/** The audit row's label: the first ten order numbers, then how many more. */
function targetLabel(orders: LoadedOrder[]): string | null {
  const more = orders.length > 10 ? ` (+${orders.length - 10})` : '';
  return (
    orders
      .slice(0, 10)
      .map((o) => o.orderNo)
      .join(', ') + more || null
  );
}

/** The one audit row of an action: what was asked, what changed, what was refused and why. */
function auditEntry(
  action: OrderActionName,
  run: {
    requested: LoadedOrder[];
    changed: LoadedOrder[];
    skipped: SkippedOrder[];
    linesAffected: number;
    lineIds: number[];
    key: string | null;
    details: Record<string, unknown>;
  },
): AuditEntry {
  const { requested, changed, skipped, key } = run;
  return {
    action: `order.${action}`,
    targetType: 'order',
    targetId: requested.length === 1 ? requested[0].id : null,
    targetLabel: targetLabel(requested),
    counts: { orders: changed.length, lines: run.linesAffected, skipped: skipped.length },
    details: {
      ...run.details,
      orderIds: changed.map((o) => o.id),
      orderNos: changed.map((o) => o.orderNo),
      lineIds: run.lineIds.slice(0, 1000),
      skipped: skipped.map((s) => ({ orderId: s.orderId, orderNo: s.orderNo, lineId: s.id, code: s.code })),
      ...(key ? { idempotencyKey: key } : {}),
    },
  };
}

const notFound = (id: number): SkippedOrder => ({
  id,
  orderId: null,
  orderNo: null,
  code: 'not_found',
  reason: SKIP_REASONS.not_found,
});

export function createOrderActionsService(deps: {
  storage: StoragePort;
  clock: () => number;
  model: ReadModel;
  backup: (kind: 'pre_purge', actor: Actor) => Promise<BackupRecord>;
}) {
  const { storage, clock, model } = deps;

  /** The step before the transaction (purge's backup); a replayed key answers before it. */
  async function before(
    action: OrderActionName,
    entry: OrderActionEntry<unknown>,
    input: ActionInput,
    key: string | null,
    actor: Actor,
  ): Promise<{ replay: ActionResult } | { backup: BackupRecord | null }> {
    if (!entry.before) return { backup: null };
    if (key) {
      const replay = await storedAnswer(storage.db, key, action, actor, clock());
      if (replay) return { replay };
    }
    return { backup: await entry.before({ storage, lineIds: input.ids, actor, backup: deps.backup }) };
  }

  /**
   * The requested lines' orders and, for an action whose rule needs it (accept: กอง 1), the global
   * allocation of the data this transaction sees. Asked side by side: the model's first question
   * (its version) shares a round trip with the orders' on a remote database. Both have ended
   * before this returns, whichever failed.
   */
  async function loadWithAllocation(
    entry: OrderActionEntry<unknown>,
    tx: Db,
    exec: SqlExecutor,
    ids: number[],
  ) {
    const [loaded, snapshot] = await Promise.allSettled([
      loadOrders(tx, ids),
      entry.usesAllocation ? model.inTransaction(exec) : null,
    ]);
    if (loaded.status === 'rejected') throw loaded.reason;
    if (snapshot.status === 'rejected') throw snapshot.reason;
    return { ...loaded.value, snapshot: snapshot.value };
  }

  /** Splits the loaded orders into those `check` lets through and the refused ones. */
  function sortOrders(
    entry: OrderActionEntry<unknown>,
    orders: LoadedOrder[],
    params: ActionParams,
    snapshot: Awaited<ReturnType<ReadModel['inTransaction']>> | null,
  ): { eligible: LoadedOrder[]; refused: SkippedOrder[] } {
    const eligible: LoadedOrder[] = [];
    const refused: SkippedOrder[] = [];
    for (const o of orders) {
      const current = snapshot?.orders.get(o.id);
      const state = current ? { ...o.state, lines: current.lines.map((l) => l.alloc) } : o.state;
      const check = entry.check(state, params);
      if (check.ok) eligible.push(o);
      else refused.push({ id: o.lineId, orderId: o.id, orderNo: o.orderNo, code: check.code, reason: check.reason });
    }
    return { eligible, refused };
  }

  async function run(action: OrderActionName, input: ActionInput, actor: Actor): Promise<ActionResult> {
    const entry = ACTIONS[action];
    const params = entry.params ? entry.params(input) : NO_PARAMS;
    const key = input.idempotencyKey?.trim() || null;

    const first = await before(action, entry, input, key, actor);
    if ('replay' in first) return first.replay;
    const { backup } = first;

    const now = clock();
    return storage.transaction(async (tx, exec) => {
      const replay = key ? await replayInTransaction(tx, exec, key, action, actor, now) : null;
      if (replay) return replay;

      const { orders, missing, snapshot } = await loadWithAllocation(entry, tx, exec, input.ids);
      const { eligible, refused } = sortOrders(entry, orders, params, snapshot);
      const skipped = [...missing.map(notFound), ...refused];
      const ids = eligible.map((o) => o.id);
      const by = { id: actor.userId, name: actor.username };
      const context = { orders: eligible, ids, now, by, params };
      const outcome = eligible.length > 0 && entry.apply ? await entry.apply({ tx, ...context }) : undefined;
      const writes = eligible.length > 0 && entry.statements ? entry.statements(context) : [];
      const countLines = entry.linesAffected ?? ((o: LoadedOrder) => o.lineIds.length);
      const linesAffected = eligible.reduce((n, o) => n + countLines(o), 0);

      const result: ActionResult = {
        action,
        affected: eligible.length,
        linesAffected,
        skipped,
        orderIds: ids,
        ...(backup ? { backup: backup.name } : {}),
      };
      const details = entry.audit({ orders: eligible, params, outcome, backup });
      const row = { requested: orders, changed: eligible, skipped, linesAffected, lineIds: input.ids, key, details };
      // The writes that need no answer, the audit row and the stored answer: one round trip remotely.
      await askTogether(exec, [
        ...writes,
        auditStatement(tx, actor, auditEntry(action, row), now),
        ...(key ? [rememberStatement(key, action, actor, now, result)] : []),
      ]);
      return result;
    });
  }

  return { run };
}

// The shapes every order action shares: the request, the answer, an order as the actions load it,
// and the `{ check, apply, audit }` entry each action file defines (the runner is index.ts).
import type { ActionCheck, OrderActionName, OrderActionState, SkipCode } from '../../../domain/piles';
import type { Db, SqlStatement, StoragePort } from '../../../storage';
import type { BackupRecord } from '../../backups';
import type { Actor } from '../../context';

export interface ActionInput {
  ids: number[];
  reason?: string | null;
  round?: number | null;
  idempotencyKey?: string | null;
}

export interface SkippedOrder {
  /** The (first) requested line id of the order. */
  id: number;
  orderId: number | null;
  orderNo: string | null;
  code: SkipCode;
  reason: string;
}

export interface ActionResult {
  action: OrderActionName;
  /** Orders changed. */
  affected: number;
  /** Lines of those orders that the change touched. */
  linesAffected: number;
  skipped: SkippedOrder[];
  orderIds: number[];
  /** Purge only: the pre_purge backup taken first. */
  backup?: string;
  /** A repeated idempotency key: the stored answer, nothing changed. */
  replayed?: boolean;
}

/** An order of the requested lines, with what the state rules need. */
export interface LoadedOrder {
  id: number;
  orderNo: string;
  platform: string;
  /** First requested line of this order. */
  lineId: number;
  lineIds: number[];
  acceptedLines: number;
  state: OrderActionState;
}

/** The request's own parameters, validated: cancel's reason, dispatch-round's round. */
export interface ActionParams {
  reason: string | null;
  round: number | null;
}

/** What `apply` writes with: the orders that passed `check`, inside the action's transaction. */
export interface ApplyContext {
  tx: Db;
  orders: LoadedOrder[];
  ids: number[];
  now: number;
  by: { id: number | null; name: string | null };
  params: ActionParams;
}

/** What `audit` describes: the changed orders, what `apply` reported, the backup taken first. */
export interface AuditContext<Outcome> {
  orders: LoadedOrder[];
  params: ActionParams;
  /** `apply`'s answer; undefined when no order passed `check` (nothing was applied). */
  outcome: Outcome | undefined;
  backup: BackupRecord | null;
}

/** What a step before the transaction may use (purge's backup). */
export interface BeforeContext {
  storage: StoragePort;
  lineIds: number[];
  actor: Actor;
  backup: (kind: 'pre_purge', actor: Actor) => Promise<BackupRecord>;
}

export interface OrderActionEntry<Outcome = void> {
  /** Validates the request's own parameters (a Thai 400 when they are wrong). */
  params?: (input: ActionInput) => ActionParams;
  /** The state rule needs the global allocation as this transaction sees it (accept: กอง 1). */
  usesAllocation?: boolean;
  /** Which orders may take the action now, and why not (the Thai refusal of `SKIP_REASONS`). */
  check: (order: OrderActionState, params: ActionParams) => ActionCheck;
  /** Lines of a changed order that count as touched (default: all its lines). */
  linesAffected?: (order: LoadedOrder) => number;
  /** Runs before the transaction; a replayed idempotency key answers before it. */
  before?: (ctx: BeforeContext) => Promise<BackupRecord | null>;
  /** The writes, through the port, for the orders that passed `check` (never called for none). */
  apply?(ctx: ApplyContext): Promise<Outcome>;
  /**
   * Instead of `apply`, for writes that need no answer (so `audit` sees no outcome): the
   * statements, sent together with the audit row and the idempotency record, which a remote
   * database then takes in one round trip instead of one each (docs/domain/read-model.md#the-event-loop).
   */
  statements?(ctx: Omit<ApplyContext, 'tx'>): SqlStatement[];
  /** The action's own part of the audit row's details (the runner adds ids, numbers, skips). */
  audit(ctx: AuditContext<Outcome>): Record<string, unknown>;
}

/** Keeps an entry's `apply` -> `audit` outcome typed where it is written; the table holds any. */
export const defineAction = <Outcome>(entry: OrderActionEntry<Outcome>): OrderActionEntry<unknown> => entry;

export const NO_PARAMS: ActionParams = { reason: null, round: null };
export const noDetails = (): Record<string, unknown> => ({});

// Order piles, warehouse receive, row actions, action preconditions and the scan station
// (docs/domain/allocation.md#piles to #scan-station), as pure functions over allocated lines +
// flags.
export {
  backlogOrToday,
  canonicalStatusCode,
  isOrderSetCode,
  isPending,
  ORDER_SET_CODES,
  orderSets,
  PILE_TITLES,
  pileOf,
  pileTags,
  type OrderSetCode,
  type OrderSetInput,
  type OrderSets,
  type Pile,
  type PileLine,
} from './allocation/order-sets';
export {
  changeBadge,
  currentGroup,
  issueSourceGroup,
  warehouseReceive,
} from './allocation/warehouse-receive';
export { rowAction, type RowAction } from './allocation/row-action';
export {
  checkActionOnOrder,
  type ActionCheck,
  checkOrderAction,
  ORDER_ACTION_NAMES,
  SKIP_REASONS,
  type OrderActionName,
  type OrderActionState,
  type SkipCode,
} from './allocation/action-rules';
export {
  normaliseScan,
  scanCommand,
  STATUS_CHECK_UNKNOWN,
  statusCheck,
} from './allocation/scan';

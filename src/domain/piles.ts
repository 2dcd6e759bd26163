// Order piles, warehouse receive, row actions, action preconditions and the scan station
// (spec allocation-and-reports 3.3-3.6 and 4), as pure functions over allocated lines + flags.
export {
  backlogOrToday,
  canonicalStatusCode,
  isNotInSbs,
  isNotPackedYet,
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
  type PileOrder,
} from './allocation/order-sets';
export {
  changeBadge,
  currentGroup,
  issueSourceGroup,
  isWarehouseReceive,
  warehouseReceive,
  type CurrentGroup,
  type WarehouseGroup,
  type WarehouseOrder,
  type WarehouseReceive,
} from './allocation/warehouse-receive';
export { rowAction, type RowAction, type RowActionKind } from './allocation/row-action';
export {
  cancelReason,
  checkActionOnOrder,
  checkOrderAction,
  ORDER_ACTION_NAMES,
  SKIP_REASONS,
  type ActionCheck,
  type OrderAction,
  type OrderActionName,
  type OrderActionState,
  type SkipCode,
} from './allocation/action-rules';
export {
  normaliseScan,
  scanCommand,
  STATUS_CHECK_NAMES,
  STATUS_CHECK_REPORT,
  STATUS_CHECK_UNKNOWN,
  statusCheck,
  type StatusCheck,
  type StatusCheckColour,
  type StatusCheckFlag,
  type StatusCheckOrder,
  type StatusCheckStock,
} from './allocation/scan';

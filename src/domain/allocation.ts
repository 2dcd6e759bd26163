// Stock allocation, labels and sales-status interpretation (spec allocation-and-reports 1).
export { computeAllocation, LOW_STOCK_THRESHOLD } from './allocation/compute';
export { classifyOrder, isOpenOrder, LineClass, markerClass } from './allocation/classify';
export { compareCodePoints } from './allocation/code-point';
export { ISSUED_LABEL, NO_STATUS_LABEL, STATUS_LABELS, statusLabel } from './allocation/labels';
export { PLATFORM_LABELS, PLATFORM_PRIORITY, PLATFORMS, platformPriority } from './allocation/platform';
export {
  isBlankSalesStatus,
  isPackedStatus,
  SALES_TEXT_NO_INVOICE,
  SALES_TEXT_NOT_IN_SBS,
  salesText,
  type SalesRecord,
} from './allocation/sales';
export type {
  AllocationInput,
  AllocationResult,
  AllocLine,
  AllocLineColumns,
  ComputedStatus,
  DisplayStatus,
  LineAllocation,
  OrderFlags,
  OrderFlagsLookup,
  Platform,
  SkuAllocation,
  StockLookup,
} from './allocation/types';

// Stock allocation, labels and sales-status interpretation (spec allocation-and-reports 1).
export { computeAllocation, LOW_STOCK_THRESHOLD } from './compute';
export { classifyOrder, isOpenOrder, LineClass, markerClass } from './classify';
export { compareCodePoints } from './code-point';
export { ISSUED_LABEL, NO_STATUS_LABEL, STATUS_LABELS, statusLabel } from './labels';
export { PLATFORM_LABELS, PLATFORM_PRIORITY, PLATFORMS, platformPriority } from './platform';
export {
  isBlankSalesStatus,
  isPackedStatus,
  SALES_TEXT_NO_INVOICE,
  SALES_TEXT_NOT_IN_SBS,
  salesText,
  type SalesRecord,
} from './sales';
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
} from './types';

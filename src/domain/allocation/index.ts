// Stock allocation, labels and sales-status interpretation (docs/domain/allocation.md).
export { computeAllocation } from './compute';
export { compareCodePoints } from './code-point';
export { STATUS_LABELS, statusLabel } from './labels';
export { PLATFORM_LABELS, PLATFORM_PRIORITY, PLATFORMS } from './platform';
export {
  isPackedStatus,
  salesText,
} from './sales';
export type {
  AllocationResult,
  AllocLine,
  AllocLineColumns,
  ComputedStatus,
  DisplayStatus,
  LineAllocation,
  OrderFlags,
  Platform,
} from './types';

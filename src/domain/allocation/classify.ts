import type { OrderFlags } from './types';

/**
 * Line classification (docs/domain/allocation.md#line-classification); only `Open` lines take part
 * in consumption.
 */
export const LineClass = {
  Trashed: 0,
  Cancelled: 1,
  Packed: 2,
  BillEmpty: 3,
  Open: 4,
} as const;
export type LineClass = (typeof LineClass)[keyof typeof LineClass];

/**
 * The class below TRASHED in the precedence (docs/domain/allocation.md#line-classification): what a
 * trashed order's lines show where they stay visible (docs/domain/allocation.md#warehouse-receive).
 */
export function markerClass(flags: OrderFlags | undefined): LineClass {
  if (flags === undefined) return LineClass.Open;
  if (flags.cancelled) return LineClass.Cancelled;
  if (flags.packed) return LineClass.Packed;
  if (flags.billEmpty) return LineClass.BillEmpty;
  return LineClass.Open;
}

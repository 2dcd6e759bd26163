// Stock per SKU as the one global allocation sees it (docs/domain/allocation.md#consumption): on
// hand, what the open lines that fit have taken (allocated), what is left for new orders (free) and
// the demand of every open line (AllQty). The product and stock pages show these beside the stored
// quantity.
import type { ReadModel } from './read-model';

export interface SkuLevel {
  sku: string;
  onHand: number;
  /** Pieces taken by open lines that fit (READY_ACCEPT / LOW_STOCK), committed lines first. */
  allocated: number;
  /** On hand minus allocated. */
  free: number;
  /** Σ qty of every open line of the SKU (AllQty). */
  demand: number;
}

export function createStockLevelsService(deps: { model: Pick<ReadModel, 'current'> }) {
  return {
    /** Levels of the given SKUs (a SKU without stock or lines has all zeros). */
    async levels(skus: readonly string[]): Promise<Map<string, SkuLevel>> {
      const allocation = await deps.model.current();
      const out = new Map<string, SkuLevel>();
      for (const sku of skus) {
        const a = allocation.sku(sku);
        out.set(sku, { sku, onHand: a.onHand, allocated: a.allocated, free: a.remaining, demand: a.allQty });
      }
      return out;
    },
  };
}

// Orders import (docs/domain/imports.md#orders): rows grouped by (shop, order id) into orders, by
// SKU into lines (parse.ts); an order with any invalid row is rejected whole; insert-only, a known
// (shop, order id) is a duplicate, same-day or cross-day (plan.ts); shops are created by
// (platform, name key) in the same transaction, and pending cancellations are applied to the
// new orders (write.ts, pending.ts).
import type { KindHandler } from '../types';
import type { ParsedOrders } from './drafts';
import { parseOrders, streamOrders } from './parse';
import { planOrders } from './plan';

export const ordersHandler: KindHandler<ParsedOrders> = { parse: parseOrders, stream: streamOrders, plan: planOrders };

// The read model as the pages and the reports read it (docs/domain/read-model.md#interface-for-the-pages-and-the-reports): the
// open orders of one data version, their lines with the one global allocation, and what the
// `shortage` explanation takes from a SKU's queue.
import type { QueueLine } from '../allocation/shortage';
import type { LineRecord } from '../orders-view/types';
import type { OpenOrdersView } from './store';

export type { OpenOrdersView } from './store';

/** A line as the shortage explanation takes it (allocation/shortage.ts). */
export function toQueueLine(l: LineRecord): QueueLine {
  const o = l.order;
  return {
    id: l.id,
    orderId: o.id,
    orderNo: o.orderNo,
    platform: o.platform,
    sku: l.sku,
    qty: l.qty,
    orderTime: o.orderTime,
    accepted: l.accepted,
    flags: o.flags,
    shopName: o.shopName,
  };
}

/** Every open line of a SKU as the shortage explanation takes them, in its queue order. */
export const queueLines = (view: Pick<OpenOrdersView, 'queue'>, sku: string): QueueLine[] =>
  view.queue(sku).map(toQueueLine);

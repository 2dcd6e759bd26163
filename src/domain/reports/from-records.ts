// The orders-view records (one allocation per data version) as report inputs: an OrderRecord
// already has every field a ReportOrder reads except the print counters, which live in their
// own table. Typed against OrderRecord so a change there that breaks the reports fails to compile.
import type { OrderRecord } from '../orders-view/types';
import { NO_ORDER_PRINTS, type OrderPrints, type ReportOrder } from './types';

export function toReportOrder(o: OrderRecord, prints: OrderPrints = NO_ORDER_PRINTS): ReportOrder {
  return { ...o, prints };
}

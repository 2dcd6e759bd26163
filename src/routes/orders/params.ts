// Query parameters of the orders list, the dashboard and its export, into the service's query.
import type { z } from '@hono/zod-openapi';
import type { OrdersQuery } from '../../services/orders';
import type { OrdersListQuery, ScopeQuery } from './schemas';

type ListQuery = z.infer<typeof OrdersListQuery>;
type ScopeParams = z.infer<typeof ScopeQuery>;

export function scopeParams(q: ScopeParams): OrdersQuery {
  const mode = q.all_time === '1' || q.all_time === 'true' ? 'all_time' : q.mode;
  return {
    mode,
    platform: q.platform,
    shop: q.shop,
    q: q.q,
    importedFrom: q.importedFrom,
    importedTo: q.importedTo,
    orderedFrom: q.orderedFrom,
    orderedTo: q.orderedTo,
  };
}

export function listParams(q: ListQuery): OrdersQuery {
  return {
    ...scopeParams(q),
    view: q.view,
    status: q.status,
    due: q.due,
    pile: q.pile as 1 | 2 | 3 | undefined,
    showChange: q.showChange ?? q.show_change,
    sort: q.sort,
    dir: q.dir,
    page: q.page,
    limit: q.limit,
  };
}

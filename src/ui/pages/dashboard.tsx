// `/`: the dashboard (docs/domain/allocation.md#dashboard-scope to #warehouse-receive): the cards
// of GET /api/dashboard in their three sections (piles กอง 1/2/3, totals, ค้าง/วันนี้ splits), each
// a link into the orders list filtered by its code; the filters of the API (platform, shop, due,
// search, view mode); and three small server-rendered charts: orders imported per day by platform,
// pending work by SLA day, and stock trouble by pile. The numbers are the API's, from the same
// service call.
import { definePages } from '../define';
import { render } from '../render';
import { formatCount, hrefWith } from '../list-query';
import { thaiDateTime } from '../format';
import { filtersQuery, readOrdersFilters, type OrdersFilters } from '../orders-query';
import { ordersPerDayChart, slaChart, troubleChart } from '../charts/dashboard-data';
import { Badge } from '../components/badge';
import { Banner } from '../components/banner';
import { HorizontalBarChart, StackedBarChart } from '../components/charts';
import { OrderFilters } from '../components/order-filters';
import type { Card, CardCode } from '../../domain/orders-view/cards';

type Dashboard = Awaited<ReturnType<import('../../services/orders').OrdersService['dashboard']>>;

/** The colour of a card's edge: piles as the status badges colour them. */
const CARD_TONES: Partial<Record<CardCode, string>> = {
  ORDER_READY: 'success',
  ORDER_LOW_STOCK: 'warning',
  ORDER_PROBLEM: 'danger',
  ORDER_NOT_SCANNED: 'info',
  ISSUED: 'info',
  PACKED: 'dark',
  ORDER_CANCELLED: 'neutral',
  ORDER_CANCELLED_PACKED: 'neutral',
  TRASHED: 'neutral',
  WH_RECEIVE_G1: 'success',
  WH_RECEIVE_G2: 'warning',
  WH_RECEIVE_G3: 'danger',
  BILL_EMPTY: 'purple',
};

const SHOW_CHANGE_OF: Partial<Record<CardCode, string>> = {
  WH_RECEIVE_TOTAL: 'TOTAL',
  WH_RECEIVE_G1: 'G1',
  WH_RECEIVE_G2: 'G2',
  WH_RECEIVE_G3: 'G3',
};

const pick = (q: Record<string, string>, keys: string[]) =>
  Object.fromEntries(Object.entries(q).filter(([k]) => keys.includes(k)));

/**
 * Where a card leads: the orders list filtered by its code, with the dashboard's filters
 * (docs/domain/allocation.md#dashboard-cards).
 */
export function cardHref(code: CardCode, f: OrdersFilters): string {
  const q = filtersQuery(f);
  if (code === 'ISSUED') return hrefWith('/orders/issued', pick(q, ['platform', 'shop', 'q']));
  if (code === 'TRASHED') return hrefWith('/orders/trash', pick(q, ['platform', 'shop']));
  return hrefWith('/orders', { ...q, status: code });
}

function CardLink(props: { card: Card; filters: OrdersFilters }) {
  const { card } = props;
  const change = SHOW_CHANGE_OF[card.code];
  return (
    <li class={`kpi-item kpi-${CARD_TONES[card.code] ?? 'accent'}`}>
      <a class="kpi" href={cardHref(card.code, props.filters)} data-card={card.code}>
        <span class="kpi-title">{card.title}</span>
        <span class="kpi-value" data-orders={String(card.orders)}>
          {formatCount(card.orders)}
        </span>
        <span class="kpi-unit">
          ออเดอร์ · <span data-lines={String(card.lines)}>{formatCount(card.lines)}</span> รายการ
        </span>
        {card.backlog !== undefined ? (
          <span class="kpi-split">
            ค้าง {formatCount(card.backlog)} | วันนี้ {formatCount(card.today ?? 0)}
          </span>
        ) : null}
      </a>
      {change && card.changed ? (
        <a class="kpi-change" href={hrefWith('/orders', { ...filtersQuery(props.filters), showChange: change })}>
          สถานะเปลี่ยน {formatCount(card.changed)}
          <span class="visually-hidden"> ({card.title})</span>
        </a>
      ) : null}
    </li>
  );
}

const PLATFORM_COLUMNS: CardCode[] = ['TOTAL', 'ORDER_READY', 'ORDER_LOW_STOCK', 'ORDER_PROBLEM', 'ISSUED'];

function ByPlatform(props: { d: Dashboard; filters: OrdersFilters }) {
  if (props.d.byPlatform.length === 0) return null;
  return (
    <div class="table-wrap">
      <table class="data">
        <caption>แยกตาม Platform (ออเดอร์)</caption>
        <thead>
          <tr>
            <th scope="col">Platform</th>
            {PLATFORM_COLUMNS.map((code) => (
              <th scope="col" class="num">
                {props.d.cards[code].title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.d.byPlatform.map((p) => (
            <tr>
              <th scope="row">{p.label}</th>
              {PLATFORM_COLUMNS.map((code) => (
                <td class="num">
                  <a href={cardHref(code as CardCode, { ...props.filters, platform: p.platform })}>
                    {formatCount(p.cards[code].orders)}
                  </a>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const dashboardPages = definePages((page) => {
  page.get('/', async (c) => {
    const services = c.get('services');
    const { filters, dropped } = readOrdersFilters(c.req.query());
    const scope = {
      platform: filters.platform ?? undefined,
      shop: filters.shop ?? undefined,
      q: filters.q ?? undefined,
      due: filters.due ?? undefined,
      mode: filters.mode ?? undefined,
    };
    const [d, perDay, pending, shops] = await Promise.all([
      services.orders.dashboard(scope),
      services.dashboardCharts.ordersPerDay({ platform: scope.platform, shop: scope.shop, days: 14 }),
      services.dashboardCharts.pending(scope),
      services.shops.list({ limit: 500 }),
    ]);
    const perDayChart = ordersPerDayChart(perDay);
    const sla = slaChart(pending.due);
    const trouble = troubleChart(pending.trouble);
    const warnings = [...dropped, ...d.warnings];
    const exportHref = hrefWith('/api/dashboard/export.xlsx', filtersQuery(filters));
    return render(c, {
      title: 'แดชบอร์ด',
      body: (
        <>
          <div class="page-head">
            <h1>แดชบอร์ด</h1>
            <p class="head-meta">
              <Badge tone="info">{d.badge}</Badge> <span class="muted">ข้อมูล ณ {thaiDateTime(d.generatedAt)}</span>{' '}
              <a href={exportHref} class="button secondary small">
                ส่งออก Excel
              </a>
            </p>
          </div>
          <OrderFilters action="/" filters={filters} shops={shops.items} mode clearHref="/" />
          {warnings.length > 0 ? (
            <Banner tone="warning">
              <ul>
                {warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            </Banner>
          ) : null}
          {d.sections.map((section) => (
            <section class="kpi-section" aria-labelledby={`section-${section.key}`}>
              <h2 id={`section-${section.key}`}>{section.title}</h2>
              <ul class="kpi-grid">
                {section.cards.map((code) => (
                  <CardLink card={d.cards[code as CardCode]} filters={filters} />
                ))}
              </ul>
            </section>
          ))}
          <section aria-labelledby="charts-title">
            <h2 id="charts-title">ภาพรวม</h2>
            <div class="chart-grid">
              <StackedBarChart
                id="orders-per-day"
                title="ออเดอร์ที่นำเข้าต่อวัน แยกตาม Platform (14 วัน)"
                summary={perDayChart.summary}
                categories={perDayChart.categories}
                categoryLabel="วันที่นำเข้า"
                series={perDayChart.series}
                values={perDayChart.values}
              />
              <div>
                <HorizontalBarChart
                  id="sla-chart"
                  title="SLA ของงานค้าง (ออเดอร์)"
                  summary={sla.summary}
                  items={sla.items}
                />
                <HorizontalBarChart
                  id="trouble-chart"
                  title="ปัญหาสต็อกตามกอง (ออเดอร์)"
                  summary={trouble.summary}
                  items={trouble.items}
                />
              </div>
            </div>
            <p class="chart-links">
              ดูรายการ: <a href={hrefWith('/orders', { ...filtersQuery(filters), due: 'overdue' })}>เลยกำหนด</a> ·{' '}
              <a href={hrefWith('/orders', { ...filtersQuery(filters), due: 'today' })}>ครบกำหนดวันนี้</a> ·{' '}
              <a href={hrefWith('/orders', { ...filtersQuery(filters), due: 'tomorrow' })}>พรุ่งนี้</a> ·{' '}
              <a href={cardHref('ORDER_LOW_STOCK', filters)}>กอง 2</a> ·{' '}
              <a href={cardHref('ORDER_PROBLEM', filters)}>กอง 3</a>
            </p>
          </section>
          <ByPlatform d={d} filters={filters} />
        </>
      ),
    });
  });
});

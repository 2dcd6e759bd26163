// The filter form of the dashboard and the orders pages: a GET form, so a filtered view is a
// link that can be bookmarked, sent, and opened with the keyboard alone.
import { Field, SelectField } from './form';
import { DUE_OPTIONS, MODE_OPTIONS, PLATFORM_OPTIONS, STATUS_OPTIONS, type OrdersFilters } from '../orders-query';
import { DATE_FILTER_LABELS, type DateFilterKey } from '../../domain/orders-view/dates';
import type { ShopView } from '../../services/catalog/shops';

export interface OrderFiltersProps {
  action: string;
  filters: OrdersFilters;
  shops: readonly ShopView[];
  /** The status select (orders pages) and the view mode (dashboard, pending list). */
  status?: boolean;
  mode?: boolean;
  dates?: boolean;
  /** Kept through the form (e.g. the page size). */
  keep?: Record<string, string | undefined>;
  clearHref: string;
}

export function shopOptions(shops: readonly ShopView[], current: string | null) {
  const options = [
    { value: '', label: 'ทั้งหมด' },
    ...shops.map((s) => ({ value: String(s.id), label: `${s.name} (${s.platformLabel})` })),
  ];
  // A shop named in the link rather than picked here still shows as chosen.
  if (current !== null && !options.some((o) => o.value === current)) options.push({ value: current, label: current });
  return options;
}

export function OrderFilters(props: OrderFiltersProps) {
  const f = props.filters;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is announced by every screen reader; <search> is not yet
    <form method="get" action={props.action} class="filters panel" role="search" aria-label="ตัวกรอง">
      <div class="filter-grid">
        <Field
          name="q"
          label="ค้นหา (Global Search)"
          type="search"
          value={f.q ?? ''}
          placeholder="เลข Order, SKU, Brand, ชื่อสินค้า, ร้าน"
          class="span-2"
        />
        <SelectField name="platform" label="Platform" value={f.platform ?? ''} options={PLATFORM_OPTIONS} />
        <SelectField name="shop" label="ร้าน" value={f.shop ?? ''} options={shopOptions(props.shops, f.shop)} />
        <SelectField name="due" label="กำหนดส่ง (SLA)" value={f.due ?? ''} options={DUE_OPTIONS} />
        {props.status ? (
          <SelectField name="status" label="สถานะ" value={f.status ?? ''} options={STATUS_OPTIONS} />
        ) : null}
        {props.mode ? <SelectField name="mode" label="มุมมอง" value={f.mode ?? ''} options={MODE_OPTIONS} /> : null}
      </div>
      {props.dates ? (
        <details
          class="more-filters"
          open={Object.keys(DATE_FILTER_LABELS).some((k) => f[k as DateFilterKey] !== null)}
        >
          <summary>ตัวกรองวันที่</summary>
          <div class="filter-grid">
            {(Object.keys(DATE_FILTER_LABELS) as DateFilterKey[]).map((key) => (
              <Field name={key} label={DATE_FILTER_LABELS[key]} type="date" value={f[key] ?? ''} />
            ))}
          </div>
        </details>
      ) : null}
      {Object.entries(props.keep ?? {}).map(([name, value]) =>
        value === undefined ? null : <input type="hidden" name={name} value={value} />,
      )}
      <div class="actions">
        <button type="submit">ค้นหา</button>
        <a class="button secondary" href={props.clearHref}>
          ล้างตัวกรอง
        </a>
      </div>
    </form>
  );
}

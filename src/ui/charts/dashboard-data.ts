// From the services' numbers to what the dashboard's charts draw: categories, series, colours
// and the one sentence a screen reader hears for each chart. Pure, so it is tested without a
// page; the geometry is geometry.ts's.
import { PLATFORMS, PLATFORM_LABELS } from '../../domain/platform';
import { PLATFORM_COLOURS } from '../components/charts';
import { formatCount } from '../list-query';
import type { OrdersPerDay } from '../../services/orders/dashboard-charts';
import type { DueCounts, TroubleCounts } from '../../domain/orders-view/chart-counts';

export interface StackedChartData {
  categories: string[];
  series: { name: string; colour: string }[];
  values: number[][];
  summary: string;
}

/** `dd/mm` of a `YYYY-MM-DD`: the year is the chart's title's business. */
export const dayLabel = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;

export function ordersPerDayChart(data: OrdersPerDay): StackedChartData {
  // Platforms with no order in the period are left out of the legend.
  const platforms = PLATFORMS.filter((p) => data.counts[p].some((n) => n > 0));
  const shown = platforms.length > 0 ? platforms : [...PLATFORMS];
  const totals = data.days.map((_, i) => shown.reduce((sum, p) => sum + data.counts[p][i], 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const today = totals[totals.length - 1] ?? 0;
  let busiest = -1;
  totals.forEach((t, i) => {
    if (t > 0 && (busiest < 0 || t > totals[busiest])) busiest = i;
  });
  const summary =
    total === 0
      ? `ไม่มีออเดอร์นำเข้าใน ${data.days.length} วันที่ผ่านมา`
      : `นำเข้ารวม ${formatCount(total)} ออเดอร์ใน ${data.days.length} วัน วันนี้ ${formatCount(today)} ออเดอร์ ` +
        `มากที่สุดวันที่ ${dayLabel(data.days[busiest])} (${formatCount(totals[busiest])} ออเดอร์)`;
  return {
    categories: data.days.map(dayLabel),
    series: shown.map((p) => ({ name: PLATFORM_LABELS[p], colour: PLATFORM_COLOURS[p] })),
    values: shown.map((p) => data.counts[p]),
    summary,
  };
}

export interface BarChartData {
  items: { label: string; value: number; colour: string }[];
  summary: string;
}

const sentence = (items: { label: string; value: number }[], unit: string) =>
  items.map((i) => `${i.label} ${formatCount(i.value)} ${unit}`).join(' ');

export function slaChart(due: DueCounts): BarChartData {
  const items = [
    { label: 'เลยกำหนด', value: due.overdue, colour: '#b42318' },
    { label: 'ครบกำหนดวันนี้', value: due.today, colour: '#c2410c' },
    { label: 'พรุ่งนี้', value: due.tomorrow, colour: '#a16207' },
  ];
  return { items, summary: `งานค้าง: ${sentence(items, 'ออเดอร์')}` };
}

export function troubleChart(t: TroubleCounts): BarChartData {
  const items = [
    { label: 'กอง 2: สินค้าน้อย', value: t.low, colour: '#ca8a04' },
    { label: 'กอง 3: ไม่มีสินค้า', value: t.shortage, colour: '#b42318' },
    { label: 'กอง 3: ไม่พอส่ง', value: t.notEnough, colour: '#ea580c' },
  ];
  return { items, summary: `ปัญหาสต็อก: ${sentence(items, 'ออเดอร์')}` };
}

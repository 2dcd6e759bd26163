// Server-rendered SVG charts: no script, no inline style (colours are SVG presentation
// attributes, which the CSP allows). Each chart is an image with a title and a one-sentence
// description, plus the numbers as a table for screen readers, so nothing is only a picture.
import { formatCount } from '../list-query';
import { horizontalBarLayout, stackedBarLayout } from '../charts/geometry';

/** Platform colours, in allocation priority order (docs/domain/allocation.md#processing-order). */
export const PLATFORM_COLOURS: Readonly<Record<string, string>> = {
  Shopee: '#ee4d2d',
  TikTok: '#1f2937',
  Lazada: '#2563eb',
  Other: '#9ca3af',
};

export interface StackedBarChartProps {
  /** Unique on the page: the ids of the title and description derive from it. */
  id: string;
  title: string;
  /** One sentence a screen reader reads for the whole chart (totals, the busiest day, ...). */
  summary: string;
  categories: readonly string[];
  series: readonly { name: string; colour: string }[];
  /** values[series][category] */
  values: readonly (readonly number[])[];
  /** Header of the categories column of the data table. */
  categoryLabel: string;
}

function Swatch(props: { colour: string }) {
  return (
    <svg viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <rect width="10" height="10" rx="2" fill={props.colour} />
    </svg>
  );
}

export function StackedBarChart(props: StackedBarChartProps) {
  const layout = stackedBarLayout({
    categories: props.categories,
    series: props.series.map((s) => s.name),
    values: props.values,
  });
  const { frame, plot } = layout;
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <figure class="chart" id={props.id}>
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.summary}</desc>
        {layout.ticks.map((t) => (
          <g>
            <line class="grid-line" x1={plot.x} x2={plot.x + plot.width} y1={t.y} y2={t.y} />
            <text class="axis-label" x={plot.x - 6} y={t.y + 4} text-anchor="end">
              {formatCount(t.value)}
            </text>
          </g>
        ))}
        <line
          class="axis-line"
          x1={plot.x}
          x2={plot.x + plot.width}
          y1={plot.y + plot.height}
          y2={plot.y + plot.height}
        />
        {layout.bars.map((bar) => (
          <g>
            {bar.segments.map((seg) => (
              <rect x={bar.x} y={seg.y} width={bar.width} height={seg.height} fill={props.series[seg.series].colour} />
            ))}
            <text class="axis-label" x={bar.centre} y={plot.y + plot.height + 18} text-anchor="middle">
              {bar.category}
            </text>
          </g>
        ))}
      </svg>
      <ul class="legend">
        {props.series.map((s) => (
          <li>
            <Swatch colour={s.colour} />
            {s.name}
          </li>
        ))}
      </ul>
      <table class="visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.categoryLabel}</th>
            {props.series.map((s) => (
              <th scope="col">{s.name}</th>
            ))}
            <th scope="col">รวม</th>
          </tr>
        </thead>
        <tbody>
          {layout.bars.map((bar, c) => (
            <tr>
              <th scope="row">{bar.category}</th>
              {props.series.map((_, s) => (
                <td>{formatCount(props.values[s]?.[c] ?? 0)}</td>
              ))}
              <td>{formatCount(bar.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export interface HorizontalBarChartProps {
  id: string;
  title: string;
  summary: string;
  items: readonly { label: string; value: number; colour: string }[];
}

export function HorizontalBarChart(props: HorizontalBarChartProps) {
  const layout = horizontalBarLayout(props.items);
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <figure class="chart" id={props.id}>
      <figcaption>{props.title}</figcaption>
      <svg
        class="hbar"
        viewBox={`0 0 ${layout.width} ${Math.max(layout.height, 1)}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
      >
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.summary}</desc>
        {layout.rows.map((row, i) => (
          <g>
            <text class="bar-label" x={0} y={row.textY}>
              {row.label}
            </text>
            <rect
              x={row.barX}
              y={row.barY}
              width={row.barWidth}
              height={row.barHeight}
              rx="3"
              fill={props.items[i].colour}
            />
            <text class="value-label" x={row.valueX} y={row.textY}>
              {formatCount(row.value)}
            </text>
          </g>
        ))}
      </svg>
      <table class="visually-hidden">
        <caption>{props.title}</caption>
        <tbody>
          {layout.rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              <td>{formatCount(row.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

// Geometry of the server-rendered SVG charts: pure functions from numbers to coordinates, so the
// drawing code only places what these return (and they are unit-tested without a browser).

export interface Scale {
  /** The top of the axis: a round number at or above the largest value. */
  max: number;
  step: number;
  ticks: number[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A value axis from 0 with steps of 1, 2 or 5 times a power of ten, at most `maxTicks` steps.
 * Values are counts, so a step is never below 1. Nothing to show still gives an axis 0..1.
 */
export function niceScale(maxValue: number, maxTicks = 5): Scale {
  const top = Number.isFinite(maxValue) && maxValue > 0 ? maxValue : 0;
  if (top === 0) return { max: 1, step: 1, ticks: [0, 1] };
  const rough = top / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const normalised = rough / magnitude;
  const nice = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
  const step = Math.max(1, nice * magnitude);
  const max = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max; t += step) ticks.push(t);
  return { max, step, ticks };
}

export interface Frame {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const STACKED_FRAME: Frame = { width: 720, height: 280, top: 12, right: 12, bottom: 36, left: 44 };

export interface StackedInput {
  categories: readonly string[];
  series: readonly string[];
  /** values[series][category]; negative or missing values count as 0. */
  values: readonly (readonly number[])[];
}

export interface StackedSegment {
  series: number;
  value: number;
  y: number;
  height: number;
}

export interface StackedBar {
  category: string;
  /** Left edge and width of the bar; `centre` is where its label goes. */
  x: number;
  width: number;
  centre: number;
  total: number;
  /** Bottom-up in series order; zero values have no segment. */
  segments: StackedSegment[];
}

export interface StackedLayout {
  frame: Frame;
  plot: { x: number; y: number; width: number; height: number };
  scale: Scale;
  ticks: { value: number; y: number }[];
  bars: StackedBar[];
}

const valueAt = (values: StackedInput['values'], s: number, c: number) => {
  const v = values[s]?.[c];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
};

/** One bar per category, its series stacked from the bottom; `gap` is the share of each band left empty. */
export function stackedBarLayout(input: StackedInput, frame: Frame = STACKED_FRAME, gap = 0.3): StackedLayout {
  const plot = {
    x: frame.left,
    y: frame.top,
    width: frame.width - frame.left - frame.right,
    height: frame.height - frame.top - frame.bottom,
  };
  const totals = input.categories.map((_, c) =>
    input.series.reduce((sum, _s, s) => sum + valueAt(input.values, s, c), 0),
  );
  const scale = niceScale(Math.max(0, ...totals));
  const yOf = (value: number) => round2(plot.y + plot.height - (value / scale.max) * plot.height);
  const band = input.categories.length ? plot.width / input.categories.length : plot.width;
  const barWidth = band * (1 - gap);
  const bars = input.categories.map((category, c) => {
    let below = 0;
    const segments: StackedSegment[] = [];
    input.series.forEach((_, s) => {
      const value = valueAt(input.values, s, c);
      if (value === 0) return;
      const y = yOf(below + value);
      segments.push({ series: s, value, y, height: round2(yOf(below) - y) });
      below += value;
    });
    const x = plot.x + c * band + (band - barWidth) / 2;
    return {
      category,
      x: round2(x),
      width: round2(barWidth),
      centre: round2(plot.x + c * band + band / 2),
      total: totals[c],
      segments,
    };
  });
  return { frame, plot, scale, ticks: scale.ticks.map((value) => ({ value, y: yOf(value) })), bars };
}

export interface HorizontalFrame {
  width: number;
  labelWidth: number;
  valueWidth: number;
  rowHeight: number;
  barHeight: number;
}

export const HORIZONTAL_FRAME: HorizontalFrame = {
  width: 360,
  labelWidth: 120,
  valueWidth: 48,
  rowHeight: 36,
  barHeight: 22,
};

export interface HorizontalRow {
  label: string;
  value: number;
  /** Top of the row; the bar and its texts are centred in it. */
  y: number;
  barX: number;
  barY: number;
  barWidth: number;
  barHeight: number;
  /** Baseline of the label and value texts. */
  textY: number;
  valueX: number;
}

export interface HorizontalLayout {
  width: number;
  height: number;
  max: number;
  rows: HorizontalRow[];
}

/** One row per item: label, a bar in proportion to the largest value, then the value. */
export function horizontalBarLayout(
  items: readonly { label: string; value: number }[],
  frame: HorizontalFrame = HORIZONTAL_FRAME,
): HorizontalLayout {
  const values = items.map((i) => (Number.isFinite(i.value) && i.value > 0 ? i.value : 0));
  const max = Math.max(1, ...values);
  const track = frame.width - frame.labelWidth - frame.valueWidth;
  const rows = items.map((item, i) => {
    const y = i * frame.rowHeight;
    const barWidth = round2((values[i] / max) * track);
    return {
      label: item.label,
      value: values[i],
      y,
      barX: frame.labelWidth,
      barY: round2(y + (frame.rowHeight - frame.barHeight) / 2),
      barWidth,
      barHeight: frame.barHeight,
      textY: round2(y + frame.rowHeight / 2 + 5),
      valueX: round2(frame.labelWidth + barWidth + 6),
    };
  });
  return { width: frame.width, height: items.length * frame.rowHeight, max, rows };
}

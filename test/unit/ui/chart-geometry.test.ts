// Chart geometry, worked by hand with small frames.
import { describe, expect, it } from 'vitest';
import { horizontalBarLayout, niceScale, stackedBarLayout, type Frame } from '../../../src/ui/charts/geometry';

describe('niceScale', () => {
  it('rounds the axis up to steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceScale(37)).toEqual({ max: 40, step: 10, ticks: [0, 10, 20, 30, 40] });
    expect(niceScale(120)).toEqual({ max: 150, step: 50, ticks: [0, 50, 100, 150] });
    expect(niceScale(9)).toEqual({ max: 10, step: 2, ticks: [0, 2, 4, 6, 8, 10] });
    expect(niceScale(5)).toEqual({ max: 5, step: 1, ticks: [0, 1, 2, 3, 4, 5] });
    expect(niceScale(1000)).toEqual({ max: 1000, step: 200, ticks: [0, 200, 400, 600, 800, 1000] });
  });

  it('never steps below 1 (counts), and draws an axis 0..1 when there is nothing', () => {
    expect(niceScale(2)).toEqual({ max: 2, step: 1, ticks: [0, 1, 2] });
    expect(niceScale(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
    expect(niceScale(-5)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
    expect(niceScale(Number.NaN)).toEqual({ max: 1, step: 1, ticks: [0, 1] });
  });
});

describe('stackedBarLayout', () => {
  // Plot area: x 10..110 (width 100), y 0..100 (height 100).
  const frame: Frame = { width: 110, height: 120, top: 0, right: 0, bottom: 20, left: 10 };

  it('stacks the series bottom-up in each category, scaled to the nice maximum', () => {
    // Totals 6 and 10 -> axis 0..10 (step 2), so one unit is 10 px.
    const layout = stackedBarLayout(
      {
        categories: ['01/03', '02/03'],
        series: ['Shopee', 'Lazada'],
        values: [
          [4, 10],
          [2, 0],
        ],
      },
      frame,
      0.5,
    );
    expect(layout.scale.max).toBe(10);
    expect(layout.plot).toEqual({ x: 10, y: 0, width: 100, height: 100 });
    // Bands of 50 px, bars half as wide, centred.
    const [first, second] = layout.bars;
    expect(first).toMatchObject({ category: '01/03', x: 22.5, width: 25, centre: 35, total: 6 });
    expect(first.segments).toEqual([
      { series: 0, value: 4, y: 60, height: 40 },
      { series: 1, value: 2, y: 40, height: 20 },
    ]);
    // A zero value has no segment.
    expect(second).toMatchObject({ x: 72.5, centre: 85, total: 10 });
    expect(second.segments).toEqual([{ series: 0, value: 10, y: 0, height: 100 }]);
    expect(layout.ticks.map((t) => [t.value, t.y])).toEqual([
      [0, 100],
      [2, 80],
      [4, 60],
      [6, 40],
      [8, 20],
      [10, 0],
    ]);
  });

  it('treats negative and missing values as zero and keeps an axis for an empty chart', () => {
    const layout = stackedBarLayout({ categories: ['a', 'b'], series: ['s'], values: [[-3]] }, frame);
    expect(layout.bars.map((b) => b.total)).toEqual([0, 0]);
    expect(layout.bars.every((b) => b.segments.length === 0)).toBe(true);
    expect(layout.scale).toEqual({ max: 1, step: 1, ticks: [0, 1] });
  });

  it('fourteen days fit the default frame without overlapping bars', () => {
    const categories = Array.from({ length: 14 }, (_, i) => `${String(i + 1).padStart(2, '0')}/03`);
    const layout = stackedBarLayout({ categories, series: ['x'], values: [categories.map((_, i) => i)] });
    for (let i = 1; i < layout.bars.length; i++)
      expect(layout.bars[i].x).toBeGreaterThan(layout.bars[i - 1].x + layout.bars[i - 1].width);
    const last = layout.bars.at(-1)!;
    expect(last.x + last.width).toBeLessThanOrEqual(layout.plot.x + layout.plot.width);
  });
});

describe('horizontalBarLayout', () => {
  const frame = { width: 300, labelWidth: 100, valueWidth: 50, rowHeight: 30, barHeight: 20 };

  it('sizes each bar against the largest value, one row per item', () => {
    // Track 300 - 100 - 50 = 150 px for the largest value (6).
    const layout = horizontalBarLayout(
      [
        { label: 'วันนี้', value: 6 },
        { label: 'พรุ่งนี้', value: 2 },
        { label: 'เลยกำหนด', value: 0 },
      ],
      frame,
    );
    expect(layout).toMatchObject({ width: 300, height: 90, max: 6 });
    expect(layout.rows.map((r) => [r.label, r.y, r.barX, r.barY, r.barWidth, r.valueX, r.textY])).toEqual([
      ['วันนี้', 0, 100, 5, 150, 256, 20],
      ['พรุ่งนี้', 30, 100, 35, 50, 156, 50],
      ['เลยกำหนด', 60, 100, 65, 0, 106, 80],
    ]);
  });

  it('all zero: no bar is drawn and nothing divides by zero', () => {
    const layout = horizontalBarLayout([{ label: 'a', value: 0 }], frame);
    expect(layout.max).toBe(1);
    expect(layout.rows[0].barWidth).toBe(0);
  });
});

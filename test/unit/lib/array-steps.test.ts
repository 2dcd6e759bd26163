// sortSteps (lib/array-steps.ts, docs/domain/read-model.md#the-event-loop) sorts runs natively and
// merges them in steps, with fast paths for runs already in order, runs in strictly reverse order
// and merges whose ends are already in place. Whatever the path, the result is the one a single
// stable sort gives: items with equal keys keep their input order.
import { describe, expect, it } from 'vitest';
import { rangeSteps, SORT_RUN, sortSteps } from '../../../src/lib/array-steps';
import { runSteps } from '../../../src/lib/steps';
import { mulberry32 } from '../../support/prng';

interface Item {
  key: number;
  at: number;
}

const byKey = (a: Item, b: Item) => a.key - b.key;
let compares = 0;
const counted = (a: Item, b: Item) => {
  compares++;
  return a.key - b.key;
};

const items = (keys: number[]): Item[] => keys.map((key, at) => ({ key, at }));
const oneSort = (xs: Item[]) => xs.slice().sort(byKey);
const stepped = (xs: Item[]) => runSteps(sortSteps(xs, byKey));

const N = 3 * SORT_RUN + 1_234;

describe('sortSteps', () => {
  const rnd = mulberry32(14);
  const int = (n: number) => Math.floor(rnd() * n);
  const cases: Record<string, number[]> = {
    random: Array.from({ length: N }, () => int(1_000_000)),
    'random, many ties': Array.from({ length: N }, () => int(50)),
    sorted: Array.from({ length: N }, (_, i) => i),
    'sorted with ties': Array.from({ length: N }, (_, i) => i >> 4),
    reversed: Array.from({ length: N }, (_, i) => N - i),
    'reversed with ties': Array.from({ length: N }, (_, i) => (N - i) >> 4),
    'sorted, a few swapped': Array.from({ length: N }, (_, i) => (i % 5_000 === 17 ? int(N) : i)),
    'blocks in reverse order': Array.from({ length: N }, (_, i) => (3 - Math.floor(i / SORT_RUN)) * N + (i % SORT_RUN)),
    'all equal': Array.from({ length: N }, () => 7),
    'sorted, a few appended out of order': [
      ...Array.from({ length: N - 40 }, (_, i) => 2 * i),
      ...Array.from({ length: 40 }, () => int(2 * N)),
    ],
    'a few out of order first, then sorted': [
      ...Array.from({ length: 40 }, () => int(2 * N)),
      ...Array.from({ length: N - 40 }, (_, i) => 2 * i),
    ],
  };
  for (const [name, keys] of Object.entries(cases))
    it(`equals one stable sort: ${name}`, () => {
      const input = items(keys);
      const out = stepped(input);
      expect(out.map((x) => x.at)).toEqual(oneSort(input).map((x) => x.at));
      // The input is left as it was.
      expect(input.map((x) => x.key)).toEqual(keys);
    });

  it('merges runs already in order without comparing across them', () => {
    const sorted = items(Array.from({ length: N }, (_, i) => i));
    compares = 0;
    runSteps(sortSteps(sorted, counted));
    // The runtime's sort of an ordered run takes one pass (run - 1 comparisons); one more per merge.
    expect(compares).toBeLessThan(N + 16);
  });

  it('swaps runs in strictly reverse order without merging them', () => {
    const reversed = items(Array.from({ length: N }, (_, i) => N - i));
    compares = 0;
    const out = runSteps(sortSteps(reversed, counted));
    expect(out.map((x) => x.key)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(compares).toBeLessThan(N + 16);
  });

  it('places a few items appended out of order by binary search, not one comparison per item', () => {
    const keys = [
      ...Array.from({ length: N - 40 }, (_, i) => 2 * i),
      ...Array.from({ length: 40 }, (_, i) => 1 + 977 * i),
    ];
    compares = 0;
    const out = runSteps(sortSteps(items(keys), counted));
    expect(out.map((x) => x.key)).toEqual(keys.slice().sort((a, b) => a - b));
    // Ordered runs (one pass each), then at most log2(N) comparisons per appended item per merge.
    expect(compares).toBeLessThan(N + 40 * 18 * 3);
  });

  it('yields between runs and within merges', () => {
    const steps = sortSteps(items(cases.random), byKey);
    let yields = 0;
    for (let r = steps.next(); !r.done; r = steps.next()) yields++;
    expect(yields).toBeGreaterThan(N / SORT_RUN + 4);
  });
});

describe('rangeSteps', () => {
  it('hands 10 items by 4 as [0, 4), [4, 8), [8, 10), giving the loop a turn between ranges only', () => {
    const seen: [number, number][] = [];
    const steps = rangeSteps(10, 4, (from, to) => seen.push([from, to]));
    const yields: number[] = [];
    for (let r = steps.next(); !r.done; r = steps.next()) yields.push(r.value);
    expect(seen).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(yields).toEqual([4, 4]);
  });

  it('visits nothing and never yields for no items', () => {
    const seen: [number, number][] = [];
    expect(runSteps(rangeSteps(0, 4, (from, to) => seen.push([from, to])))).toBeUndefined();
    expect(seen).toEqual([]);
  });
});

// The table order's merge of arriving orders (docs/domain/read-model.md#the-event-loop): a few
// items are placed by binary search, many are merged; either way the result is what one stable
// sort of the old array followed by the new items gives (ties: the existing entry first).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertSortedInPlace } from '../../../src/domain/read-model/store';

interface Entry {
  key: number;
  /** Where it came from, so ties show their order. */
  tag: string;
}

const byKey = (a: Entry, b: Entry) => a.key - b.key;

function expected(sorted: Entry[], items: Entry[]): Entry[] {
  return [...sorted, ...items].sort(byKey);
}

const entries = (tag: string, max: number) =>
  fc
    .array(fc.integer({ min: 0, max: 40 }), { maxLength: max })
    .map((keys) => keys.sort((a, b) => a - b).map((key, i) => ({ key, tag: `${tag}${i}` })));

describe('insertSortedInPlace', () => {
  it('few items into many (binary search) and many into few (merge) equal one stable sort', () => {
    fc.assert(
      fc.property(entries('old', 400), entries('new', 400), fc.boolean(), (old, fresh, few) => {
        const items = few ? fresh.slice(0, 3) : fresh;
        const sorted = [...old];
        insertSortedInPlace(sorted, items, byKey);
        expect(sorted).toEqual(expected(old, items));
      }),
      { numRuns: 300 },
    );
  });

  it('a few items among 30,000: at their places, ties after the existing entries, in far fewer comparisons', () => {
    const sorted: Entry[] = Array.from({ length: 30_000 }, (_, i) => ({ key: i * 2, tag: `old${i}` }));
    const items: Entry[] = [
      { key: 0, tag: 'a' },
      { key: 7, tag: 'b' },
      { key: 30_000, tag: 'c' },
      { key: 70_000, tag: 'd' },
    ];
    const want = expected(sorted, items);
    let comparisons = 0;
    insertSortedInPlace(sorted, items, (a, b) => {
      comparisons++;
      return byKey(a, b);
    });
    expect(sorted).toEqual(want);
    expect(sorted[1].tag).toBe('a');
    // A merge compares each of the 30,000 after the first place; four binary searches, ~60.
    expect(comparisons).toBeLessThan(100);
  });
});

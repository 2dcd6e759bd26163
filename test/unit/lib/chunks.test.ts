// chunks (lib/chunks.ts) cuts the keys or rows of one SQL statement into runs of at most `size`:
// every item once, in order, the last run holding what is left.
import { describe, expect, it } from 'vitest';
import { chunks } from '../../../src/lib/chunks';

describe('chunks', () => {
  it('cuts seven items by three into 3 + 3 + 1, in order', () => {
    expect(chunks(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('gives one run when the items fit, exactly or with room', () => {
    expect(chunks([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(chunks([1, 2], 500)).toEqual([[1, 2]]);
  });

  it('gives no run for no items, so no statement is sent', () => {
    expect(chunks([], 500)).toEqual([]);
  });

  it('1,001 keys by 500 are three statements of 500, 500 and 1', () => {
    const keys = Array.from({ length: 1001 }, (_, i) => i);
    expect(chunks(keys, 500).map((run) => run.length)).toEqual([500, 500, 1]);
    expect(chunks(keys, 500).flat()).toEqual(keys);
  });
});

// Links of list pages: sort, page and page size, worked by hand.
import { describe, expect, it } from 'vitest';
import { hrefWith, pageCount, pageWindow, readPaging, readSort, sortHref } from '../../../src/ui/list-query';

describe('hrefWith', () => {
  it('keeps the other parameters in order, replaces changed ones at the end, drops nulls', () => {
    expect(hrefWith('/orders', { q: 'A 1', platform: 'Shopee', page: '3' }, { page: null })).toBe(
      '/orders?q=A+1&platform=Shopee',
    );
    expect(hrefWith('/orders', { q: 'x', sort: 'sku' }, { sort: 'shop', dir: 'desc' })).toBe(
      '/orders?q=x&sort=shop&dir=desc',
    );
    expect(hrefWith('/orders', {}, { page: null })).toBe('/orders');
    expect(hrefWith('/orders', { q: undefined, size: '100' })).toBe('/orders?size=100');
  });

  it('encodes values, so a query cannot break out of the link', () => {
    expect(hrefWith('/p', { q: '"><script>&=' })).toBe('/p?q=%22%3E%3Cscript%3E%26%3D');
  });
});

describe('sorting', () => {
  const fallback = { key: 'orderNo', dir: 'asc' as const };
  it('reads an allowed sort and ignores any other', () => {
    expect(readSort({ sort: 'sku', dir: 'desc' }, ['sku', 'orderNo'], fallback)).toEqual({ key: 'sku', dir: 'desc' });
    expect(readSort({ sort: 'sku', dir: 'sideways' }, ['sku'], fallback)).toEqual({ key: 'sku', dir: 'asc' });
    expect(readSort({ sort: 'password_hash' }, ['sku'], fallback)).toEqual(fallback);
    expect(readSort({}, ['sku'], fallback)).toEqual(fallback);
  });

  it('a header sorts ascending first, flips when already ascending, and goes back to page 1', () => {
    expect(sortHref('/x', { page: '4', q: 'a' }, { key: 'sku', dir: 'asc' }, 'sku')).toBe('/x?q=a&sort=sku&dir=desc');
    expect(sortHref('/x', { page: '4' }, { key: 'sku', dir: 'desc' }, 'sku')).toBe('/x?sort=sku&dir=asc');
    expect(sortHref('/x', {}, { key: 'sku', dir: 'asc' }, 'shop')).toBe('/x?sort=shop&dir=asc');
    expect(sortHref('/x', {}, null, 'shop')).toBe('/x?sort=shop&dir=asc');
  });
});

describe('paging', () => {
  it('reads page and size, falling back on anything else', () => {
    expect(readPaging({ page: '3', size: '100' })).toEqual({ page: 3, pageSize: 100 });
    expect(readPaging({ page: '0', size: '7' })).toEqual({ page: 1, pageSize: 50 });
    expect(readPaging({ page: '2.5' })).toEqual({ page: 1, pageSize: 50 });
    expect(readPaging({ page: '-1' }, [20, 40])).toEqual({ page: 1, pageSize: 20 });
    expect(readPaging({ page: 'abc', size: '40' }, [20, 40])).toEqual({ page: 1, pageSize: 40 });
  });

  it('counts pages, at least one', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });

  it('shows the first, the last and two either side of the current page', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    expect(pageWindow(1, 20)).toEqual([1, 2, 3, null, 20]);
    expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20]);
    // A single missing page is shown instead of an ellipsis that would stand for it.
    expect(pageWindow(5, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pageWindow(4, 9)).toEqual([1, 2, 3, 4, 5, 6, null, 9]);
  });
});

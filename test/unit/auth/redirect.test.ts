// Safe `next` redirects after login (docs/domain/auth.md#redirects; W6).
import { describe, expect, it } from 'vitest';
import { safeNext } from '../../../src/http/redirect';

describe('safeNext', () => {
  it.each([
    '//evil.example',
    '//evil.example/orders',
    'https://evil.example',
    'http://evil.example/',
    'javascript:alert(1)',
    '/\\evil',
    '/\\\\evil.example',
    '/\t/evil',
    '/\\t/evil',
    '/\n/evil.example',
    'evil.example',
    ' /orders',
    '',
  ])('sends %j home', (next) => {
    expect(safeNext(next)).toBe('/');
  });

  it.each(['/orders?x=1', '/', '/reports/picking#top', '/orders?q=%2F%2Fevil'])('keeps the local path %j', (next) => {
    expect(safeNext(next)).toBe(next);
  });

  it('sends a missing next home', () => {
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

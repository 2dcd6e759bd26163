import { describe, expect, it } from 'vitest';
import {
  checkPlatformSignature,
  detectPlatformFromHeaders,
  normalizePlatform,
  platformLabel,
  platformPriority,
} from '../../../src/domain/platform';
import { cleanShopName, shopNameKey } from '../../../src/domain/imports/shops';

describe('platform normaliser (docs/domain/data-model.md#platforms)', () => {
  it.each([
    ['Shopee', 'Shopee'],
    [' shopee ', 'Shopee'],
    ['SHOPPEE', 'Shopee'],
    ['SPX', 'Shopee'],
    ['Shopee1', 'Shopee'],
    ['TikTok', 'TikTok'],
    ['Tik Tok', 'TikTok'],
    ['TikTok Shop', 'TikTok'],
    ['TIKTOK', 'TikTok'],
    ['tiktokshop', 'TikTok'],
    ['Lazada', 'Lazada'],
    ['LZ', 'Lazada'],
    ['lz.', 'Lazada'],
    ['Other', 'Other'],
    ['others', 'Other'],
    ['อื่นๆ', 'Other'],
    ['อื่น ๆ', 'Other'],
  ])('%j -> %s', (input, out) => expect(normalizePlatform(input)).toBe(out));

  it.each(['Shopee-TH', 'Amazon', '', '   ', 'LINE Shopping'])('%j -> null (invalid_platform)', (input) =>
    expect(normalizePlatform(input)).toBeNull(),
  );
  it('Shopee-TH is invalid (key shopeeth)', () => expect(normalizePlatform('Shopee-TH')).toBeNull());
  it('priority and label', () => {
    expect((['Shopee', 'TikTok', 'Lazada', 'Other'] as const).map(platformPriority)).toEqual([1, 2, 3, 4]);
    expect(platformLabel('Other')).toBe('อื่นๆ');
    expect(platformLabel('TikTok')).toBe('TikTok');
  });
});

describe('platform header signature (docs/domain/imports.md#platform-signature)', () => {
  it('Lazada: orderNumber and sellerSku', () =>
    expect(detectPlatformFromHeaders(['orderNumber', 'sellerSku', 'itemName', 'createTime'])).toBe('Lazada'));
  it('Shopee: order_sn, SKU Reference No. or หมายเลขคำสั่งซื้อ', () => {
    expect(detectPlatformFromHeaders(['order_sn', 'SKU'])).toBe('Shopee');
    expect(detectPlatformFromHeaders(['Order ID', 'SKU Reference No.'])).toBe('Shopee');
    expect(detectPlatformFromHeaders(['หมายเลขคำสั่งซื้อ', 'เลขอ้างอิง SKU (SKU Reference No.)'])).toBe('Shopee');
  });
  it('TikTok: Seller SKU with Created Time or Paid Time', () => {
    expect(detectPlatformFromHeaders(['Order ID', 'Seller SKU', 'Created Time'])).toBe('TikTok');
    expect(detectPlatformFromHeaders(['Order ID', 'seller sku', 'PAID TIME'])).toBe('TikTok');
    expect(detectPlatformFromHeaders(['Order ID', 'Seller SKU'])).toBeNull();
  });
  it('no signature: no signal (the legacy template, Thai headers)', () => {
    expect(detectPlatformFromHeaders(['ชื่อร้าน', 'เลข Order', 'รหัสสินค้า'])).toBeNull();
  });
  it('mismatch only when a signature disagrees with the chosen platform', () => {
    expect(checkPlatformSignature('Shopee', ['orderNumber', 'sellerSku'])).toEqual({
      detected: 'Lazada',
      mismatch: true,
    });
    expect(checkPlatformSignature('Lazada', ['orderNumber', 'sellerSku'])).toEqual({
      detected: 'Lazada',
      mismatch: false,
    });
    expect(checkPlatformSignature('Other', ['Order ID', 'SKU'])).toEqual({ detected: null, mismatch: false });
  });
});

describe('shop name cleaning and name_key (docs/domain/data-model.md#shops)', () => {
  it.each([
    ['  Alpha Gadget Shop  ', 'Alpha Gadget Shop'],
    ['Alpha•Gadget', 'Alpha Gadget'],
    ['Alpha • Gadget', 'Alpha Gadget'],
    ['Alpha   Gadget', 'Alpha Gadget'],
    ['Alpha (Shopee)', 'Alpha'],
    ['Beta Home (Lazada)', 'Beta Home'],
    ['Gamma (TikTok)', 'Gamma'],
    ['ร้านเดลต้า (อื่นๆ)', 'ร้านเดลต้า'],
    ['Alpha (Official)', 'Alpha (Official)'],
    ['Alpha (Shopee) Outlet', 'Alpha (Shopee) Outlet'],
  ])('%j -> %j', (input, out) => expect(cleanShopName(input).value).toBe(out));
  it('blank shop cells are no shop (never a shop called nan)', () => {
    expect(cleanShopName('nan').value).toBeNull();
    expect(cleanShopName('  ').value).toBeNull();
    expect(cleanShopName(null).value).toBeNull();
  });
  it('name_key: lower-case, whitespace collapsed', () => {
    expect(shopNameKey('Alpha  Gadget Shop')).toBe('alpha gadget shop');
    expect(shopNameKey(cleanShopName('ALPHA • Gadget SHOP (Shopee)').value!)).toBe('alpha gadget shop');
  });
  it('longer than 255 -> truncated signal', () => {
    const r = cleanShopName('S'.repeat(300));
    expect(r).toEqual({ value: 'S'.repeat(255), truncated: true });
  });
});

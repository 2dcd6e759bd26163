// Platforms: a closed set (docs/domain/data-model.md#platforms). Inputs follow the legacy key rule:
// keep only Latin and Thai letters, lower-case, look the key up; anything else is invalid (400
// `invalid_platform`) instead of being stored verbatim as the legacy did.
import { normalizeHeader } from './imports/text';

export const PLATFORMS = ['Shopee', 'TikTok', 'Lazada', 'Other'] as const;
export type Platform = (typeof PLATFORMS)[number];

const KEYS: ReadonlyMap<string, Platform> = new Map([
  ['shopee', 'Shopee'],
  ['shoppee', 'Shopee'],
  ['spx', 'Shopee'],
  ['tiktok', 'TikTok'],
  ['tiktokshop', 'TikTok'],
  ['lazada', 'Lazada'],
  ['lz', 'Lazada'],
  ['other', 'Other'],
  ['others', 'Other'],
  ['อื่นๆ', 'Other'],
]);

/** The lookup key: every character that is not a Latin or Thai letter removed, lower-cased. */
export function platformKey(input: string): string {
  // The whole Thai block is kept (the legacy did), which keeps ๆ in อื่นๆ.
  return input.replace(/[^A-Za-z\u0E00-\u0E7F]/g, '').toLowerCase();
}

/** Canonical platform, or null when the input is not one of the closed set. */
export function normalizePlatform(input: string | null | undefined): Platform | null {
  if (input == null) return null;
  return KEYS.get(platformKey(input)) ?? null;
}

/** Allocation priority (docs/domain/allocation.md#processing-order): lower is served first. */
export const PLATFORM_PRIORITY: Readonly<Record<Platform, number>> = { Shopee: 1, TikTok: 2, Lazada: 3, Other: 4 };
/** How users see a platform; `Other` is อื่นๆ. */
export const PLATFORM_LABELS: Readonly<Record<Platform, string>> = {
  Shopee: 'Shopee',
  TikTok: 'TikTok',
  Lazada: 'Lazada',
  Other: 'อื่นๆ',
};

/** The set is closed at import time, so any other value reaching here is a bug upstream. */
export function platformPriority(p: string): number {
  const priority = PLATFORM_PRIORITY[p as Platform];
  if (priority === undefined) throw new RangeError(`unknown platform: ${JSON.stringify(p)}`);
  return priority;
}

export function platformLabel(p: Platform): string {
  return PLATFORM_LABELS[p];
}

// Header signatures (docs/domain/imports.md#platform-signature), normalised. Checked in this order;
// a file matching more than one is ambiguous and gives no signal.
const SIGNATURES: readonly { platform: Platform; all: string[]; any: string[] }[] = [
  { platform: 'Lazada', all: ['orderNumber', 'sellerSku'], any: [] },
  { platform: 'Shopee', all: [], any: ['order_sn', 'SKU Reference No.', 'หมายเลขคำสั่งซื้อ'] },
  { platform: 'TikTok', all: ['Seller SKU'], any: ['Created Time', 'Paid Time'] },
].map((s) => ({ platform: s.platform as Platform, all: s.all.map(normalizeHeader), any: s.any.map(normalizeHeader) }));

/** The platform whose export the header row looks like, or null when none (or several) match. */
export function detectPlatformFromHeaders(header: readonly (string | null | undefined)[]): Platform | null {
  const present = new Set(header.map((h) => normalizeHeader(h ?? '')));
  const hits = SIGNATURES.filter(
    (s) => s.all.every((h) => present.has(h)) && (s.any.length === 0 || s.any.some((h) => present.has(h))),
  );
  return hits.length === 1 ? hits[0].platform : null;
}

export interface PlatformCheck {
  detected: Platform | null;
  /** Add the file-level warning `platform_mismatch`; the user's choice still wins. */
  mismatch: boolean;
}

export function checkPlatformSignature(
  chosen: Platform,
  header: readonly (string | null | undefined)[],
): PlatformCheck {
  const detected = detectPlatformFromHeaders(header);
  return { detected, mismatch: detected !== null && detected !== chosen };
}

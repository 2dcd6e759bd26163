import type { Platform } from './types';

export const PLATFORMS: readonly Platform[] = ['Shopee', 'TikTok', 'Lazada', 'Other'];

/** Allocation priority (spec 1.3): lower is served first. */
export const PLATFORM_PRIORITY: Readonly<Record<Platform, number>> = { Shopee: 1, TikTok: 2, Lazada: 3, Other: 4 };

/** How a platform is shown; `Other` is อื่นๆ. */
export const PLATFORM_LABELS: Readonly<Record<Platform, string>> = {
  Shopee: 'Shopee',
  TikTok: 'TikTok',
  Lazada: 'Lazada',
  Other: 'อื่นๆ',
};

/** The platform set is closed at import time, so any other value here is a bug upstream. */
export function platformPriority(platform: string): number {
  switch (platform) {
    case 'Shopee':
      return 1;
    case 'TikTok':
      return 2;
    case 'Lazada':
      return 3;
    case 'Other':
      return 4;
    default:
      throw new RangeError(`unknown platform: ${JSON.stringify(platform)}`);
  }
}

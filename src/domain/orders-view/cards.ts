// Dashboard cards (spec 3.3-3.5): order sets counted in orders and lines, with the ค้าง/วันนี้
// split, per platform and per shop. The counts use the same scope and records as the orders
// table, so a card and the table filtered by its code always agree.
import { PLATFORM_LABELS, PLATFORMS, type Platform } from '../allocation';
import { PILE_TITLES, type OrderSetCode } from '../piles';
import { bangkokDate } from '../time';
import { matchesQuery } from './select';
import { issuedOn, trashedOn, inPlatformShop, type Scope } from './scope';
import type { OrderRecord } from './types';

export type CardCode = OrderSetCode | 'TOTAL' | 'ISSUED' | 'TRASHED';
export type CardSection = 'pending' | 'completed' | 'warehouse';

interface CardDef {
  code: CardCode;
  title: string;
  section: CardSection;
  /** Split by the order's import date (3.3) or by its issue date (3.5); none for งานจบวันนี้. */
  split: 'import' | 'issue' | null;
}

export const CARD_DEFS: readonly CardDef[] = [
  { code: 'TOTAL', title: 'รวมงานค้าง', section: 'pending', split: 'import' },
  { code: 'ORDER_READY', title: PILE_TITLES[1], section: 'pending', split: 'import' },
  { code: 'ORDER_LOW_STOCK', title: PILE_TITLES[2], section: 'pending', split: 'import' },
  { code: 'ORDER_PROBLEM', title: PILE_TITLES[3], section: 'pending', split: 'import' },
  { code: 'ORDER_NO_SALES', title: 'ยังไม่ได้แพ็ค', section: 'pending', split: 'import' },
  { code: 'ORDER_NOT_IN_SBS', title: 'ยังไม่นำเข้า SBS', section: 'pending', split: 'import' },
  { code: 'ORDER_NOT_SCANNED', title: 'รอ Scan Barcode', section: 'pending', split: 'import' },
  { code: 'ISSUED', title: 'จ่ายงานแล้ว', section: 'completed', split: null },
  { code: 'PACKED', title: 'แพ็คแล้ว', section: 'completed', split: null },
  { code: 'ORDER_CANCELLED', title: 'ยกเลิก(ก่อนแพ็ค)', section: 'completed', split: null },
  { code: 'ORDER_CANCELLED_PACKED', title: 'ยกเลิก(หลังแพ็ค)', section: 'completed', split: null },
  { code: 'TRASHED', title: 'ถังขยะ(ลบOrder)', section: 'completed', split: null },
  { code: 'WH_RECEIVE_TOTAL', title: 'รวมงานค้าง (คลังรับงาน/ยังไม่ได้แพ็ค)', section: 'warehouse', split: 'issue' },
  { code: 'WH_RECEIVE_G1', title: 'กอง 1 (รับแล้ว/ยังไม่แพ็ค)', section: 'warehouse', split: 'issue' },
  { code: 'WH_RECEIVE_G2', title: 'กอง 2 (รับแล้ว/ยังไม่แพ็ค)', section: 'warehouse', split: 'issue' },
  { code: 'WH_RECEIVE_G3', title: 'กอง 3 (รับแล้ว/ยังไม่แพ็ค)', section: 'warehouse', split: 'issue' },
  { code: 'BILL_EMPTY', title: 'บิลเปล่า', section: 'warehouse', split: 'import' },
];

export const CARD_SECTIONS: readonly { key: CardSection; title: string; cards: CardCode[] }[] = [
  { key: 'pending', title: 'งานค้างที่ต้องจัดการ (Pending Tasks)', cards: CARD_DEFS.filter((d) => d.section === 'pending').map((d) => d.code) },
  { key: 'completed', title: 'งานจบวันนี้ (Completed Today)', cards: CARD_DEFS.filter((d) => d.section === 'completed').map((d) => d.code) },
  { key: 'warehouse', title: 'คลังรับงาน (รับแล้ว/ยังไม่แพ็ค)', cards: CARD_DEFS.filter((d) => d.section === 'warehouse').map((d) => d.code) },
];

export interface Card {
  code: CardCode;
  title: string;
  section: CardSection;
  /** Distinct orders. */
  orders: number;
  /** Lines of those orders in scope (with a search: the matching lines). */
  lines: number;
  /** ค้าง / วันนี้ split of `orders` (cards with a split only). */
  backlog?: number;
  today?: number;
  /** คลังรับงาน: orders whose current group differs from their issue pile (`สถานะเปลี่ยน N`). */
  changed?: number;
}

export type CardMap = Record<CardCode, Card>;

function emptyCards(): CardMap {
  const out = {} as CardMap;
  for (const d of CARD_DEFS) {
    const card: Card = { code: d.code, title: d.title, section: d.section, orders: 0, lines: 0 };
    if (d.split !== null) {
      card.backlog = 0;
      card.today = 0;
    }
    if (d.section === 'warehouse' && d.code !== 'BILL_EMPTY') card.changed = 0;
    out[d.code] = card;
  }
  return out;
}

export interface DashboardCounts {
  cards: CardMap;
  byPlatform: { platform: Platform; label: string; cards: CardMap }[];
  byShop: { shop: { id: number; name: string }; platform: Platform; cards: CardMap }[];
}

/**
 * Counts the cards over the orders of a scope. `inScopeOrders` are the orders in scope (platform
 * and shop applied); `trashedCandidates` may hold further orders (e.g. trashed today ones that are
 * out of scope) for the ถังขยะ card, which counts orders trashed today under platform/shop only.
 * With a search, only orders having a matching line count, and `lines` counts matching lines;
 * the จ่ายงานแล้ว card searches the order id only (3.3).
 */
export function countCards(input: {
  scope: Scope;
  inScopeOrders: Iterable<OrderRecord>;
  trashedCandidates: Iterable<OrderRecord>;
  q: string | null;
}): DashboardCounts {
  const { scope, q } = input;
  const all = emptyCards();
  const platforms = new Map<Platform, CardMap>();
  const shops = new Map<number, { shop: { id: number; name: string }; platform: Platform; cards: CardMap }>();
  const buckets = (o: OrderRecord): CardMap[] => {
    let p = platforms.get(o.platform);
    if (!p) platforms.set(o.platform, (p = emptyCards()));
    let s = shops.get(o.shopId);
    if (!s) shops.set(o.shopId, (s = { shop: { id: o.shopId, name: o.shopName }, platform: o.platform, cards: emptyCards() }));
    return [all, p, s.cards];
  };

  const issuedCounts = (o: OrderRecord): boolean => {
    if (!o.flags.issued) return false;
    if (q !== null && !o.orderNo.toLowerCase().includes(q)) return false;
    switch (scope.mode) {
      case 'default':
        return issuedOn(o, scope.todayRange);
      case 'today':
        return o.importDate === scope.today;
      default:
        return true;
    }
  };

  for (const o of input.inScopeOrders) {
    const matching = q === null ? o.lines.length : countMatching(o, q);
    const issued = issuedCounts(o);
    if (q !== null && matching === 0 && !issued) continue;
    const targets = buckets(o);
    const importSplit: 'backlog' | 'today' = o.importDate < scope.today ? 'backlog' : 'today';
    const issueSplit: 'backlog' | 'today' =
      o.issued !== null && bangkokDate(o.issued.at) < scope.today ? 'backlog' : 'today';
    const add = (code: CardCode, split: 'backlog' | 'today' | null, lines: number, changed = false) => {
      for (const cards of targets) {
        const c = cards[code];
        c.orders++;
        c.lines += lines;
        if (split !== null) c[split] = (c[split] ?? 0) + 1;
        if (changed) c.changed = (c.changed ?? 0) + 1;
      }
    };
    if (issued) add('ISSUED', null, q === null ? o.lines.length : countMatching(o, q));
    if (matching === 0) continue;
    const sets = o.sets.sets;
    if (o.sets.pending) add('TOTAL', importSplit, matching);
    for (const d of CARD_DEFS) {
      if (d.code === 'TOTAL' || d.code === 'ISSUED' || d.code === 'TRASHED') continue;
      if (!sets[d.code as OrderSetCode]) continue;
      const split = d.split === 'import' ? importSplit : d.split === 'issue' ? issueSplit : null;
      const changed = d.section === 'warehouse' && d.code !== 'BILL_EMPTY' && o.warehouse?.badge != null;
      add(d.code, split, matching, changed);
    }
  }

  for (const o of input.trashedCandidates) {
    if (!trashedOn(o, scope.todayRange) || !inPlatformShop(o, scope)) continue;
    for (const cards of buckets(o)) {
      cards.TRASHED.orders++;
      cards.TRASHED.lines += o.lines.length;
    }
  }

  const byPlatform = PLATFORMS.filter((p) => platforms.has(p)).map((p) => ({ platform: p, label: PLATFORM_LABELS[p], cards: platforms.get(p)! }));
  const byShop = [...shops.values()].sort((a, b) => (a.platform === b.platform ? a.shop.name.localeCompare(b.shop.name) || a.shop.id - b.shop.id : PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform)));
  return { cards: all, byPlatform, byShop };
}

function countMatching(o: OrderRecord, q: string): number {
  let n = 0;
  for (const l of o.lines) if (matchesQuery(l, q)) n++;
  return n;
}

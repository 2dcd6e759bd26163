// Dashboard cards (docs/domain/allocation.md#dashboard-cards): order sets counted in orders and
// lines, with the ค้าง/วันนี้ split, per platform and per shop. The counts use the same scope and
// records as the orders table, so a card and the table filtered by its code always agree.
import { PLATFORM_LABELS, PLATFORMS, type Platform } from '../allocation';
import { PILE_TITLES, type OrderSetCode, type OrderSets } from '../piles';
import { bangkokDate } from '../time';
import { matchesQuery, VIEW_STEP } from './select';
import { runSteps, type Steps } from '../../lib/steps';
import { rangeSteps } from '../../lib/array-steps';
import { issuedOn, trashedOn, inPlatformShop, type Scope } from './scope';
import type { OrderRecord } from './types';

export type CardCode = OrderSetCode | 'TOTAL' | 'ISSUED' | 'TRASHED';
export type CardSection = 'pending' | 'completed' | 'warehouse';

interface CardDef {
  code: CardCode;
  title: string;
  section: CardSection;
  /**
   * Split by the order's import date (pending cards) or by its issue date (คลังรับงาน); none for
   * งานจบวันนี้.
   */
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

export interface DashboardCounts {
  cards: CardMap;
  byPlatform: { platform: Platform; label: string; cards: CardMap }[];
  byShop: { shop: { id: number; name: string }; platform: Platform; cards: CardMap }[];
}

// Counting runs over every order in scope on each dashboard after a write, so it works on
// numbered cards and flat counters: per card, [orders, lines, backlog, today, changed]. Integer
// counters: the first dashboard in a process counts cold, and an increment of a float element in
// unoptimised code makes a heap number each time.
const STRIDE = 5;
const ORDERS = 0;
const LINES = 1;
const BACKLOG = 2;
const TODAY = 3;
const CHANGED = 4;
const CARD_COUNT = CARD_DEFS.length;
const cardIndex = (code: CardCode) => CARD_DEFS.findIndex((d) => d.code === code);
const TOTAL_CARD = cardIndex('TOTAL');
const ISSUED_CARD = cardIndex('ISSUED');
const TRASHED_CARD = cardIndex('TRASHED');
const SPLIT_OF = CARD_DEFS.map((d) => d.split);
const COUNTS_CHANGED = CARD_DEFS.map((d) => d.section === 'warehouse' && d.code !== 'BILL_EMPTY');

// The set cards an order is in follow from its (shared, interned) OrderSets object alone.
const setCardsOf = new WeakMap<OrderSets, number[]>();
function setCards(sets: OrderSets): number[] {
  let cards = setCardsOf.get(sets);
  if (cards === undefined) {
    cards = [];
    for (let i = 0; i < CARD_COUNT; i++) {
      if (i === TOTAL_CARD || i === ISSUED_CARD || i === TRASHED_CARD) continue;
      if (sets.sets[CARD_DEFS[i].code as OrderSetCode]) cards.push(i);
    }
    setCardsOf.set(sets, cards);
  }
  return cards;
}

function toCardMap(counters: Int32Array): CardMap {
  const out = {} as CardMap;
  for (let i = 0; i < CARD_COUNT; i++) {
    const d = CARD_DEFS[i];
    const at = i * STRIDE;
    const card: Card = { code: d.code, title: d.title, section: d.section, orders: counters[at + ORDERS], lines: counters[at + LINES] };
    if (d.split !== null) {
      card.backlog = counters[at + BACKLOG];
      card.today = counters[at + TODAY];
    }
    if (COUNTS_CHANGED[i]) card.changed = counters[at + CHANGED];
    out[d.code] = card;
  }
  return out;
}

/**
 * Counts the cards over the orders of a scope. `inScopeOrders` are the orders in scope (platform
 * and shop applied); `trashedCandidates` may hold further orders (e.g. trashed today ones that are
 * out of scope) for the ถังขยะ card, which counts orders trashed today under platform/shop only.
 * With a search, only orders having a matching line count, and `lines` counts matching lines;
 * the จ่ายงานแล้ว card searches the order id only (docs/domain/allocation.md#dashboard-cards).
 */
export function countCards(input: CardsInput): CountedCards {
  return runSteps(countCardsSteps(input));
}

interface CardsInput {
  scope: Scope;
  /** The orders in scope; with `keep`, the candidates (`keep` says which are in scope). */
  inScopeOrders: Iterable<OrderRecord>;
  /** Further candidates, taken like `inScopeOrders` (the dashboard's closed orders). */
  moreOrders?: Iterable<OrderRecord>;
  keep?: (o: OrderRecord) => boolean;
  trashedCandidates: Iterable<OrderRecord>;
  q: string | null;
}

/** The cards, and the orders and lines in scope (with a search: having a matching line, the matching lines). */
export interface CountedCards extends DashboardCounts {
  inScope: { orders: number; lines: number };
}

/**
 * countCards in steps of VIEW_STEP orders (select.ts). The orders are taken in one pass (the
 * scope's filter, the cards and the scope's totals together): after a write at 200,000 lines the
 * dashboard walks every open order, and three passes over them cost a third of its time.
 */
export function* countCardsSteps(input: CardsInput): Steps<CountedCards> {
  const counter = new CardCounter(input);
  // The loops run in plain functions, a step at a time: V8 does not optimise a loop inside a
  // generator while it runs, and the first dashboard after a write walks every open order cold
  // (docs/domain/read-model.md#what-a-change-re-allocates).
  const count = (items: readonly OrderRecord[], from: number, to: number) => counter.orders(items, from, to);
  yield* inSteps(input.inScopeOrders, count);
  if (input.moreOrders !== undefined) yield* inSteps(input.moreOrders, count);
  yield* inSteps(input.trashedCandidates, (items, from, to) => counter.trashed(items, from, to));
  return counter.result();
}

/**
 * Hands `visit` the items of `source` VIEW_STEP at a time, a step each: an array by ranges of
 * itself, any other iterable through one reused buffer.
 */
function* inSteps(
  source: Iterable<OrderRecord>,
  visit: (items: readonly OrderRecord[], from: number, to: number) => void,
): Steps<void> {
  if (Array.isArray(source)) {
    const items = source as readonly OrderRecord[];
    yield* rangeSteps(items.length, VIEW_STEP, (from, to) => visit(items, from, to));
    return;
  }
  const it = source[Symbol.iterator]();
  const buffer: OrderRecord[] = [];
  for (;;) {
    buffer.length = 0;
    for (let r = it.next(); !r.done; r = it.next()) if (buffer.push(r.value) === VIEW_STEP) break;
    if (buffer.length === 0) return;
    visit(buffer, 0, buffer.length);
    yield VIEW_STEP;
  }
}

/** The counters of countCardsSteps, per card [orders, lines, backlog, today, changed]. */
class CardCounter {
  readonly #scope: Scope;
  readonly #q: string | null;
  readonly #keep: ((o: OrderRecord) => boolean) | undefined;
  readonly #today: string;
  #scopeOrders = 0;
  #scopeLines = 0;
  readonly #all = new Int32Array(CARD_COUNT * STRIDE);
  readonly #platforms = new Map<Platform, Int32Array>();
  readonly #shops = new Map<number, { shop: { id: number; name: string }; platform: Platform; counters: Int32Array }>();
  #lastShop = -1;
  #lastPlatformKey: Platform | null = null;
  #lastPlatform: Int32Array;
  #lastShopCounters: Int32Array;

  constructor(input: CardsInput) {
    this.#scope = input.scope;
    this.#q = input.q;
    this.#keep = input.keep;
    this.#today = input.scope.today;
    this.#lastPlatform = this.#all;
    this.#lastShopCounters = this.#all;
  }

  #bucketsOf(o: OrderRecord): void {
    if (o.shopId === this.#lastShop && o.platform === this.#lastPlatformKey) return;
    let p = this.#platforms.get(o.platform);
    if (!p) this.#platforms.set(o.platform, (p = new Int32Array(CARD_COUNT * STRIDE)));
    let s = this.#shops.get(o.shopId);
    if (!s) this.#shops.set(o.shopId, (s = { shop: { id: o.shopId, name: o.shopName }, platform: o.platform, counters: new Int32Array(CARD_COUNT * STRIDE) }));
    this.#lastShop = o.shopId;
    this.#lastPlatformKey = o.platform;
    this.#lastPlatform = p;
    this.#lastShopCounters = s.counters;
  }

  #add(card: number, split: number, lines: number, changed: boolean): void {
    const at = card * STRIDE;
    bump(this.#all, at, split, lines, changed);
    bump(this.#lastPlatform, at, split, lines, changed);
    bump(this.#lastShopCounters, at, split, lines, changed);
  }

  #issuedCounts(o: OrderRecord): boolean {
    if (!o.flags.issued) return false;
    const q = this.#q;
    if (q !== null && !o.orderNo.toLowerCase().includes(q)) return false;
    switch (this.#scope.mode) {
      case 'default':
        return issuedOn(o, this.#scope.todayRange);
      case 'today':
        return o.importDate === this.#today;
      default:
        return true;
    }
  }

  /** Counts items[from, to): the scope's filter, the cards and the scope's totals. */
  orders(items: readonly OrderRecord[], from: number, to: number): void {
    const q = this.#q;
    const keep = this.#keep;
    const today = this.#today;
    for (let i = from; i < to; i++) {
      const o = items[i];
      if (keep !== undefined && !keep(o)) continue;
      const matching = q === null ? o.lines.length : countMatching(o, q);
      if (matching > 0) {
        this.#scopeOrders++;
        this.#scopeLines += matching;
      }
      const issued = this.#issuedCounts(o);
      if (q !== null && matching === 0 && !issued) continue;
      this.#bucketsOf(o);
      if (issued) this.#add(ISSUED_CARD, -1, matching, false);
      if (matching === 0) continue;
      const importSplit = o.importDate < today ? BACKLOG : TODAY;
      if (o.sets.pending) this.#add(TOTAL_CARD, importSplit, matching, false);
      const cards = setCards(o.sets);
      if (cards.length === 0) continue;
      let issueSplit = -1;
      const badge = o.warehouse !== null && o.warehouse.badge != null;
      for (let c = 0; c < cards.length; c++) {
        const card = cards[c];
        const kind = SPLIT_OF[card];
        let split = -1;
        if (kind === 'import') split = importSplit;
        else if (kind === 'issue') {
          if (issueSplit < 0) issueSplit = o.issued !== null && bangkokDate(o.issued.at) < today ? BACKLOG : TODAY;
          split = issueSplit;
        }
        this.#add(card, split, matching, COUNTS_CHANGED[card] && badge);
      }
    }
  }

  /** The ถังขยะ card over further candidates, items[from, to): trashed today, under platform and shop only. */
  trashed(items: readonly OrderRecord[], from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const o = items[i];
      if (!trashedOn(o, this.#scope.todayRange) || !inPlatformShop(o, this.#scope)) continue;
      this.#bucketsOf(o);
      this.#add(TRASHED_CARD, -1, o.lines.length, false);
    }
  }

  result(): CountedCards {
    const platforms = this.#platforms;
    const byPlatform = PLATFORMS.filter((p) => platforms.has(p)).map((p) => ({ platform: p, label: PLATFORM_LABELS[p], cards: toCardMap(platforms.get(p)!) }));
    const byShop = [...this.#shops.values()]
      .sort((a, b) => (a.platform === b.platform ? a.shop.name.localeCompare(b.shop.name) || a.shop.id - b.shop.id : PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform)))
      .map((s) => ({ shop: s.shop, platform: s.platform, cards: toCardMap(s.counters) }));
    return { cards: toCardMap(this.#all), byPlatform, byShop, inScope: { orders: this.#scopeOrders, lines: this.#scopeLines } };
  }
}

function bump(c: Int32Array, at: number, split: number, lines: number, changed: boolean): void {
  c[at + ORDERS]++;
  c[at + LINES] += lines;
  if (split >= 0) c[at + split]++;
  if (changed) c[at + CHANGED]++;
}

function countMatching(o: OrderRecord, q: string): number {
  let n = 0;
  for (const l of o.lines) if (matchesQuery(l, q)) n++;
  return n;
}

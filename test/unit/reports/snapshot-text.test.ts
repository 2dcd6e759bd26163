// The print ledger's text (docs/domain/reports.md#print-ledger): the fast writer of a printed
// order (snapshot-order-json.ts) and the whole written into one buffer must give, byte for byte,
// what the generic canonical serialisation gives - print jobs are an audit trail hashed with
// SHA-256, so a single byte of difference would make old records fail to re-hash. The oracle is
// canonicalJson (itself checked against a plain recursive writer in ledger.test.ts) and
// node:crypto's digest.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSnapshot,
  canonicalJson,
  snapshotText,
  type SnapshotLine,
  type SnapshotOrder,
  type SnapshotSku,
} from '../../../src/domain/reports';
import { builtOrderJson, builtSkuJson } from '../../../src/domain/reports/snapshot-order-json';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const utf8 = (text: string) => new TextEncoder().encode(text);

// Thai text (with tone marks), quotes and backslashes to escape, control characters, an emoji (a
// surrogate pair), and any string fast-check makes.
const text = fc.oneof(
  fc.constantFrom('ร้านทดสอบ 1', 'สินค้า "พิเศษ" ๑๒๓', 'ของไม่พอ', 'a\\b', 'tab\there\nnew', '😀 ครีม', '', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const num = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 2 ** 53, 1e21, 0.1),
);

// Built in the snapshot builders' key order (snapshot.ts).
const lineArb: fc.Arbitrary<SnapshotLine> = fc
  .record({
    accepted: fc.boolean(),
    brand: nullable(text),
    computedStatus: nullable(fc.constantFrom('READY_ACCEPT', 'LOW_STOCK', 'SHORTAGE')),
    lineId: fc.nat(),
    note: text,
    productName: nullable(text),
    qty: num,
    sku: text,
    status: nullable(fc.constantFrom('READY_ACCEPT', 'LOW_STOCK', 'NOT_ENOUGH')),
    stock: num,
  })
  .map((l) => l as SnapshotLine);

const orderArb: fc.Arbitrary<SnapshotOrder> = fc
  .record({
    acceptedBy: fc.array(text, { maxLength: 3 }),
    dispatchRound: nullable(num),
    dueDay: nullable(fc.integer()),
    issued: fc.boolean(),
    lines: fc.array(lineArb, { maxLength: 4 }),
    logisticType: nullable(text),
    orderId: fc.nat(),
    orderNo: text,
    orderTime: nullable(num),
    platform: fc.constantFrom('Shopee', 'TikTok', 'Lazada'),
    round: nullable(fc.nat()),
    scanned: fc.boolean(),
    shopId: fc.nat(),
    shopName: text,
    short: fc.boolean(),
  })
  .map((o) => o as SnapshotOrder);

// Built in pickingSnapshotSku's key order.
const skuArb: fc.Arbitrary<SnapshotSku> = fc
  .record({
    brand: nullable(text),
    left: num,
    logistics: fc.array(text, { maxLength: 3 }),
    platforms: fc.array(fc.constantFrom('Shopee', 'TikTok', 'Lazada'), { maxLength: 3 }),
    productName: nullable(text),
    qty: num,
    rounds: nullable(fc.record({ max: fc.nat(), min: fc.nat() })),
    shops: fc.array(text, { maxLength: 3 }),
    shortfall: num,
    sku: text,
    stock: num,
  })
  .map((r) => r as SnapshotSku);

/** The same object with its keys written in reverse order, at every level. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .reverse()
      .map((k) => [k, reversed((v as Record<string, unknown>)[k])]),
  );
}

describe('the fast ledger text equals the canonical serialisation, byte for byte', () => {
  it('each order in the builders key order: builtOrderJson is the canonical JSON (seeded)', () => {
    fc.assert(
      fc.property(orderArb, (o) => {
        expect(builtOrderJson(o)).toBe(canonicalJson(o));
      }),
      { seed: 14, numRuns: 500 },
    );
  });

  it('each Picking SKU row in the builder key order: builtSkuJson is the canonical JSON (seeded)', () => {
    fc.assert(
      fc.property(skuArb, (r) => {
        expect(builtSkuJson(r)).toBe(canonicalJson(r));
        expect(builtSkuJson(reversed(r))).toBeUndefined();
      }),
      { seed: 20, numRuns: 300 },
    );
  });

  it('a whole record: every order text, the UTF-8 whole and its SHA-256 are those of canonicalJson (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { maxLength: 12 }),
        fc.array(skuArb, { maxLength: 6 }),
        fc.boolean(),
        (orders, skus, shuffle) => {
          const s = shuffle
            ? buildSnapshot('picking', orders.map(reversed) as SnapshotOrder[], skus.map(reversed) as SnapshotSku[])
            : buildSnapshot('picking', orders, skus);
          const t = snapshotText(s);
          expect(t.orders).toEqual(s.orders.map((o) => canonicalJson(o)));
          expect(t.skus).toEqual(s.skus.map((r) => canonicalJson(r)));
          expect(Buffer.from(t.whole).equals(Buffer.from(utf8(canonicalJson(s))))).toBe(true);
          expect(sha(t.whole)).toBe(createHash('sha256').update(canonicalJson(s), 'utf8').digest('hex'));
        },
      ),
      { seed: 15, numRuns: 300 },
    );
  });

  it('a print of thousands of Thai orders spans many text steps and still equals the canonical whole', () => {
    const orders = fc.sample(orderArb, { seed: 16, numRuns: 3_000 });
    const s = buildSnapshot('warehouse', orders);
    const t = snapshotText(s);
    const canonical = canonicalJson(s);
    // More than one 64K-character step of orders, so the joins between steps are covered.
    expect(canonical.length).toBeGreaterThan(3 * 64 * 1024);
    expect(Buffer.from(t.whole).equals(Buffer.from(utf8(canonical)))).toBe(true);
  });

  it('keys out of the builders order, or a key more or less, are still sorted by the generic path', () => {
    const [o] = fc.sample(orderArb, { seed: 17, numRuns: 1 });
    const out = reversed(o);
    expect(builtOrderJson(out)).toBeUndefined();
    expect(snapshotText(buildSnapshot('picking', [out as SnapshotOrder])).orders[0]).toBe(canonicalJson(o));
    const extra = { ...o, zz: 'ต่อท้าย' };
    expect(builtOrderJson(extra)).toBeUndefined();
    expect(snapshotText(buildSnapshot('picking', [extra])).orders[0]).toBe(canonicalJson(extra));
    const { short: _short, ...missing } = o;
    expect(builtOrderJson(missing)).toBeUndefined();
  });

  it.each([
    ['a NaN stock', (l: SnapshotLine) => ({ ...l, stock: Number.NaN })],
    ['an undefined note', (l: SnapshotLine) => ({ ...l, note: undefined })],
    ['an infinite qty', (l: SnapshotLine) => ({ ...l, qty: Infinity })],
  ])('%s is refused as canonicalJson refuses it, never written as null', (_n, spoil) => {
    const [o] = fc.sample(orderArb, { seed: 18, numRuns: 1 });
    const [l] = fc.sample(lineArb, { seed: 19, numRuns: 1 });
    const bad = { ...o, lines: [spoil(l) as SnapshotLine] };
    expect(builtOrderJson(bad)).toBeUndefined();
    expect(() => snapshotText(buildSnapshot('picking', [bad]))).toThrow(TypeError);
  });
});

// The canonical JSON of one printed order or Picking SKU row (docs/domain/reports.md#print-ledger) without the
// generic key-order walk: the snapshot builders write an order's and its lines' keys in one fixed,
// code-point-sorted order, so a check that the keys ARE that list (compared by identity, no
// code-point comparisons) and that every value is a JSON leaf lets the runtime's own
// JSON.stringify write the canonical text. Anything else (another shape, a key out of place, an
// invalid value) goes through canonicalJson, which sorts or refuses: the text is the same either way.

/** SnapshotOrder's keys in code-point order, as snapshot.ts builds them. */
const ORDER_KEYS = [
  'acceptedBy',
  'dispatchRound',
  'dueDay',
  'issued',
  'lines',
  'logisticType',
  'orderId',
  'orderNo',
  'orderTime',
  'platform',
  'round',
  'scanned',
  'shopId',
  'shopName',
  'short',
] as const;

/** SnapshotLine's keys in code-point order. */
const LINE_KEYS = [
  'accepted',
  'brand',
  'computedStatus',
  'lineId',
  'note',
  'productName',
  'qty',
  'sku',
  'status',
  'stock',
] as const;

/** SnapshotSku's keys in code-point order (pickingSnapshotSku). */
const SKU_KEYS = [
  'brand',
  'left',
  'logistics',
  'platforms',
  'productName',
  'qty',
  'rounds',
  'shops',
  'shortfall',
  'sku',
  'stock',
] as const;

const ROUND_KEYS = ['max', 'min'] as const;

/** A value JSON.stringify writes as canonicalJson does: null, a boolean, a string or a finite number. */
function isLeaf(v: unknown): boolean {
  if (v === null) return true;
  const t = typeof v;
  return t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v as number));
}

/** The object's enumerable keys are exactly `keys`, in that order, each holding a leaf or what `nested` accepts. */
function hasKeys(o: unknown, keys: readonly string[], nested: (key: string, v: unknown) => boolean): boolean {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  // Plain objects only, as canonicalJson allows them.
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return false;
  let i = 0;
  for (const k in o) {
    if (k !== keys[i]) return false;
    const v = (o as Record<string, unknown>)[k];
    if (!isLeaf(v) && !nested(k, v)) return false;
    i++;
  }
  return i === keys.length;
}

const noNested = () => false;

function leafArray(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!isLeaf(v[i])) return false;
  return true;
}

function orderNested(key: string, v: unknown): boolean {
  if (key === 'acceptedBy') return leafArray(v);
  if (key !== 'lines' || !Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!hasKeys(v[i], LINE_KEYS, noNested)) return false;
  return true;
}

/**
 * The canonical JSON of a snapshot order when it has the builders' shape; undefined otherwise
 * (the caller then uses canonicalJson).
 */
export function builtOrderJson(o: unknown): string | undefined {
  return hasKeys(o, ORDER_KEYS, orderNested) ? JSON.stringify(o) : undefined;
}

function skuNested(key: string, v: unknown): boolean {
  if (key === 'rounds') return hasKeys(v, ROUND_KEYS, noNested);
  return (key === 'logistics' || key === 'platforms' || key === 'shops') && leafArray(v);
}

/** The canonical JSON of a Picking SKU row when it has pickingSnapshotSku's shape; undefined otherwise. */
export function builtSkuJson(r: unknown): string | undefined {
  return hasKeys(r, SKU_KEYS, skuNested) ? JSON.stringify(r) : undefined;
}

import type { AllocLine, OrderFlags, Platform } from '../../../src/domain/allocation';
import { mulberry32 } from '../../support/prng';
export { mulberry32 };

/** Epoch ms of a Bangkok wall time, e.g. bkk('2025-03-03 10:00'); the zone is explicit. */
export function bkk(wall: string): number {
  const iso = wall.replace(' ', 'T');
  const withSeconds = /T\d\d:\d\d$/.test(iso) ? `${iso}:00` : iso;
  const ms = Date.parse(`${withSeconds}+07:00`);
  if (Number.isNaN(ms)) throw new Error(`bad test time ${wall}`);
  return ms;
}

export const OPEN: OrderFlags = { cancelled: false, trashed: false, packed: false, billEmpty: false, issued: false };

export interface LineSpec {
  name: string;
  platform: Platform;
  /** Bangkok wall time on 2025-03-03 ('HH:MM'), a full 'YYYY-MM-DD HH:MM', or null. */
  time: string | null;
  qty: number;
  sku?: string;
  orderNo?: string;
  accepted?: boolean;
  flags?: Partial<OrderFlags>;
}

/** One order per line (the examples never share orders), ids in spec order. */
export function buildExample(specs: readonly LineSpec[], defaultSku: string) {
  const lines: AllocLine[] = [];
  const orders = new Map<number, OrderFlags>();
  const idOf = new Map<string, number>();
  specs.forEach((s, i) => {
    const id = i + 1;
    idOf.set(s.name, id);
    orders.set(id, { ...OPEN, ...s.flags });
    lines.push({
      id,
      orderId: id,
      orderNo: s.orderNo ?? `ORD-${s.name}`,
      platform: s.platform,
      sku: s.sku ?? defaultSku,
      qty: s.qty,
      orderTime: s.time === null ? null : bkk(s.time.length <= 5 ? `2025-03-03 ${s.time}` : s.time),
      accepted: s.accepted ?? false,
    });
  });
  return { lines, orders, idOf };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rnd = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

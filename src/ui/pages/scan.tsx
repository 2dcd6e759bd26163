// The scan station (docs/domain/allocation.md#scan-station): one field a barcode scanner types
// into, Enter to check. The page shows every order with that number (the read-only status check),
// its lines, status and what to do next, and records the scan (the `scan` action) unless the order
// is cancelled, packed or in the trash. A scanner typing with the Thai Kedmanee layout active is
// read back as the keys it pressed: by KeyboardEvent.code in app.js, and here by
// src/domain/scan-keys.ts for whatever arrives Thai-typed anyway. With the script, a scan does not
// reload the page and a sound says ok or problem; the colour says it without sound.
import type { Context } from 'hono';
import { actorOf } from '../../http/auth';
import { AppError } from '../../errors';
import { scannerText } from '../../domain/scan-keys';
import { STATUS_CHECK_UNKNOWN } from '../../domain/piles';
import { definePages, readForm } from '../define';
import { render } from '../render';
import { thaiDateTime } from '../format';
import { formatCount } from '../list-query';
import { Badge, SCAN_TONES, StatusBadge } from '../components/badge';
import { Field, PostForm } from '../components/form';
import type { OrderItem } from '../../services/orders';
import type { StatusCheckColour } from '../../domain/allocation/scan';
import type { AppEnv } from '../../http/env';

type Check = Awaited<ReturnType<AppEnv['Variables']['services']['orders']['statusOf']>>;
type Found = Check['items'][number];

/** The report a scanned order belongs to (4: "offers a link to the matching report"). */
const REPORT_LABELS: Record<string, string> = {
  warehouse: 'ใบงานคลัง (กอง 1)',
  lowstock: 'รายงานสินค้าน้อย (กอง 2)',
  nostock: 'รายงานไม่มีสินค้า (กอง 3)',
  notenough: 'รายงานสินค้าไม่พอส่ง (กอง 3)',
};

export type ScanRecord = 'recorded' | 'already' | 'not_recorded';

export interface ScanOutcome {
  raw: string;
  /** What the scanner meant, when it differs from what arrived (Thai layout). */
  mapped: string | null;
  check: Check;
  lines: Map<number, OrderItem[]>;
  recorded: Map<number, ScanRecord>;
}

/** What the person at the packing table does next with this order. */
export function nextStep(item: Pick<Found, 'flags' | 'stock' | 'trashed'>): string {
  if (item.trashed) return 'ออเดอร์นี้อยู่ในถังขยะ ไม่ต้องแพ็ค';
  if (item.flags.includes('CANCELLED')) return 'ออเดอร์ถูกยกเลิก ห้ามแพ็คและส่ง แยกสินค้าออก';
  if (item.flags.includes('PACKED')) return 'แพ็คแล้ว ไม่ต้องทำอะไรเพิ่ม';
  if (item.stock === 'SHORTAGE') return 'ไม่มีสินค้า รอสินค้าเข้า (กอง 3)';
  if (item.stock === 'NOT_ENOUGH') return 'สินค้าไม่พอส่ง รอสินค้าเข้า (กอง 3)';
  if (item.stock === 'LOW_STOCK') return 'สินค้าน้อย ตรวจสอบสต็อกก่อนแพ็ค (กอง 2)';
  if (item.flags.includes('ISSUED')) return 'จ่ายงานแล้ว แพ็คและส่งได้';
  return 'พร้อม ส่งต่อใบงานคลัง (กอง 1)';
}

/** ok: every order found may go on; problem: nothing found, or an order that must stop (danger colour). */
export function scanTone(items: readonly { colour: StatusCheckColour }[]): 'ok' | 'problem' {
  return items.length > 0 && items.every((i) => i.colour !== 'danger') ? 'ok' : 'problem';
}

const RECORD_TEXT: Record<ScanRecord, string> = {
  recorded: 'สแกนสำเร็จ',
  already: 'สแกนไปแล้ว',
  not_recorded: 'ไม่บันทึกการสแกน',
};

function ScanResult(props: { outcome: ScanOutcome }) {
  const { outcome } = props;
  const items = outcome.check.items;
  const tone = scanTone(items);
  return (
    <section
      id="scan-result"
      class={`scan-result scan-${tone}`}
      data-scan-tone={tone}
      aria-labelledby="scan-result-title"
      role="status"
    >
      <h2 id="scan-result-title">
        {tone === 'ok' ? '✓ ' : '✗ '}
        ผลการสแกน: <span class="order-no">{outcome.check.normalised || outcome.raw}</span>
      </h2>
      {outcome.mapped !== null ? (
        <p class="muted">
          อ่านจากแป้นพิมพ์ภาษาไทย: <code>{outcome.raw}</code> → <code>{outcome.mapped}</code>
        </p>
      ) : null}
      {items.length === 0 ? <p class="scan-headline">{outcome.check.message ?? STATUS_CHECK_UNKNOWN}</p> : null}
      {items.map((item) => {
        const lines = outcome.lines.get(item.orderId) ?? [];
        const record = outcome.recorded.get(item.orderId) ?? 'not_recorded';
        return (
          <article class={`scan-order tone-${SCAN_TONES[item.colour]}`} aria-labelledby={`scan-order-${item.orderId}`}>
            <h3 id={`scan-order-${item.orderId}`}>
              <a href={`/orders/${item.lineIds[0]}`} class="order-no">
                {item.orderNo}
              </a>{' '}
              <span class="muted">
                {item.platformLabel} · {item.shop.name}
              </span>
            </h3>
            <p class="scan-headline">{nextStep(item)}</p>
            <p>
              {item.names.map((n) => (
                <>
                  <Badge tone={SCAN_TONES[item.colour]}>{n}</Badge>{' '}
                </>
              ))}
              {item.trashed ? <Badge tone="neutral">ถังขยะ</Badge> : null}
            </p>
            <p>
              <strong>{RECORD_TEXT[record]}</strong>
              {item.scannedAt ? <span class="muted"> (สแกนเมื่อ {thaiDateTime(item.scannedAt)})</span> : null}
            </p>
            {lines.length > 0 ? (
              <table class="data compact">
                <caption class="visually-hidden">รายการสินค้าของ {item.orderNo}</caption>
                <thead>
                  <tr>
                    <th scope="col">SKU</th>
                    <th scope="col">ชื่อสินค้า</th>
                    <th scope="col" class="num">
                      Qty
                    </th>
                    <th scope="col" class="num">
                      Stock
                    </th>
                    <th scope="col">สถานะ</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l) => (
                    <tr>
                      <td>
                        <code>{l.sku}</code>
                      </td>
                      <td>{l.productName ?? l.itemName ?? '-'}</td>
                      <td class="num">{formatCount(l.qty)}</td>
                      <td class="num">{formatCount(l.stockQty)}</td>
                      <td>{l.status ? <StatusBadge status={l.status} /> : l.statusLabel}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {item.report ? (
              <p>
                <a href={`/reports/${item.report}?q=${encodeURIComponent(item.orderNo)}`}>
                  ไปที่{REPORT_LABELS[item.report]}
                </a>
              </p>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}

function ScanPage(props: { csrf: string | null; outcome?: ScanOutcome; error?: string; value?: string }) {
  return (
    <>
      <div class="page-head">
        <h1>สแกน</h1>
      </div>
      <section class="panel scan-station" aria-labelledby="scan-title">
        <h2 id="scan-title" class="visually-hidden">
          สแกน Barcode
        </h2>
        <PostForm action="/scan" csrf={props.csrf} id="scan-form" class="scan-form" novalidate>
          <Field
            name="orderNo"
            label="เลข Order (สแกน Barcode หรือพิมพ์แล้วกด Enter)"
            value={props.value}
            error={props.error}
            scanner
            autofocus
            autocomplete="off"
            spellcheck={false}
            maxlength={200}
            class="scan-field"
          />
          <button type="submit">ตรวจสอบ</button>
        </PostForm>
        <p class="muted">ใช้ได้ทั้งแป้นพิมพ์ภาษาไทยและอังกฤษ ระบบจะบันทึกการสแกนให้เมื่อพบออเดอร์ที่ยังต้องแพ็ค</p>
      </section>
      {props.outcome ? (
        <ScanResult outcome={props.outcome} />
      ) : (
        <section id="scan-result" class="scan-result scan-idle" aria-live="polite">
          <p class="muted">ยังไม่ได้สแกน สแกนเลข Order ที่ช่องด้านบน ระบบจะแสดงสถานะและบันทึกการสแกนให้</p>
        </section>
      )}
    </>
  );
}

async function scan(c: Context<AppEnv>, raw: string): Promise<ScanOutcome> {
  const services = c.get('services');
  const meant = scannerText(raw);
  const check = await services.orders.statusOf(meant);
  const recorded = new Map<number, ScanRecord>();
  const toRecord = check.items.filter((i) => i.recordScan);
  if (toRecord.length > 0) {
    const result = await services.orderActions.run('scan', { ids: toRecord.map((i) => i.lineIds[0]) }, actorOf(c));
    const skipped = new Map(result.skipped.map((s) => [s.orderId, s.code]));
    for (const i of toRecord)
      recorded.set(
        i.orderId,
        skipped.get(i.orderId) === 'already_scanned' ? 'already' : skipped.has(i.orderId) ? 'not_recorded' : 'recorded',
      );
  }
  const lines = new Map<number, OrderItem[]>();
  for (const i of check.items) {
    const detail = await services.orders.get(i.lineIds[0]);
    lines.set(i.orderId, detail.order.lines);
  }
  // The scan time shown is the one just recorded.
  const after = toRecord.length > 0 ? await services.orders.statusOf(meant) : check;
  return { raw, mapped: meant !== raw ? meant : null, check: after, lines, recorded };
}

export const scanPages = definePages((page) => {
  page.get('/scan', (c) => render(c, { title: 'สแกน', body: (ctx) => <ScanPage csrf={ctx.csrfToken} /> }));

  page.post('/scan', async (c) => {
    const form = await readForm(c);
    const raw = (form.orderNo ?? '').trim();
    const again = (status: 400, error: string) =>
      render(c, { title: 'สแกน', status, body: (ctx) => <ScanPage csrf={ctx.csrfToken} error={error} value={raw} /> });
    if (raw === '') return again(400, 'กรุณาสแกนหรือพิมพ์เลข Order');
    let outcome: ScanOutcome;
    try {
      outcome = await scan(c, raw);
    } catch (error) {
      if (error instanceof AppError && error.status === 400) return again(400, error.message);
      throw error;
    }
    return render(c, { title: 'สแกน', body: (ctx) => <ScanPage csrf={ctx.csrfToken} outcome={outcome} /> });
  });
});

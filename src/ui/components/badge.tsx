// Status badges with the one label table (docs/domain/allocation.md#labels) and its colours
// (docs/domain/allocation.md#orders-table: red SHORTAGE, orange NOT_ENOUGH, yellow LOW_STOCK, green
// otherwise; docs/domain/allocation.md#scan-station: the scan colours). Every badge has its text,
// so colour is never the only signal.
import type { Child } from 'hono/jsx';
import { ISSUED_LABEL, STATUS_LABELS } from '../../domain/allocation/labels';
import type { StatusCheckColour } from '../../domain/allocation/scan';
import type { DisplayStatus } from '../../domain/allocation/types';

export type Tone = 'success' | 'accent' | 'warning' | 'orange' | 'danger' | 'purple' | 'dark' | 'info' | 'neutral';

export const STATUS_TONES: Readonly<Record<DisplayStatus, Tone>> = {
  READY_ACCEPT: 'success',
  ACCEPTED: 'accent',
  LOW_STOCK: 'warning',
  NOT_ENOUGH: 'orange',
  SHORTAGE: 'danger',
  BILL_EMPTY: 'purple',
  PACKED: 'dark',
  CANCELLED: 'neutral',
};

/** The scan check's colours (docs/domain/allocation.md#scan-station). */
export const SCAN_TONES: Readonly<Record<StatusCheckColour, Tone>> = {
  danger: 'danger',
  warning: 'warning',
  dark: 'dark',
  info: 'info',
  success: 'success',
};

export function Badge(props: { tone: Tone; children?: Child; title?: string }) {
  return (
    <span class={`badge badge-${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}

export function StatusBadge(props: { status: DisplayStatus }) {
  return <Badge tone={STATUS_TONES[props.status]}>{STATUS_LABELS[props.status]}</Badge>;
}

/**
 * จ่ายแล้ว: an issued order's lines, unless cancelled or packed (label precedence,
 * docs/domain/allocation.md#labels).
 */
export function IssuedBadge() {
  return <Badge tone="info">{ISSUED_LABEL}</Badge>;
}

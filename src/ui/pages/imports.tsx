// Imports (docs/domain/imports.md; staff+, docs/domain/auth.md#permission-table): `/imports` lists
// the seven kinds, and `/imports/<kind>` imports one: a file (drag and drop too) or a Google Sheet
// (saved URL per source), always a dry run first, then the confirmed import of the same file (held
// by the page, so it is chosen once). The result is the service's: headline, counters, shops
// created, the row errors (row, column, value, message) and warnings; then the import log of the
// kind, its detail pages, the template and the log clear. The same service calls as the API.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { actorOf } from '../../http/auth';
import { AppError } from '../../errors';
import { IMPORT_KINDS, type ImportKind } from '../../domain/imports/headers';
import { PLATFORMS, PLATFORM_LABELS } from '../../domain/platform';
import { defaultTab, SHEET_SOURCES, sheetSourceOf, type SheetSource } from '../../services/imports/source';
import { definePages, readForm } from '../define';
import { render } from '../render';
import { formatCount, readPaging, type Query } from '../list-query';
import { thaiDate, thaiDateTime } from '../format';
import { withNotice } from '../notices';
import { uploadHoldOf } from '../held-uploads';
import { Badge, type Tone } from '../components/badge';
import { Banner } from '../components/banner';
import { Field, Hidden, PostForm, SelectField } from '../components/form';
import { FileDropField, UploadProgress } from '../components/upload';
import { DataTable, Pager, type Column } from '../components/table';
import { isConfirmed, renderConfirmation } from '../components/confirm';
import type { ImportInput, ImportOptions, ImportView } from '../../services/imports';
import type { AppEnv } from '../../http/env';

interface KindInfo {
  title: string;
  summary: string;
  /** orders: required; the order-id lists may narrow to one platform. */
  platform: 'required' | 'optional' | 'none';
  shop: boolean;
  mode: boolean;
}

// Page titles as the legacy menus named them (docs/domain/data-model.md#pages-imports-and-admin).
export const KIND_INFO: Readonly<Record<ImportKind, KindInfo>> = {
  orders: {
    title: 'นำเข้า Orders',
    summary: 'ไฟล์ออเดอร์จาก Shopee, TikTok, Lazada หรืออื่นๆ',
    platform: 'required',
    shop: true,
    mode: false,
  },
  products: {
    title: 'นำเข้า: สินค้า',
    summary: 'รายการสินค้า: SKU, Brand, ชื่อสินค้า',
    platform: 'none',
    shop: false,
    mode: false,
  },
  stock: {
    title: 'นำเข้า: สต็อก – Sabuy Soft',
    summary: 'Full Sync: SKU ที่ไม่อยู่ในไฟล์จะถูกตั้งเป็น 0',
    platform: 'none',
    shop: false,
    mode: true,
  },
  sales: {
    title: 'นำเข้า: สั่งขาย – Sabuy Soft',
    summary: 'สถานะใบขาย (แพ็คแล้ว / ยังไม่เปิดใบขาย)',
    platform: 'none',
    shop: false,
    mode: false,
  },
  cancelled: {
    title: 'นำเข้า Orders ยกเลิก',
    summary: 'เลข Order ที่ถูกยกเลิก (พร้อมหมายเหตุ)',
    platform: 'optional',
    shop: false,
    mode: false,
  },
  issued: {
    title: 'นำเข้า Orders จ่ายงานแล้ว',
    summary: 'เลข Order ที่จ่ายงานให้คลังแล้ว',
    platform: 'optional',
    shop: false,
    mode: false,
  },
  'bill-empty': {
    title: 'นำเข้าบิลเปล่า',
    summary: 'เลข Order ที่ส่งบิลเปล่าไปแล้ว',
    platform: 'optional',
    shop: false,
    mode: false,
  },
};

const STATUS_TEXT: Record<ImportView['status'], { label: string; tone: Tone }> = {
  committed: { label: 'สำเร็จ', tone: 'success' },
  partial: { label: 'บางส่วน', tone: 'warning' },
  rejected: { label: 'ไม่ได้นำเข้า', tone: 'danger' },
  validated: { label: 'ตรวจสอบ (Dry run)', tone: 'info' },
  failed: { label: 'ไม่สำเร็จ', tone: 'danger' },
};

/** Headline of a result (docs/domain/imports.md#what-the-page-shows-after-an-import). */
export function importHeadline(i: Pick<ImportView, 'status' | 'errors'>): string {
  switch (i.status) {
    case 'committed':
      return 'นำเข้าสำเร็จ';
    case 'partial':
      return 'นำเข้าบางส่วน';
    case 'rejected':
      return `ไม่ได้นำเข้า — พบข้อผิดพลาด ${formatCount(i.errors)} แถว`;
    case 'validated':
      return i.errors > 0
        ? `ตรวจสอบแล้ว — พบข้อผิดพลาด ${formatCount(i.errors)} แถว (ยังไม่ได้บันทึกข้อมูล)`
        : 'ตรวจสอบแล้ว ไม่พบข้อผิดพลาด (ยังไม่ได้บันทึกข้อมูล)';
    case 'failed':
      return 'นำเข้าไม่สำเร็จ';
  }
}

/**
 * The legacy orders message, kept as staff know it
 * (docs/domain/imports.md#what-the-page-shows-after-an-import).
 */
export function ordersMessage(
  i: Pick<ImportView, 'added' | 'duplicatesCrossDay' | 'duplicatesSameDay' | 'rejected'>,
): string {
  const sameDay = i.duplicatesSameDay > 0 ? ` (ซ้ำวันนี้ ${i.duplicatesSameDay} - ไม่นับ)` : '';
  return `นำเข้า: เพิ่ม ${i.added} | ซ้ำข้ามวัน ${i.duplicatesCrossDay}${sameDay} | ไม่สำเร็จ ${i.rejected}`;
}

type CounterKey = keyof Pick<
  ImportView,
  | 'rows'
  | 'added'
  | 'linesAdded'
  | 'updated'
  | 'unchanged'
  | 'duplicates'
  | 'duplicatesCrossDay'
  | 'duplicatesSameDay'
  | 'notFound'
  | 'unmatched'
  | 'ordersMatched'
  | 'zeroed'
  | 'rejected'
  | 'warnings'
>;

const COUNTER_LABELS: Record<CounterKey, string> = {
  rows: 'แถวในไฟล์',
  added: 'เพิ่ม',
  linesAdded: 'รายการสินค้าที่เพิ่ม',
  updated: 'อัปเดต',
  unchanged: 'ไม่เปลี่ยนแปลง',
  duplicates: 'ซ้ำ',
  duplicatesCrossDay: 'ซ้ำข้ามวัน',
  duplicatesSameDay: 'ซ้ำวันนี้',
  notFound: 'ไม่พบในระบบ',
  unmatched: 'ไม่พบในระบบ',
  ordersMatched: 'ออเดอร์ที่ตรงกัน',
  zeroed: 'ตั้งเป็น 0',
  rejected: 'ไม่สำเร็จ',
  warnings: 'คำเตือน',
};

const COUNTERS: Record<ImportKind, CounterKey[]> = {
  orders: ['rows', 'added', 'linesAdded', 'duplicatesCrossDay', 'duplicatesSameDay', 'rejected', 'warnings'],
  products: ['rows', 'added', 'updated', 'unchanged', 'rejected', 'warnings'],
  stock: ['rows', 'added', 'updated', 'unchanged', 'zeroed', 'rejected', 'warnings'],
  sales: ['rows', 'added', 'updated', 'unchanged', 'unmatched', 'rejected', 'warnings'],
  cancelled: ['rows', 'added', 'duplicates', 'unmatched', 'ordersMatched', 'rejected', 'warnings'],
  issued: ['rows', 'added', 'duplicates', 'notFound', 'ordersMatched', 'rejected', 'warnings'],
  'bill-empty': ['rows', 'added', 'duplicates', 'notFound', 'ordersMatched', 'rejected', 'warnings'],
};

interface ResultLike {
  import: ImportView;
  errors: { row: number | null; column: string | null; value: string | null; code: string; message: string }[];
  warnings: { row: number | null; code: string; message: string }[];
  truncated?: boolean;
}

function ImportResultView(props: { r: ResultLike; kind: ImportKind }) {
  const i = props.r.import;
  const tone =
    i.status === 'committed'
      ? 'success'
      : i.status === 'validated'
        ? i.errors > 0
          ? 'warning'
          : 'info'
        : i.status === 'partial'
          ? 'warning'
          : 'error';
  return (
    <section
      class="import-result"
      aria-labelledby="result-title"
      data-import-id={String(i.id)}
      data-import-status={i.status}
    >
      <h2 id="result-title" class="visually-hidden">
        ผลการนำเข้า
      </h2>
      <Banner tone={tone} title={importHeadline(i)}>
        <p>
          {i.fileName ?? i.sheetUrl ?? '-'} · {thaiDateTime(i.startedAt)} · โดย {i.by ?? '-'}
          {i.platform ? ` · ${PLATFORM_LABELS[i.platform as keyof typeof PLATFORM_LABELS] ?? i.platform}` : ''}
          {i.shop ? ` · ร้าน ${i.shop}` : ''}
          {i.mode ? ` · ${i.mode === 'full' ? 'Full Sync' : 'เฉพาะ SKU ในไฟล์'}` : ''}
        </p>
        {props.kind === 'orders' ? <p class="legacy-message">{ordersMessage(i)}</p> : null}
        {i.confirmZeroingRequired ? (
          <p>การนำเข้าแบบ Full Sync นี้จะตั้งสต็อก {formatCount(i.zeroed)} SKU เป็น 0 ต้องยืนยันก่อนนำเข้า</p>
        ) : null}
      </Banner>
      <dl class="counters">
        {COUNTERS[props.kind].map((key) => (
          <div data-counter={key}>
            <dt>{COUNTER_LABELS[key]}</dt>
            <dd>{formatCount(i[key])}</dd>
          </div>
        ))}
      </dl>
      {i.shopsCreated.length > 0 ? <p>ร้านที่สร้างใหม่: {i.shopsCreated.join(', ')}</p> : null}
      {props.r.errors.length > 0 ? (
        <DataTable
          caption={`ข้อผิดพลาด (${formatCount(i.errors)} รายการ)`}
          showCaption
          path=""
          query={{}}
          rows={props.r.errors}
          columns={[
            { key: 'row', label: 'แถว', numeric: true, cell: (e) => (e.row === null ? '-' : String(e.row)) },
            { key: 'column', label: 'คอลัมน์', cell: (e) => e.column ?? '-' },
            {
              key: 'value',
              label: 'ค่า',
              cell: (e) => (e.value === null ? '-' : <code class="cell-value">{e.value}</code>),
            },
            { key: 'message', label: 'สาเหตุ', cell: (e) => e.message },
          ]}
        />
      ) : null}
      {props.r.warnings.length > 0 ? (
        <DataTable
          caption={`คำเตือน (${formatCount(i.warnings)} รายการ)`}
          showCaption
          path=""
          query={{}}
          rows={props.r.warnings}
          columns={[
            { key: 'row', label: 'แถว', numeric: true, cell: (w) => (w.row === null ? 'ทั้งไฟล์' : String(w.row)) },
            { key: 'message', label: 'รายละเอียด', cell: (w) => w.message },
          ]}
        />
      ) : null}
      {props.r.truncated ? <p class="muted">แสดงเฉพาะ 5,000 รายการแรก</p> : null}
    </section>
  );
}

function LogTable(props: { items: ImportView[]; kind: ImportKind | null; caption: string }) {
  const columns: Column<ImportView>[] = [
    { key: 'at', label: 'วันที่/เวลา', cell: (i) => <span class="nowrap">{thaiDateTime(i.startedAt)}</span> },
    ...(props.kind === null
      ? [{ key: 'kind', label: 'ประเภท', cell: (i: ImportView) => KIND_INFO[i.kind].title }]
      : []),
    { key: 'source', label: 'ไฟล์/แหล่งข้อมูล', cell: (i) => i.fileName ?? i.sheetUrl ?? '-' },
    { key: 'by', label: 'ผู้นำเข้า', cell: (i) => i.by ?? '-' },
    { key: 'added', label: 'เพิ่ม', numeric: true, cell: (i) => formatCount(i.added) },
    { key: 'duplicates', label: 'ซ้ำ', numeric: true, cell: (i) => formatCount(i.duplicates) },
    { key: 'rejected', label: 'ไม่สำเร็จ', numeric: true, cell: (i) => formatCount(i.rejected) },
    {
      key: 'status',
      label: 'สถานะ',
      cell: (i) => <Badge tone={STATUS_TEXT[i.status].tone}>{STATUS_TEXT[i.status].label}</Badge>,
    },
    {
      key: 'detail',
      label: 'รายละเอียด',
      cell: (i) => (
        <a href={`/imports/${i.kind}/log/${i.id}`}>
          ดู<span class="visually-hidden"> การนำเข้า #{i.id}</span>
        </a>
      ),
    },
  ];
  return (
    <DataTable
      caption={props.caption}
      showCaption
      columns={columns}
      rows={props.items}
      path=""
      query={{}}
      empty="ยังไม่มีประวัติการนำเข้า"
    />
  );
}

const platformOptions = (required: boolean) => [
  { value: '', label: required ? 'เลือกแพลตฟอร์ม' : 'ทุกแพลตฟอร์ม' },
  ...PLATFORMS.map((p) => ({ value: p, label: PLATFORM_LABELS[p] })),
];

const MODE_OPTIONS = [
  { value: 'full', label: 'Full Sync: SKU ที่ไม่อยู่ในไฟล์จะถูกตั้งเป็น 0' },
  { value: 'partial', label: 'เฉพาะ SKU ในไฟล์ (ไม่แตะ SKU อื่น)' },
];

interface Choices {
  platform?: string;
  shop?: string;
  mode?: string;
}

function ChoiceFields(props: { kind: ImportKind; values: Choices; idPrefix: string }) {
  const info = KIND_INFO[props.kind];
  return (
    <div class="inline-fields">
      {info.platform !== 'none' ? (
        <SelectField
          name="platform"
          label={info.platform === 'required' ? 'แพลตฟอร์ม (จำเป็น)' : 'แพลตฟอร์ม'}
          value={props.values.platform ?? ''}
          options={platformOptions(info.platform === 'required')}
          required={info.platform === 'required'}
          id={`${props.idPrefix}-platform`}
        />
      ) : null}
      {info.shop ? (
        <Field
          name="shop"
          label="ร้าน (ใช้เมื่อไฟล์ไม่มีคอลัมน์ชื่อร้าน)"
          value={props.values.shop}
          maxlength={255}
          id={`${props.idPrefix}-shop`}
        />
      ) : null}
      {info.mode ? (
        <SelectField
          name="mode"
          label="วิธีนำเข้าสต็อก"
          value={props.values.mode ?? 'full'}
          options={MODE_OPTIONS}
          id={`${props.idPrefix}-mode`}
        />
      ) : null}
    </div>
  );
}

type SheetUrls = Awaited<ReturnType<AppEnv['Variables']['services']['sheetUrls']['list']>>;

const SOURCE_LABELS: Record<SheetSource, string> = {
  'orders.Shopee': 'Orders: Shopee',
  'orders.Lazada': 'Orders: Lazada',
  'orders.TikTok': 'Orders: TikTok',
  'orders.Other': 'Orders: อื่นๆ',
  products: 'สินค้า',
  stock: 'สต็อก',
  sales: 'สั่งขาย',
  cancelled: 'Orders ยกเลิก',
  issued: 'Orders จ่ายงานแล้ว',
  bill_empty: 'บิลเปล่า',
};

const sourcesOf = (kind: ImportKind): SheetSource[] =>
  kind === 'orders' ? SHEET_SOURCES.filter((s) => s.startsWith('orders.')) : [sheetSourceOf(kind, null)];

/** A checked import waiting for its confirmation: the held file or the sheet, and the options. */
interface Pending {
  held: string | null;
  sheet: { sheetUrl: string; tab: string } | null;
  options: Choices;
  /** Rows with errors: offer to import only the valid ones. */
  errors: number;
  /**
   * Stock full sync: SKUs the import would set to 0, when that needs a yes
   * (docs/domain/imports.md#wrong-file-and-the-zeroing-guard).
   */
  zeroing: number | null;
}

/** What the page needs to show a kind besides a result. */
interface KindPageProps {
  kind: ImportKind;
  csrf: string | null;
  urls: SheetUrls;
  log: { items: ImportView[]; total: number; page: number; limit: number };
  choices: Choices;
  /** The dry run just made. */
  result?: ResultLike;
  pending?: Pending;
  banner?: Child;
}

function ConfirmImport(props: { kind: ImportKind; csrf: string | null; pending: Pending }) {
  const p = props.pending;
  return (
    <PostForm
      action={`/imports/${props.kind}`}
      csrf={props.csrf}
      class="panel confirm-import"
      progress
      id="confirm-form"
    >
      <h2>ยืนยันนำเข้า</h2>
      <Hidden
        fields={{
          step: 'commit',
          held: p.held ?? undefined,
          source: p.sheet ? 'sheet' : 'file',
          sheetUrl: p.sheet?.sheetUrl,
          tab: p.sheet?.tab,
          platform: p.options.platform,
          shop: p.options.shop,
          mode: p.options.mode,
        }}
      />
      {p.errors > 0 ? (
        <label class="tick">
          <input type="checkbox" name="skipInvalid" value="1" checked />
          <span>นำเข้าเฉพาะแถวที่ถูกต้อง (ข้าม {formatCount(p.errors)} แถวที่ผิด)</span>
        </label>
      ) : null}
      {p.zeroing !== null ? (
        <label class="tick">
          <input type="checkbox" name="confirmZeroing" value="1" />
          <span>ยืนยันตั้งสต็อก {formatCount(p.zeroing)} SKU ที่ไม่อยู่ในไฟล์เป็น 0</span>
        </label>
      ) : null}
      <UploadProgress text="กำลังนำเข้า กรุณารอสักครู่..." />
      <div class="actions">
        <button type="submit">ยืนยันนำเข้า</button>
        <a class="button secondary" href={`/imports/${props.kind}`}>
          ยกเลิก
        </a>
      </div>
    </PostForm>
  );
}

function KindPage(props: KindPageProps) {
  const { kind } = props;
  const info = KIND_INFO[kind];
  const sources = sourcesOf(kind);
  const saved = new Map(props.urls.items.map((u) => [u.source, u]));
  const templates =
    kind === 'orders'
      ? PLATFORMS.map((p) => ({
          href: `/api/imports/orders/template.xlsx?platform=${p}`,
          label: `แม่แบบ ${PLATFORM_LABELS[p]}`,
        }))
      : [{ href: `/api/imports/${kind}/template.xlsx`, label: 'ดาวน์โหลดแม่แบบ (.xlsx)' }];
  const firstSaved = sources.map((s) => saved.get(s)?.url).find((u) => u);
  return (
    <>
      <div class="page-head">
        <h1>{info.title}</h1>
        <p class="head-meta">
          <a href="/imports">ประเภทการนำเข้าทั้งหมด</a>
        </p>
      </div>
      <p class="muted">{info.summary}</p>
      {props.banner}
      {props.result ? <ImportResultView r={props.result} kind={kind} /> : null}
      {props.pending ? <ConfirmImport kind={kind} csrf={props.csrf} pending={props.pending} /> : null}
      <div class="import-grid">
        <section class="panel" aria-labelledby="upload-title">
          <h2 id="upload-title">นำเข้าจากไฟล์</h2>
          <PostForm action={`/imports/${kind}`} csrf={props.csrf} multipart progress id="upload-form">
            <Hidden fields={{ step: 'check', source: 'file' }} />
            <ChoiceFields kind={kind} values={props.choices} idPrefix="file" />
            <FileDropField
              name="file"
              label="ไฟล์ (.xlsx หรือ .csv)"
              accept=".xlsx,.csv"
              hint="ขนาดไม่เกิน 20 MB แถวแรกเป็นหัวคอลัมน์"
              required
            />
            <UploadProgress />
            <div class="actions">
              <button type="submit">ตรวจสอบไฟล์ (Dry run)</button>
            </div>
          </PostForm>
          <p class="muted">ระบบจะตรวจสอบไฟล์ก่อนเสมอ ยังไม่บันทึกข้อมูลจนกว่าจะกดยืนยันนำเข้า</p>
          <p>
            {templates.map((t) => (
              <>
                <a href={t.href} class="button secondary small">
                  {t.label}
                </a>{' '}
              </>
            ))}
          </p>
        </section>
        <section class="panel" aria-labelledby="sheet-title">
          <h2 id="sheet-title">นำเข้าจาก Google Sheet</h2>
          <PostForm action={`/imports/${kind}`} csrf={props.csrf} progress id="sheet-form">
            <Hidden fields={{ step: 'check', source: 'sheet' }} />
            <ChoiceFields kind={kind} values={props.choices} idPrefix="sheet" />
            <Field
              name="sheetUrl"
              label="ลิงก์ Google Sheet"
              type="url"
              value={firstSaved ?? ''}
              hint="เว้นว่างเพื่อใช้ลิงก์ที่บันทึกไว้"
              maxlength={2048}
              id="sheet-sheetUrl"
            />
            <Field
              name="tab"
              label="ชื่อ Tab"
              hint={
                kind === 'orders'
                  ? `ค่าเริ่มต้นตามแพลตฟอร์ม: ${PLATFORMS.map((p) => defaultTab('orders', p)).join(', ')}`
                  : `ค่าเริ่มต้น: ${defaultTab(kind, null)}`
              }
              maxlength={100}
              id="sheet-tab"
            />
            <UploadProgress text="กำลังอ่าน Google Sheet และตรวจสอบ กรุณารอสักครู่..." />
            <div class="actions">
              <button type="submit">ตรวจสอบจาก Google Sheet (Dry run)</button>
            </div>
          </PostForm>
          <h3>ลิงก์ที่บันทึกไว้</h3>
          <ul class="saved-urls">
            {sources.map((source) => {
              const u = saved.get(source);
              return (
                <li>
                  <strong>{SOURCE_LABELS[source]}:</strong>{' '}
                  {u?.url ? (
                    <>
                      <span class="url">{u.url}</span>{' '}
                      <span class="muted">
                        ({u.updatedBy ?? '-'} {thaiDateTime(u.updatedAt)})
                      </span>
                      <PostForm
                        action={`/imports/${kind}/sheet-url`}
                        csrf={props.csrf}
                        class="inline"
                        confirm={`ลบลิงก์ที่บันทึกไว้ของ ${SOURCE_LABELS[source]}?`}
                        confirmOk="ลบ"
                      >
                        <Hidden fields={{ source, op: 'delete' }} />
                        <button type="submit" class="small secondary">
                          ลบ<span class="visually-hidden"> ลิงก์ {SOURCE_LABELS[source]}</span>
                        </button>
                      </PostForm>
                    </>
                  ) : (
                    <span class="muted">ยังไม่ได้บันทึก</span>
                  )}
                </li>
              );
            })}
          </ul>
          <PostForm action={`/imports/${kind}/sheet-url`} csrf={props.csrf} class="inline-fields">
            <Hidden fields={{ op: 'save', ...(sources.length === 1 ? { source: sources[0] } : {}) }} />
            {sources.length > 1 ? (
              <SelectField
                name="source"
                label="แหล่งข้อมูล"
                options={sources.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))}
                id="save-source"
              />
            ) : null}
            <Field name="url" label="ลิงก์ที่จะบันทึก" type="url" maxlength={2048} class="grow" id="save-url" />
            <div class="actions">
              <button type="submit" class="secondary">
                บันทึกลิงก์
              </button>
            </div>
          </PostForm>
        </section>
      </div>
      <section aria-labelledby="log-title">
        <h2 id="log-title">ประวัติการนำเข้า</h2>
        <LogTable items={props.log.items} kind={kind} caption={`ประวัติ ${info.title}`} />
        <Pager
          page={props.log.page}
          pageSize={props.log.limit}
          total={props.log.total}
          path={`/imports/${kind}`}
          query={{}}
        />
        <details class="panel clear-log">
          <summary>ล้างประวัติการนำเข้า</summary>
          <PostForm
            action={`/imports/${kind}/logs/clear`}
            csrf={props.csrf}
            confirm="ยืนยันการลบประวัติการนำเข้า? (ลบเฉพาะประวัติ ข้อมูลที่นำเข้าแล้วยังอยู่)"
            confirmOk="ยืนยันการลบ"
            danger
          >
            <fieldset>
              <legend>ล้างอะไร</legend>
              <label class="tick">
                <input type="radio" name="scope" value="range" checked />
                <span>ล้าง Log ของวันที่เลือก</span>
              </label>
              <label class="tick">
                <input type="radio" name="scope" value="all" />
                <span>ล้างประวัติทั้งหมด (Reset All Time)</span>
              </label>
            </fieldset>
            <div class="inline-fields">
              <Field name="dateFrom" label="ตั้งแต่วันที่" type="date" id="clear-from" />
              <Field name="dateTo" label="ถึงวันที่" type="date" id="clear-to" />
            </div>
            <p class="muted">ลบเฉพาะประวัติของ {info.title} ข้อมูลที่นำเข้าแล้วไม่ถูกลบ (การลบข้อมูลทำได้ที่เมนูผู้ดูแลระบบ)</p>
            <button type="submit" class="danger">
              ยืนยันการลบ
            </button>
          </PostForm>
        </details>
      </section>
    </>
  );
}

function kindOf(raw: string | undefined): ImportKind {
  if (!raw || !(IMPORT_KINDS as readonly string[]).includes(raw))
    throw new AppError('not_found', 'ไม่พบประเภทการนำเข้านี้');
  return raw as ImportKind;
}

async function renderKind(
  c: Context<AppEnv>,
  kind: ImportKind,
  extra: Partial<Pick<KindPageProps, 'result' | 'pending' | 'banner' | 'choices'>> & { status?: number } = {},
) {
  const services = c.get('services');
  const paging = readPaging(c.req.query() as Query, [20]);
  const [urls, log] = await Promise.all([
    services.sheetUrls.list(),
    services.imports.list({ kind, page: paging.page, limit: 20 }),
  ]);
  return render(c, {
    title: KIND_INFO[kind].title,
    status: (extra.status ?? 200) as 200,
    body: (ctx) => (
      <KindPage
        kind={kind}
        csrf={ctx.csrfToken}
        urls={urls}
        log={log}
        choices={extra.choices ?? {}}
        result={extra.result}
        pending={extra.pending}
        banner={extra.banner}
      />
    ),
  });
}

/** A file-level refusal (422 missing_columns, 409 confirm_zeroing_required, ...) as a banner. */
function RefusalBanner(props: { error: AppError }) {
  const missing =
    props.error.code === 'missing_columns'
      ? (props.error.details as { field: string; aliases?: string[]; found?: string[] }[])
      : [];
  return (
    <Banner tone="error" title={props.error.message}>
      {missing.length > 0 ? (
        <ul>
          {missing.map((m) => (
            <li>
              ใช้หัวคอลัมน์ได้: {(m.aliases ?? []).join(', ')}
              {m.found ? <span class="muted"> (หัวคอลัมน์ในไฟล์: {m.found.join(', ') || '-'})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Banner>
  );
}

export const importsPages = definePages((page) => {
  page.get('/imports', async (c) => {
    const services = c.get('services');
    const [recent, ...latest] = await Promise.all([
      services.imports.list({ limit: 20 }),
      ...IMPORT_KINDS.map((kind) => services.imports.list({ kind, limit: 1 })),
    ]);
    return render(c, {
      title: 'นำเข้า',
      body: (
        <>
          <div class="page-head">
            <h1>นำเข้า</h1>
          </div>
          <ul class="card-grid">
            {IMPORT_KINDS.map((kind, k) => {
              const last = latest[k].items[0];
              return (
                <li>
                  <a class="card" href={`/imports/${kind}`}>
                    <strong>{KIND_INFO[kind].title}</strong>
                    <span>{KIND_INFO[kind].summary}</span>
                    <span class="card-meta">
                      {last
                        ? `ล่าสุด ${thaiDateTime(last.startedAt)} · ${STATUS_TEXT[last.status].label} · เพิ่ม ${formatCount(last.added)}`
                        : 'ยังไม่เคยนำเข้า'}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
          <LogTable items={recent.items} kind={null} caption="การนำเข้าล่าสุด" />
        </>
      ),
    });
  });

  page.get('/imports/:kind', (c) => renderKind(c, kindOf(c.req.param('kind'))));

  page.post('/imports/:kind', async (c) => {
    const services = c.get('services');
    const kind = kindOf(c.req.param('kind'));
    const form = await readForm(c);
    const body = await c.req.parseBody();
    const actor = actorOf(c);
    const user = c.get('auth')!.user;
    const hold = uploadHoldOf(services);
    const now = services.imports.now();
    const limit = c.get('config').MAX_UPLOAD_BYTES;
    const choices: Choices = {
      platform: form.platform?.trim() || undefined,
      shop: form.shop?.trim() || undefined,
      mode: KIND_INFO[kind].mode ? (form.mode === 'partial' ? 'partial' : 'full') : undefined,
    };
    const dryRun = form.step !== 'commit';
    const options: ImportOptions = {
      dryRun,
      skipInvalid: form.skipInvalid === '1',
      confirmZeroing: form.confirmZeroing === '1',
      mode: choices.mode === 'partial' ? 'partial' : 'full',
    };
    const refuse = (status: number, message: string) =>
      renderKind(c, kind, { status, choices, banner: <Banner tone="error">{message}</Banner> });

    let held: string | null = null;
    let sheet: { sheetUrl: string; tab: string } | null = null;
    let input: ImportInput;
    const common = { platform: choices.platform ?? null, shop: choices.shop ?? null };
    if (form.source === 'sheet') {
      sheet = { sheetUrl: (form.sheetUrl ?? '').trim(), tab: (form.tab ?? '').trim() };
      input = { ...common, source: { type: 'sheet', sheetUrl: sheet.sheetUrl || null, tab: sheet.tab || null } };
    } else {
      const file = body.file;
      if (file instanceof File && file.size > 0) {
        if (file.size > limit) {
          const error = await services.imports.failUpload(
            kind,
            { source: { type: 'file', bytes: new Uint8Array(0), fileName: file.name } },
            options,
            actor,
            new AppError('payload_too_large', `ไฟล์มีขนาดใหญ่เกิน ${Math.round(limit / (1024 * 1024))} MB`),
          );
          return refuse(413, error.message);
        }
        const bytes = new Uint8Array(await file.arrayBuffer());
        if (dryRun) held = hold.put({ userId: user.id, kind }, { fileName: file.name, bytes }, now);
        input = { ...common, source: { type: 'file', bytes, fileName: file.name || 'upload' } };
      } else if (form.held) {
        const kept = hold.get(form.held, { userId: user.id, kind }, now);
        if (!kept) return refuse(409, 'ไฟล์ที่ตรวจสอบไว้หมดเวลาแล้ว กรุณาเลือกไฟล์และตรวจสอบอีกครั้ง');
        held = form.held;
        input = { ...common, source: { type: 'file', bytes: kept.bytes, fileName: kept.fileName } };
      } else {
        return refuse(400, 'กรุณาเลือกไฟล์ (.xlsx หรือ .csv) ก่อนกดตรวจสอบ');
      }
    }

    let result: Awaited<ReturnType<typeof services.imports.run>>;
    try {
      result = await services.imports.run(kind, input, options, actor);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status >= 500 && error.status !== 503)) throw error;
      // A commit refused for want of the zeroing confirmation keeps the held file: tick and go on.
      const zeroing =
        error.code === 'confirm_zeroing_required'
          ? Number((error.details[0] as { zeroed?: number } | undefined)?.zeroed ?? 0)
          : null;
      return renderKind(c, kind, {
        status: error.status,
        choices,
        banner: <RefusalBanner error={error} />,
        pending:
          zeroing !== null && (held || sheet) ? { held, sheet, options: choices, errors: 0, zeroing } : undefined,
      });
    }
    if (dryRun) {
      const i = result.import;
      // A check with no valid unit at all has nothing to confirm.
      const valid = i.added + i.updated + i.unchanged + i.duplicates + i.notFound + i.unmatched + i.zeroed > 0;
      const pending: Pending | undefined = valid
        ? { held, sheet, options: choices, errors: i.errors, zeroing: i.confirmZeroingRequired ? i.zeroed : null }
        : undefined;
      return renderKind(c, kind, { choices, result, pending });
    }
    if (held) hold.drop(held);
    return c.redirect(`/imports/${kind}/log/${result.import.id}`, 303);
  });

  page.get('/imports/:kind/log/:id', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const raw = c.req.param('id') ?? '';
    if (!/^\d{1,15}$/.test(raw)) throw new AppError('not_found', 'ไม่พบประวัติการนำเข้านี้');
    const detail = await c.get('services').imports.get(Number(raw));
    if (detail.import.kind !== kind) throw new AppError('not_found', 'ไม่พบประวัติการนำเข้านี้');
    const i = detail.import;
    return render(c, {
      title: `${KIND_INFO[kind].title} #${i.id}`,
      body: (
        <>
          <div class="page-head">
            <h1>
              {KIND_INFO[kind].title} #{i.id}
            </h1>
            <p class="head-meta">
              <a href={`/imports/${kind}`}>กลับไปหน้า{KIND_INFO[kind].title}</a>
            </p>
          </div>
          <ImportResultView r={detail} kind={kind} />
          {detail.errors.length > 0 ? (
            <p>
              <a class="button secondary small" href={`/imports/${kind}/log/${i.id}/errors.csv`}>
                ดาวน์โหลดข้อผิดพลาด (CSV)
              </a>
            </p>
          ) : null}
          <p class="muted">วันที่นำเข้า {thaiDate(i.importDate)}</p>
        </>
      ),
    });
  });

  page.get('/imports/:kind/log/:id/errors.csv', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const raw = c.req.param('id') ?? '';
    if (!/^\d{1,15}$/.test(raw)) throw new AppError('not_found', 'ไม่พบประวัติการนำเข้านี้');
    const detail = await c.get('services').imports.get(Number(raw));
    if (detail.import.kind !== kind) throw new AppError('not_found', 'ไม่พบประวัติการนำเข้านี้');
    const rows = [
      ['แถว', 'คอลัมน์', 'ค่า', 'รหัส', 'สาเหตุ'],
      ...detail.errors.map((e) => [
        e.row === null ? '' : String(e.row),
        e.column ?? '',
        e.value ?? '',
        e.code,
        e.message,
      ]),
    ];
    // A BOM so Excel reads the Thai as UTF-8; every cell quoted, and none may start a formula.
    const cell = (v: string) => `"${(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`;
    const csv = `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="import_${detail.import.id}_errors.csv"`,
    });
  });

  page.post('/imports/:kind/sheet-url', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const form = await readForm(c);
    const services = c.get('services');
    const source = form.source ?? '';
    if (!sourcesOf(kind).includes(source as SheetSource))
      return renderKind(c, kind, { status: 400, banner: <Banner tone="error">ไม่รู้จักแหล่งข้อมูลนี้</Banner> });
    try {
      if (form.op === 'delete') {
        if (!isConfirmed(form)) {
          return renderConfirmation(c, {
            title: 'ยืนยันลบลิงก์',
            message: `ลบลิงก์ที่บันทึกไว้ของ ${SOURCE_LABELS[source as SheetSource]}?`,
            action: `/imports/${kind}/sheet-url`,
            fields: { source, op: 'delete' },
            cancelHref: `/imports/${kind}`,
            confirmLabel: 'ลบ',
            danger: true,
          });
        }
        await services.sheetUrls.remove(source, actorOf(c));
        return c.redirect(withNotice(`/imports/${kind}`, 'sheet_url_deleted'), 303);
      }
      await services.sheetUrls.save(source, form.url ?? '', actorOf(c));
    } catch (error) {
      if (error instanceof AppError && error.status === 400)
        return renderKind(c, kind, { status: 400, banner: <Banner tone="error">{error.message}</Banner> });
      throw error;
    }
    return c.redirect(withNotice(`/imports/${kind}`, 'sheet_url_saved'), 303);
  });

  page.post('/imports/:kind/logs/clear', async (c) => {
    const kind = kindOf(c.req.param('kind'));
    const form = await readForm(c);
    const all = form.scope === 'all';
    const input = all
      ? { all: true }
      : { dateFrom: form.dateFrom?.trim() || undefined, dateTo: form.dateTo?.trim() || undefined };
    if (!isConfirmed(form)) {
      return renderConfirmation(c, {
        title: 'ยืนยันการลบประวัติ',
        message: all
          ? `ล้างประวัติการนำเข้าทั้งหมดของ ${KIND_INFO[kind].title}? (ลบเฉพาะประวัติ ข้อมูลที่นำเข้าแล้วยังอยู่)`
          : `ล้างประวัติการนำเข้าของ ${KIND_INFO[kind].title} ช่วง ${input.dateFrom ? thaiDate(input.dateFrom) : '-'} ถึง ${input.dateTo ? thaiDate(input.dateTo) : '-'}? (ลบเฉพาะประวัติ)`,
        action: `/imports/${kind}/logs/clear`,
        fields: { scope: form.scope, dateFrom: form.dateFrom, dateTo: form.dateTo },
        cancelHref: `/imports/${kind}`,
        confirmLabel: 'ยืนยันการลบ',
        danger: true,
      });
    }
    try {
      await c.get('services').imports.clearLogs(kind, input, actorOf(c));
    } catch (error) {
      if (error instanceof AppError && error.status === 400)
        return renderKind(c, kind, { status: 400, banner: <Banner tone="error">{error.message}</Banner> });
      throw error;
    }
    return c.redirect(withNotice(`/imports/${kind}`, 'logs_cleared'), 303);
  });
});

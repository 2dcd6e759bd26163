// ล้างข้อมูล (Reset) (admin; docs/domain/data-safety.md#clear-scopes): the seven figures of the
// legacy page, the scope list, then a preview with the counts per table and the single-use
// confirmation token of POST /api/admin/clear/preview, a typed confirmation (the scope's name), and
// the clear itself, whose result names the pre_clear backup it took first (with the way back:
// restore from it).
import type { Context } from 'hono';
import { actorOf } from '../../../http/auth';
import {
  CLEAR_SCOPES,
  CLEAR_SCOPE_LABELS,
  CLEAR_TARGETS,
  CLEAR_TARGET_LABELS,
  type ClearRequest,
  type ClearScope,
} from '../../../domain/clear-scopes';
import { definePages } from '../../define';
import { render } from '../../render';
import { formatCount } from '../../list-query';
import { thaiDate, thaiDateTime } from '../../format';
import { Banner, ErrorSummary } from '../../components/banner';
import { CheckField, Field, fieldId, Hidden, PostForm, type FieldErrors } from '../../components/form';
import { Facts, type Fact } from '../../components/facts';
import { AdminHead, attempt, CountsTable } from './common';
import type { AppEnv } from '../../../http/env';
import type { PageContext } from '../../context';
import type { ClearService } from '../../../services/clear';

/** What each scope deletes and keeps, as docs/domain/data-safety.md#clear-scopes says. */
const SCOPE_HELP: Readonly<Record<ClearScope, string>> = {
  today: 'ลบออเดอร์ที่นำเข้าวันนี้ทั้งออเดอร์ (รายการสินค้า สถานะ และจำนวนครั้งที่พิมพ์ของออเดอร์นั้น)',
  date_range:
    'เลือกช่วงวันที่และข้อมูลที่จะลบ: ออเดอร์ตามวันที่นำเข้า ใบสั่งขายที่บันทึกในช่วงนั้น ประวัติจ่ายงาน ประวัติยกเลิก หรือออเดอร์ที่ถูกลบในช่วงนั้น (ลบถาวร)',
  all: 'ลบออเดอร์ทั้งหมด รายการยกเลิกที่ยังไม่พบออเดอร์ งานที่พิมพ์ และประวัติการนำเข้า Orders ยกเลิก จ่ายงานแล้ว บิลเปล่า โดยเก็บสินค้า สต็อก ใบสั่งขาย ร้านค้า การตั้งค่า และผู้ใช้ไว้',
  everything:
    'ลบทุกอย่างที่ "ลบข้อมูลออเดอร์ทั้งหมด" ลบ รวมถึงสินค้า สต็อก ใบสั่งขาย ร้านค้า และประวัติการนำเข้าทุกชนิด โดยเก็บผู้ใช้ การตั้งค่า (ลิงก์ Google Sheet) บันทึกการใช้งาน และไฟล์สำรองไว้',
  deleted_bin: 'ลบถาวรทุกออเดอร์ที่อยู่ในถังขยะ ไม่มีออเดอร์ใดกลับมา',
  cancelled: 'ลบถาวรทุกออเดอร์ที่ถูกยกเลิก และรายการยกเลิกที่ยังไม่พบออเดอร์ทั้งหมด',
  issued: 'ลบถาวรทุกออเดอร์ที่จ่ายงานแล้ว',
  sales: 'ลบข้อมูลใบสั่งขาย (Sales) ทั้งหมด สถานะแพ็คแล้วที่มาจากใบสั่งขายจะหายไปด้วย',
  bill_empty_today: 'ยกเลิกสถานะบิลเปล่าที่ถูกสร้างวันนี้ และลบประวัติการนำเข้าบิลเปล่าของวันนี้',
};

const STAT_LABELS = [
  ['totalOrders', 'ออเดอร์ทั้งหมด'],
  ['cancelledOrders', 'Order ยกเลิก'],
  ['issuedOrders', 'Order จ่ายแล้ว'],
  ['todayOrders', 'ออเดอร์วันนี้'],
  ['salesRows', 'ใบสั่งขาย (Sales)'],
  ['trashedOrders', 'Order ที่ถูกลบ (ถังขยะ)'],
  ['billEmptyToday', 'บิลเปล่าวันนี้'],
] as const;

const CONFIRM_QUESTION = 'คุณแน่ใจหรือไม่ว่าต้องการล้างข้อมูล?';

interface ClearForm {
  scope: string;
  dateFrom: string;
  dateTo: string;
  targets: string[];
}

async function readClearForm(c: Context<AppEnv>): Promise<ClearForm & { confirmToken: string; typed: string }> {
  const body = await c.req.parseBody({ all: true });
  const one = (key: string) => {
    const v = body[key];
    const first = Array.isArray(v) ? v[0] : v;
    return typeof first === 'string' ? first : '';
  };
  const many = (key: string) => {
    const v = body[key];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  };
  return {
    scope: one('scope'),
    dateFrom: one('dateFrom'),
    dateTo: one('dateTo'),
    targets: many('targets'),
    confirmToken: one('confirmToken'),
    typed: one('typed'),
  };
}

const isScope = (s: string): s is ClearScope => (CLEAR_SCOPES as readonly string[]).includes(s);

function requestOf(form: ClearForm & { scope: ClearScope }): ClearRequest {
  if (form.scope !== 'date_range') return { scope: form.scope };
  return { scope: form.scope, dateFrom: form.dateFrom, dateTo: form.dateTo, targets: form.targets };
}

/** What the request acts on: the scope, and its days and targets when it has them. */
function scopeFacts(props: {
  scope: ClearScope;
  dateFrom: string | null;
  dateTo: string | null;
  targets: readonly string[];
}): (Fact | null)[] {
  return [
    { label: 'ขอบเขต', value: CLEAR_SCOPE_LABELS[props.scope] },
    props.dateFrom && props.dateTo
      ? {
          label: 'ช่วงวันที่',
          value:
            props.dateFrom === props.dateTo
              ? thaiDate(props.dateFrom)
              : `${thaiDate(props.dateFrom)} ถึง ${thaiDate(props.dateTo)}`,
        }
      : null,
    props.scope === 'date_range'
      ? {
          label: 'ข้อมูลที่ลบ',
          value: props.targets.map((t) => CLEAR_TARGET_LABELS[t as keyof typeof CLEAR_TARGET_LABELS] ?? t).join(', '),
        }
      : null,
  ];
}

interface ChooseProblem {
  form?: ClearForm;
  errors?: FieldErrors;
  message?: string | null;
}

async function choosePage(c: Context<AppEnv>, problem: ChooseProblem = {}, status: 200 | 400 | 409 | 503 = 200) {
  const stats = await c.get('services').clear.stats();
  const form = problem.form;
  const errors = problem.errors ?? {};
  return render(c, {
    title: 'ล้างข้อมูล (Reset)',
    status,
    body: (ctx) => (
      <>
        <AdminHead title="ล้างข้อมูล (Reset)" user={ctx.user} path={ctx.path} />
        <Banner tone="warning" title="การล้างข้อมูลลบข้อมูลออกจากระบบ กรุณาตรวจสอบให้แน่ใจก่อนดำเนินการ">
          <p>ระบบสำรองข้อมูลทั้งหมดก่อนล้างทุกครั้ง (ไฟล์สำรองแบบก่อนล้างข้อมูล) และกู้คืนจากไฟล์นั้นได้ที่หน้า สำรองและกู้คืนข้อมูล</p>
        </Banner>
        <ErrorSummary message={problem.message} fields={errors} />
        <section aria-labelledby="stats-title">
          <h2 id="stats-title">{`ข้อมูลในระบบ (วันนี้ ${thaiDate(stats.today)})`}</h2>
          <ul class="stat-grid">
            {STAT_LABELS.map(([key, label]) => (
              <li class="stat">
                <span class="stat-label">{label}</span>
                <strong class="stat-value">{formatCount(stats[key])}</strong>
              </li>
            ))}
          </ul>
        </section>
        <section class="panel" aria-labelledby="scope-title">
          <h2 id="scope-title">เลือกข้อมูลที่จะล้าง</h2>
          <PostForm action="/admin/clear/preview" csrf={ctx.csrfToken} novalidate>
            <fieldset class="choices" aria-describedby={errors.scope ? `${fieldId('scope')}-error` : undefined}>
              <legend>ขอบเขต</legend>
              {CLEAR_SCOPES.map((scope, i) => (
                <div class="choice">
                  <input
                    type="radio"
                    name="scope"
                    id={fieldId(`scope-${scope}`)}
                    value={scope}
                    checked={(form?.scope ?? 'today') === scope}
                    aria-describedby={`${fieldId(`scope-${scope}`)}-hint`}
                    autofocus={i === 0 && !!errors.scope}
                  />
                  <label for={fieldId(`scope-${scope}`)}>
                    {CLEAR_SCOPE_LABELS[scope]} <code class="muted">{scope}</code>
                  </label>
                  <span class="hint" id={`${fieldId(`scope-${scope}`)}-hint`}>
                    {SCOPE_HELP[scope]}
                  </span>
                </div>
              ))}
              {errors.scope ? (
                <span class="field-error" id={`${fieldId('scope')}-error`}>
                  {errors.scope}
                </span>
              ) : null}
            </fieldset>
            <fieldset class="range">
              <legend>ช่วงวันที่ (เฉพาะ ลบข้อมูลตามช่วงวันที่)</legend>
              <div class="inline-fields">
                <Field
                  name="dateFrom"
                  label="ตั้งแต่วันที่"
                  type="date"
                  class="short"
                  value={form?.dateFrom}
                  error={errors.dateFrom}
                />
                <Field
                  name="dateTo"
                  label="ถึงวันที่"
                  type="date"
                  class="short"
                  value={form?.dateTo}
                  error={errors.dateTo}
                />
              </div>
              <fieldset class="targets" aria-describedby={errors.targets ? `${fieldId('targets')}-error` : undefined}>
                <legend>ข้อมูลที่จะลบในช่วงวันที่</legend>
                {CLEAR_TARGETS.map((target) => (
                  <CheckField
                    name="targets"
                    id={fieldId(`target-${target}`)}
                    value={target}
                    label={CLEAR_TARGET_LABELS[target]}
                    checked={form?.targets.includes(target) ?? false}
                  />
                ))}
                {errors.targets ? (
                  <span class="field-error" id={`${fieldId('targets')}-error`}>
                    {errors.targets}
                  </span>
                ) : null}
              </fieldset>
            </fieldset>
            <button type="submit">ดูจำนวนที่จะถูกลบ</button>
          </PostForm>
        </section>
      </>
    ),
  });
}

type Preview = Awaited<ReturnType<ClearService['preview']>>;

function PreviewBody(props: { ctx: PageContext; preview: Preview; typedError?: string }) {
  const { ctx, preview } = props;
  return (
    <>
      <AdminHead title="ยืนยันการล้างข้อมูล" user={ctx.user} path={ctx.path} />
      <section class="panel" aria-labelledby="preview-title">
        <h2 id="preview-title">สิ่งที่จะถูกลบ</h2>
        <Facts items={scopeFacts(preview)} />
        <p>
          <strong>{`รวม ${formatCount(preview.total)} แถว`}</strong>
        </p>
        <CountsTable
          caption="จำนวนแถวที่จะถูกลบในแต่ละตาราง"
          columns={[{ label: 'จำนวนที่จะลบ', counts: preview.counts }]}
          total
        />
      </section>
      <section class="panel danger-zone" aria-labelledby="confirm-clear-title">
        <h2 id="confirm-clear-title">{CONFIRM_QUESTION}</h2>
        <p>ระบบจะสร้างไฟล์สำรองแบบก่อนล้างข้อมูล (pre_clear) ก่อน แล้วจึงลบข้อมูลทั้งหมดข้างต้นในครั้งเดียว</p>
        <p class="muted">{`การยืนยันนี้ใช้ได้ครั้งเดียว ภายในเวลา ${thaiDateTime(preview.expiresAt)} (5 นาที)`}</p>
        <PostForm action="/admin/clear" csrf={ctx.csrfToken} novalidate>
          <Hidden
            fields={{
              scope: preview.scope,
              dateFrom: preview.scope === 'date_range' ? preview.dateFrom : null,
              dateTo: preview.scope === 'date_range' ? preview.dateTo : null,
              targets: preview.scope === 'date_range' ? preview.targets : null,
              confirmToken: preview.confirmToken,
            }}
          />
          <Field
            name="typed"
            label={`พิมพ์ "${preview.scope}" เพื่อยืนยัน`}
            error={props.typedError}
            required
            autocomplete="off"
            spellcheck={false}
            autofocus
            hint="ชื่อขอบเขตตามที่แสดง (ตัวอักษรภาษาอังกฤษ)"
          />
          <div class="actions">
            <button type="submit" class="danger">
              ล้างข้อมูล
            </button>
            <a class="button secondary" href="/admin/clear">
              ยกเลิก
            </a>
          </div>
        </PostForm>
      </section>
    </>
  );
}

/** Field errors of a refused clear request (invalid_date_range, invalid_targets name their field). */
function requestErrors(error: { code: string; message: string; details: { field?: unknown }[] }): FieldErrors {
  const field = typeof error.details[0]?.field === 'string' ? (error.details[0].field as string) : null;
  return field ? { [field]: error.message } : {};
}

async function previewOrRefuse(c: Context<AppEnv>, form: ClearForm, typedError?: string) {
  if (!isScope(form.scope)) return choosePage(c, { form, errors: { scope: 'กรุณาเลือกขอบเขตที่จะล้าง' } }, 400);
  const scope = form.scope;
  const preview = await attempt(() => c.get('services').clear.preview(requestOf({ ...form, scope }), actorOf(c)));
  if (!preview.ok) {
    const errors = requestErrors(preview.error);
    return choosePage(c, { form, errors, message: Object.keys(errors).length ? null : preview.error.message }, 400);
  }
  return render(c, {
    title: 'ยืนยันการล้างข้อมูล',
    status: typedError ? 400 : 200,
    body: (ctx) => <PreviewBody ctx={ctx} preview={preview.value} typedError={typedError} />,
  });
}

export const clearPages = definePages((page) => {
  page.get('/admin/clear', (c) => choosePage(c));

  page.post('/admin/clear/preview', async (c) => previewOrRefuse(c, await readClearForm(c)));

  page.post('/admin/clear', async (c) => {
    const form = await readClearForm(c);
    if (!isScope(form.scope)) return choosePage(c, { form, errors: { scope: 'กรุณาเลือกขอบเขตที่จะล้าง' } }, 400);
    // A mistyped name shows the preview again, counted afresh with a fresh token.
    if (form.typed.trim() !== form.scope) {
      return previewOrRefuse(
        c,
        form,
        form.typed.trim() ? `พิมพ์ไม่ตรงกับ ${form.scope} กรุณาพิมพ์ใหม่` : `กรุณาพิมพ์ ${form.scope} เพื่อยืนยัน`,
      );
    }
    const scope = form.scope;
    const done = await attempt(() =>
      c
        .get('services')
        .clear.execute({ ...requestOf({ ...form, scope }), confirmToken: form.confirmToken || undefined }, actorOf(c)),
    );
    if (!done.ok) {
      const errors = requestErrors(done.error);
      const status = done.error.status === 409 || done.error.status === 503 ? done.error.status : 400;
      return choosePage(c, { form, errors, message: Object.keys(errors).length ? null : done.error.message }, status);
    }
    const result = done.value;
    return render(c, {
      title: 'ล้างข้อมูลแล้ว',
      body: (ctx) => (
        <>
          <AdminHead title="ล้างข้อมูลแล้ว" user={ctx.user} path={ctx.path} />
          <Banner tone="success" title={`ล้างข้อมูลแล้ว รวม ${formatCount(result.total)} แถว`}>
            <p>
              ไฟล์สำรองก่อนล้าง: <code class="backup-name">{result.backup}</code>
            </p>
          </Banner>
          <section class="panel" aria-labelledby="result-title">
            <h2 id="result-title">รายละเอียด</h2>
            <Facts
              items={[
                ...scopeFacts(result),
                { label: 'ไฟล์สำรองก่อนล้าง', value: result.backup, code: true },
                { label: 'เลขที่บันทึกการใช้งาน', value: String(result.auditId) },
              ]}
            />
            <div class="actions">
              <a class="button secondary" href={`/admin/backups/${encodeURIComponent(result.backup)}/download`}>
                ดาวน์โหลดไฟล์สำรองนี้
              </a>
              <a class="button secondary" href={`/admin/backups/${encodeURIComponent(result.backup)}/restore`}>
                กู้คืนจากไฟล์สำรองนี้
              </a>
              <a href="/admin/clear">กลับไปหน้าล้างข้อมูล</a>
            </div>
          </section>
          <CountsTable
            caption="จำนวนแถวที่ถูกลบในแต่ละตาราง"
            showCaption
            columns={[{ label: 'ลบแล้ว', counts: result.deleted }]}
            total
          />
        </>
      ),
    });
  });
});

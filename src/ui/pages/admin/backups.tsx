// สำรองและกู้คืนข้อมูล (admin; docs/domain/data-safety.md#backups): the backup catalogue (take one
// now, download, delete), the database export, and restore - from a catalogued backup or an
// uploaded export - always as a dry run first, whose validation report is shown with the counts it
// would restore beside today's, and only then the real restore (which takes a pre_restore backup
// first). Downloads stream from the same services as the API routes, under the same export limits.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { actorOf } from '../../../http/auth';
import { sha256Hex } from '../../../lib/bytes';
import { attachment, backupContentType } from '../../../http/download';
import { type AppError, badRequest } from '../../../errors';
import { definePages, readForm } from '../../define';
import { render } from '../../render';
import { withNotice } from '../../notices';
import { formatCount, readPaging, type Query } from '../../list-query';
import { formatBytes, thaiDateTime } from '../../format';
import { Badge } from '../../components/badge';
import { Banner } from '../../components/banner';
import { CheckField, Hidden, PostForm, SelectField } from '../../components/form';
import { FileDropField, UploadProgress } from '../../components/upload';
import { isConfirmed, renderConfirmation } from '../../components/confirm';
import { DataTable, Pager, type Column } from '../../components/table';
import { Facts } from '../../components/facts';
import { AdminHead, attempt, BACKUP_KIND_LABELS, CountsTable, type Attempt } from './common';
import type { AppEnv } from '../../../http/env';
import type { PageContext } from '../../context';
import type { RestoreResult } from '../../../services/restore';
import type { BackupAdminService } from '../../../services/backups/admin';

type Backup = Awaited<ReturnType<BackupAdminService['get']>>;

const FORMAT_LABELS: Readonly<Record<string, string>> = { sqlite: 'SQLite (.db)', ndjson: 'NDJSON.gz' };

const backupHref = (name: string, action: 'download' | 'restore' | 'delete') =>
  `/admin/backups/${encodeURIComponent(name)}/${action}`;

const columns: Column<Backup>[] = [
  { key: 'name', label: 'ไฟล์สำรอง', cell: (b) => <code class="backup-name">{b.name}</code> },
  {
    key: 'kind',
    label: 'ชนิด',
    cell: (b) => (
      <>
        {BACKUP_KIND_LABELS[b.kind] ?? b.kind}
        {b.legacy ? (
          <>
            {' '}
            <Badge tone="purple">legacy</Badge>
          </>
        ) : null}
      </>
    ),
  },
  { key: 'format', label: 'รูปแบบ', cell: (b) => FORMAT_LABELS[b.format] ?? b.format },
  { key: 'size', label: 'ขนาด', numeric: true, nowrap: true, cell: (b) => formatBytes(b.sizeBytes) },
  { key: 'createdAt', label: 'สร้างเมื่อ', nowrap: true, cell: (b) => thaiDateTime(b.createdAt) },
  { key: 'by', label: 'โดย', cell: (b) => b.createdBy.username ?? 'ระบบ' },
  {
    key: 'actions',
    label: 'จัดการ',
    cell: (b) => (
      <ul class="row-actions">
        <li>
          <a href={backupHref(b.name, 'download')}>
            ดาวน์โหลด<span class="visually-hidden"> {b.name}</span>
          </a>
        </li>
        <li>
          <a href={backupHref(b.name, 'restore')}>
            กู้คืน<span class="visually-hidden"> จาก {b.name}</span>
          </a>
        </li>
      </ul>
    ),
  },
];

async function listPage(
  c: Context<AppEnv>,
  problem: { message?: string; title?: string } = {},
  status: 200 | 400 | 409 | 413 | 422 | 503 = 200,
) {
  const services = c.get('services');
  const query = c.req.query() as Query;
  const paging = readPaging(query);
  const [list, overview] = await Promise.all([
    services.backups.list({ page: paging.page, limit: paging.pageSize }),
    services.status.systemStatus(),
  ]);
  const info = overview.backups;
  const fileAdapter = overview.storage.kind === 'file';
  const keep = info.retention as Record<string, number | string>;
  return render(c, {
    title: 'สำรองและกู้คืนข้อมูล',
    status,
    body: (ctx) => (
      <>
        <AdminHead title="สำรองและกู้คืนข้อมูล" user={ctx.user} path={ctx.path} />
        {problem.message ? (
          <Banner tone="error" title={problem.title}>
            {problem.message}
          </Banner>
        ) : null}
        {info.lastError ? (
          <Banner tone="error" title="การสำรองข้อมูลครั้งล่าสุดไม่สำเร็จ">
            {`${thaiDateTime(info.lastError.at)} (${BACKUP_KIND_LABELS[info.lastError.kind] ?? info.lastError.kind})${info.lastError.message ? `: ${info.lastError.message}` : ''}`}
          </Banner>
        ) : null}
        <section class="panel" aria-labelledby="backup-now-title">
          <h2 id="backup-now-title">สำรองข้อมูลตอนนี้</h2>
          <Facts
            items={[
              { label: 'สำรองอัตโนมัติครั้งถัดไป', value: thaiDateTime(info.nextScheduledAt) },
              {
                label: 'ไฟล์สำรองล่าสุด',
                value: info.latest
                  ? `${thaiDateTime(info.latest.createdAt)} (${BACKUP_KIND_LABELS[info.latest.kind] ?? info.latest.kind})`
                  : 'ยังไม่มี',
              },
              { label: 'ไฟล์สำรองทั้งหมด', value: `${formatCount(info.count)} ไฟล์ รวม ${formatBytes(info.totalBytes)}` },
              { label: 'ที่เก็บไฟล์สำรอง', value: info.location, code: true },
            ]}
          />
          <PostForm action="/admin/backups" csrf={ctx.csrfToken} class="inline-fields" progress>
            <SelectField
              name="format"
              class="short"
              label="รูปแบบไฟล์"
              options={[
                { value: '', label: fileAdapter ? 'ค่าเริ่มต้น (SQLite)' : 'ค่าเริ่มต้น (NDJSON.gz)' },
                ...(fileAdapter ? [{ value: 'sqlite', label: FORMAT_LABELS.sqlite }] : []),
                { value: 'ndjson', label: FORMAT_LABELS.ndjson },
              ]}
            />
            <button type="submit">สำรองข้อมูลตอนนี้</button>
            <UploadProgress text="กำลังสำรองข้อมูล กรุณารอสักครู่..." />
          </PostForm>
        </section>

        <section aria-labelledby="backup-list-title">
          <h2 id="backup-list-title">ไฟล์สำรองทั้งหมด</h2>
          <DataTable
            caption="ไฟล์สำรองทั้งหมด ใหม่สุดก่อน"
            columns={columns}
            rows={list.items}
            path="/admin/backups"
            query={query}
            empty="ยังไม่มีไฟล์สำรอง"
          />
          <Pager page={paging.page} pageSize={paging.pageSize} total={list.total} path="/admin/backups" query={query} />
          <p class="muted">
            {`เก็บไฟล์สำรองอัตโนมัติ ${keep.scheduled} ไฟล์ล่าสุด ไฟล์ที่สร้างเอง ${keep.manual} ไฟล์ และไฟล์ก่อนล้าง/กู้คืน/ปรับปรุงฐานข้อมูลชนิดละ ${keep.pre_clear} ไฟล์ ไฟล์ legacy เก็บไว้เสมอ`}
          </p>
        </section>

        <section class="panel" aria-labelledby="export-title">
          <h2 id="export-title">ส่งออกฐานข้อมูล (Export)</h2>
          <p>ดาวน์โหลดข้อมูลทั้งหมดเก็บไว้นอกระบบ ใช้กู้คืนได้ด้วยฟอร์มด้านล่าง ไฟล์มีรหัสผ่าน (ที่เข้ารหัสแล้ว) ของผู้ใช้ จึงต้องเก็บเป็นความลับ</p>
          <div class="actions">
            <a class="button secondary" href="/admin/export">
              ดาวน์โหลด NDJSON.gz
            </a>
            {fileAdapter ? (
              <a class="button secondary" href="/admin/export?format=sqlite">
                ดาวน์โหลดไฟล์ SQLite
              </a>
            ) : null}
          </div>
        </section>

        <section class="panel" aria-labelledby="upload-restore-title">
          <h2 id="upload-restore-title">กู้คืนจากไฟล์ส่งออก</h2>
          <p>เลือกไฟล์ที่ส่งออกจากระบบ (.ndjson.gz หรือ .ndjson) ระบบจะตรวจสอบทั้งไฟล์ก่อน (Dry run) และแสดงผลให้ดูก่อนกู้คืนจริง</p>
          <PostForm action="/admin/restore" csrf={ctx.csrfToken} multipart progress>
            <input type="hidden" name="step" value="check" />
            <FileDropField name="file" label="ไฟล์ส่งออก" accept=".gz,.ndjson" required />
            <IncludeUsersField />
            <UploadProgress />
            <button type="submit">ตรวจสอบไฟล์ (Dry run)</button>
          </PostForm>
        </section>
      </>
    ),
  });
}

function IncludeUsersField() {
  return <CheckField name="includeUsers" label="กู้คืนบัญชีผู้ใช้ด้วย" hint="ถ้าไม่เลือก บัญชีผู้ใช้และรหัสผ่านปัจจุบันจะคงเดิม" />;
}

function ConfirmRestoreField(props: { error?: string }) {
  return (
    <CheckField
      name="confirmed"
      label="ยืนยัน: แทนที่ข้อมูลปัจจุบันทั้งหมดด้วยข้อมูลในไฟล์นี้ (ระบบสำรองข้อมูลปัจจุบันไว้ก่อน)"
      required
      error={props.error}
    />
  );
}

/** The problems a refused restore lists (line numbers of an invalid export, the backup's defect). */
function RefusalDetails(props: { error: AppError }) {
  const details = props.error.details.filter((d) => typeof d.message === 'string' || typeof d.line === 'number');
  if (details.length === 0) return null;
  return (
    <ul class="problems">
      {details.map((d) => (
        <li>
          {typeof d.line === 'number' ? `บรรทัด ${formatCount(d.line)}` : null}
          {typeof d.table === 'string' ? ` ตาราง ${d.table}` : null}
          {typeof d.column === 'string' ? ` คอลัมน์ ${d.column}` : null}
          {typeof d.line === 'number' || typeof d.table === 'string' ? ': ' : null}
          {typeof d.message === 'string' ? d.message : typeof d.code === 'string' ? d.code : ''}
        </li>
      ))}
    </ul>
  );
}

interface ReportProps {
  ctx: PageContext;
  title: string;
  source: Child;
  check: Attempt<RestoreResult>;
  current: Record<string, number>;
  /** The form of the real restore (shown only when the check passed). */
  apply: Child;
  backHref: string;
}

/** The dry run's validation report: what the file holds, what a restore would write, and today's counts beside it. */
function RestoreReport(props: ReportProps) {
  const { check } = props;
  return (
    <>
      <AdminHead title={props.title} user={props.ctx.user} path={props.ctx.path}>
        <a href={props.backHref}>กลับ</a>
      </AdminHead>
      <section class="panel" aria-labelledby="source-title">
        <h2 id="source-title">ไฟล์ที่ตรวจสอบ</h2>
        {props.source}
      </section>
      {check.ok ? (
        <>
          <Banner tone="success" title="ผลการตรวจสอบ (Dry run): ไฟล์ถูกต้อง กู้คืนได้">
            <p>{`ตรวจสอบครบทุกบรรทัดแล้ว ยังไม่มีข้อมูลใดถูกเปลี่ยน (schema ${check.value.schema})`}</p>
          </Banner>
          <CountsTable
            caption="จำนวนแถวที่จะกู้คืน เทียบกับข้อมูลตอนนี้"
            showCaption
            columns={[
              { label: 'ในไฟล์ (จะกู้คืน)', counts: check.value.restored },
              {
                label: 'ข้อมูลตอนนี้',
                counts: Object.fromEntries(Object.keys(check.value.restored).map((t) => [t, props.current[t]])),
              },
            ]}
          />
          {Object.values(check.value.skipped).some((n) => (n ?? 0) > 0) ? (
            <>
              <h2>ข้อมูลในไฟล์ที่จะไม่ถูกกู้คืน</h2>
              <p class="muted">บันทึกการใช้งานไม่ถูกลบหรือเขียนทับ บัญชีผู้ใช้คงเดิมเว้นแต่เลือกกู้คืนบัญชีผู้ใช้ด้วย</p>
              <CountsTable
                caption="ข้อมูลในไฟล์ที่จะไม่ถูกกู้คืน"
                columns={[{ label: 'ในไฟล์', counts: check.value.skipped }]}
                hideZero
              />
            </>
          ) : null}
          <section class="panel danger-zone" aria-labelledby="apply-title">
            <h2 id="apply-title">กู้คืนจริง</h2>
            {props.apply}
          </section>
        </>
      ) : (
        <Banner tone="error" title="ผลการตรวจสอบ (Dry run): กู้คืนไม่ได้ ไม่มีข้อมูลใดถูกเปลี่ยน">
          <p>{check.error.message}</p>
          <RefusalDetails error={check.error} />
        </Banner>
      )}
    </>
  );
}

function RestoreDone(props: { ctx: PageContext; result: RestoreResult; source: string }) {
  const { result } = props;
  return (
    <>
      <AdminHead title="กู้คืนข้อมูลแล้ว" user={props.ctx.user} path={props.ctx.path} />
      <Banner tone="success" title={`กู้คืนข้อมูลจาก ${props.source} แล้ว`}>
        <p>
          ข้อมูลก่อนกู้คืนถูกสำรองไว้ที่ <code class="backup-name">{result.backup ?? '-'}</code>
        </p>
      </Banner>
      <section class="panel" aria-labelledby="restore-result-title">
        <h2 id="restore-result-title">รายละเอียด</h2>
        <Facts
          items={[
            { label: 'กู้คืนจาก', value: props.source, code: true },
            { label: 'ไฟล์สำรองก่อนกู้คืน', value: result.backup ?? '-', code: true },
            { label: 'Schema ของไฟล์', value: result.schema, code: true },
            { label: 'เลขที่บันทึกการใช้งาน', value: result.auditId === null ? '-' : String(result.auditId) },
          ]}
        />
      </section>
      <CountsTable
        caption="จำนวนแถวที่กู้คืนในแต่ละตาราง"
        showCaption
        columns={[{ label: 'กู้คืนแล้ว', counts: result.restored }]}
        total
      />
      <div class="actions">
        <a class="button" href="/admin/system-status">
          ดูจำนวนข้อมูลที่ System Status
        </a>
        <a href="/admin/backups">กลับไปหน้าสำรองและกู้คืนข้อมูล</a>
      </div>
    </>
  );
}

const backupName = (c: Context<AppEnv>) => c.req.param('name') ?? '';

function BackupFacts(props: { backup: Backup }) {
  const b = props.backup;
  return (
    <Facts
      items={[
        { label: 'ไฟล์สำรอง', value: b.name, code: true },
        { label: 'ชนิด', value: BACKUP_KIND_LABELS[b.kind] ?? b.kind },
        { label: 'รูปแบบ', value: FORMAT_LABELS[b.format] ?? b.format },
        { label: 'ขนาด', value: formatBytes(b.sizeBytes) },
        { label: 'สร้างเมื่อ', value: `${thaiDateTime(b.createdAt)} โดย ${b.createdBy.username ?? 'ระบบ'}` },
        { label: 'Schema', value: b.schemaVersion ?? '-', code: true },
      ]}
    />
  );
}

interface ReportSource {
  title: string;
  /** What was checked, as facts. */
  facts: Child;
  /** The dry run itself. */
  check: () => Promise<RestoreResult>;
  /** The real restore's form, given the CSRF token. */
  apply: (csrf: string | null) => Child;
}

/** Runs the dry run and shows its report; the real restore's form comes with a passed check only. */
async function restoreReport(c: Context<AppEnv>, source: ReportSource, confirmError?: string) {
  const [check, current] = await Promise.all([attempt(source.check), c.get('services').status.tableCounts()]);
  return render(c, {
    title: source.title,
    status: !check.ok ? (check.error.status as 409 | 413 | 422) : confirmError ? 400 : 200,
    body: (ctx) => (
      <RestoreReport
        ctx={ctx}
        title={source.title}
        backHref="/admin/backups"
        source={source.facts}
        check={check}
        current={current}
        apply={source.apply(ctx.csrfToken)}
      />
    ),
  });
}

async function backupReport(c: Context<AppEnv>, name: string, includeUsers: boolean, confirmError?: string) {
  const services = c.get('services');
  const backup = await services.backups.get(name);
  return restoreReport(
    c,
    {
      title: 'กู้คืนจากไฟล์สำรอง',
      facts: <BackupFacts backup={backup} />,
      check: () => services.restore.fromBackup(name, { dryRun: true, includeUsers }, actorOf(c)),
      apply: (csrf) => (
        <PostForm action={backupHref(name, 'restore')} csrf={csrf} novalidate>
          <Hidden fields={{ step: 'apply', includeUsers: includeUsers ? '1' : null }} />
          <p>{includeUsers ? 'กู้คืนข้อมูลและบัญชีผู้ใช้จากไฟล์นี้' : 'กู้คืนข้อมูลจากไฟล์นี้ บัญชีผู้ใช้คงเดิม'}</p>
          <ConfirmRestoreField error={confirmError} />
          <button type="submit" class="danger">
            กู้คืนข้อมูล
          </button>
        </PostForm>
      ),
    },
    confirmError,
  );
}

/** An uploaded export: its bytes, its name and the digest that ties the real restore to the checked file. */
async function uploadedFile(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; name: string; sha256: string } | null> {
  const file = (await c.req.parseBody()).file as File | string | undefined;
  if (!file || typeof file === 'string' || typeof file.arrayBuffer !== 'function' || file.size === 0) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { bytes, name: file.name || 'upload', sha256: await sha256Hex(bytes) };
}

function UploadFacts(props: { name: string; size: number; sha256: string }) {
  return (
    <Facts
      items={[
        { label: 'ชื่อไฟล์', value: props.name, code: true },
        { label: 'ขนาด', value: formatBytes(props.size) },
        { label: 'SHA-256', value: props.sha256, code: true },
      ]}
    />
  );
}

async function uploadReport(
  c: Context<AppEnv>,
  file: { bytes: Uint8Array; name: string; sha256: string },
  includeUsers: boolean,
  confirmError?: string,
) {
  return restoreReport(
    c,
    {
      title: 'กู้คืนจากไฟล์ส่งออก',
      facts: <UploadFacts name={file.name} size={file.bytes.byteLength} sha256={file.sha256} />,
      check: () => c.get('services').restore.fromUpload(file, { dryRun: true, includeUsers }, actorOf(c)),
      // A browser cannot post a file it was not given again: the same file is chosen once
      // more, and its digest must be the one checked above.
      apply: (csrf) => (
        <PostForm action="/admin/restore" csrf={csrf} multipart progress novalidate>
          <Hidden fields={{ step: 'apply', sha256: file.sha256, includeUsers: includeUsers ? '1' : null }} />
          <FileDropField
            name="file"
            label={`เลือกไฟล์เดิมอีกครั้ง (${file.name})`}
            accept=".gz,.ndjson"
            required
            hint="ต้องเป็นไฟล์เดียวกับที่ตรวจสอบแล้วข้างบน"
          />
          <ConfirmRestoreField error={confirmError} />
          <UploadProgress text="กำลังกู้คืนข้อมูล กรุณารอสักครู่..." />
          <button type="submit" class="danger">
            กู้คืนข้อมูล
          </button>
        </PostForm>
      ),
    },
    confirmError,
  );
}

const CONFIRM_MISSING = 'กรุณาติ๊กยืนยันก่อนกู้คืน';

export const backupPages = definePages((page) => {
  page.get('/admin/backups', (c) => listPage(c));

  page.post('/admin/backups', async (c) => {
    const form = await readForm(c);
    const format = form.format === 'sqlite' || form.format === 'ndjson' ? form.format : undefined;
    const done = await attempt(() => c.get('services').backups.create({ format }, actorOf(c)));
    if (!done.ok)
      return listPage(
        c,
        { title: 'สำรองข้อมูลไม่สำเร็จ', message: done.error.message },
        done.error.status === 409 ? 409 : 503,
      );
    return c.redirect(withNotice('/admin/backups', 'backup_created'), 303);
  });

  page.get('/admin/backups/:name/download', async (c) => {
    const name = backupName(c);
    const file = await c.get('services').backups.download(name, actorOf(c));
    return attachment(c, { stream: file.stream, fileName: name, contentType: backupContentType(file.format) });
  });

  page.get('/admin/export', async (c) => {
    const format = c.req.query('format') === 'sqlite' ? 'sqlite' : 'ndjson';
    return attachment(c, await c.get('services').exports.download(format, actorOf(c)));
  });

  page.post('/admin/backups/:name/delete', async (c) => {
    const form = await readForm(c);
    const name = backupName(c);
    if (!isConfirmed(form)) {
      const backup = await c.get('services').backups.get(name);
      return renderConfirmation(c, {
        title: 'ยืนยันการลบไฟล์สำรอง',
        message: `ลบไฟล์สำรอง ${backup.name}? ลบแล้วกู้คืนจากไฟล์นี้ไม่ได้อีก`,
        action: backupHref(name, 'delete'),
        fields: {},
        cancelHref: backupHref(name, 'restore'),
        confirmLabel: 'ลบไฟล์สำรอง',
        danger: true,
      });
    }
    await c.get('services').backups.remove(name, actorOf(c));
    return c.redirect(withNotice('/admin/backups', 'backup_deleted'), 303);
  });

  // The restore page of one backup: what it is, then the dry run.
  page.get('/admin/backups/:name/restore', async (c) => {
    const backup = await c.get('services').backups.get(backupName(c));
    return render(c, {
      title: 'กู้คืนจากไฟล์สำรอง',
      body: (ctx) => (
        <>
          <AdminHead title="กู้คืนจากไฟล์สำรอง" user={ctx.user} path={ctx.path}>
            <a href="/admin/backups">กลับ</a>
          </AdminHead>
          <section class="panel" aria-labelledby="backup-title">
            <h2 id="backup-title">ไฟล์สำรอง</h2>
            <BackupFacts backup={backup} />
            <div class="actions">
              <a class="button secondary" href={backupHref(backup.name, 'download')}>
                ดาวน์โหลด
              </a>
            </div>
          </section>
          <section class="panel" aria-labelledby="check-title">
            <h2 id="check-title">ตรวจสอบก่อนกู้คืน</h2>
            <p>ระบบจะตรวจสอบไฟล์ทั้งไฟล์และแสดงจำนวนข้อมูลที่จะกู้คืนก่อน ยังไม่มีข้อมูลใดถูกเปลี่ยนในขั้นนี้</p>
            <PostForm action={backupHref(backup.name, 'restore')} csrf={ctx.csrfToken} progress>
              <input type="hidden" name="step" value="check" />
              <IncludeUsersField />
              <UploadProgress text="กำลังตรวจสอบไฟล์ กรุณารอสักครู่..." />
              <button type="submit">ตรวจสอบ (Dry run)</button>
            </PostForm>
          </section>
          <section class="panel" aria-labelledby="delete-backup-title">
            <h2 id="delete-backup-title">ลบไฟล์สำรอง</h2>
            <PostForm
              action={backupHref(backup.name, 'delete')}
              csrf={ctx.csrfToken}
              confirm={`ลบไฟล์สำรอง ${backup.name}? ลบแล้วกู้คืนจากไฟล์นี้ไม่ได้อีก`}
              confirmOk="ลบไฟล์สำรอง"
              danger
            >
              <button type="submit" class="danger">
                ลบไฟล์สำรองนี้
              </button>
            </PostForm>
          </section>
        </>
      ),
    });
  });

  page.post('/admin/backups/:name/restore', async (c) => {
    const form = await readForm(c);
    const name = backupName(c);
    const includeUsers = form.includeUsers === '1';
    if (form.step !== 'apply') return backupReport(c, name, includeUsers);
    if (!isConfirmed(form)) return backupReport(c, name, includeUsers, CONFIRM_MISSING);
    // A refusal now (the backup failed, the file changed since the check) is the error page.
    const result = await c.get('services').restore.fromBackup(name, { includeUsers }, actorOf(c));
    return render(c, { title: 'กู้คืนข้อมูลแล้ว', body: (ctx) => <RestoreDone ctx={ctx} result={result} source={name} /> });
  });

  page.post('/admin/restore', async (c) => {
    const form = await readForm(c);
    const includeUsers = form.includeUsers === '1';
    const file = await uploadedFile(c);
    if (!file) return listPage(c, { title: 'กู้คืนไม่ได้', message: 'กรุณาเลือกไฟล์ส่งออก (.ndjson.gz หรือ .ndjson)' }, 400);
    if (form.step !== 'apply') return uploadReport(c, file, includeUsers);
    if (form.sha256 !== file.sha256) {
      throw badRequest('restore_file_changed', 'ไฟล์ที่เลือกไม่ใช่ไฟล์เดียวกับที่ตรวจสอบแล้ว กรุณาเลือกไฟล์แล้วตรวจสอบ (Dry run) ใหม่');
    }
    if (!isConfirmed(form)) return uploadReport(c, file, includeUsers, CONFIRM_MISSING);
    const result = await c.get('services').restore.fromUpload(file, { includeUsers }, actorOf(c));
    return render(c, {
      title: 'กู้คืนข้อมูลแล้ว',
      body: (ctx) => <RestoreDone ctx={ctx} result={result} source={file.name} />,
    });
  });
});

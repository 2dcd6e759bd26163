// System Status (admin; docs/domain/data-safety.md#health-and-system-status):
// GET /api/admin/system-status as a page. Where the data is and whether it survives the next deploy
// (red when not), the storage condition (full or degraded), the schema and its pending migrations
// (with the button that applies them, the same service as POST /api/admin/migrations/apply),
// backups, every table's count, and the auth and configuration facts as the API shows them (secrets
// only as set / not set).
import type { Context } from 'hono';
import { actorOf } from '../../../http/auth';
import { definePages, readForm } from '../../define';
import { render } from '../../render';
import { formatCount } from '../../list-query';
import { formatBytes, formatDuration, thaiDateTime } from '../../format';
import { Badge } from '../../components/badge';
import { Banner, ErrorSummary } from '../../components/banner';
import { CheckField, PostForm } from '../../components/form';
import { Facts } from '../../components/facts';
import { AdminHead, attempt, BACKUP_KIND_LABELS, CountsTable } from './common';
import type { AppEnv } from '../../../http/env';
import type { PageContext } from '../../context';
import type { StatusService } from '../../../services/status';
import type { MigrationsService } from '../../../services/system/migrations';

type SystemStatus = Awaited<ReturnType<StatusService['systemStatus']>>;
type Schema = Pick<
  Awaited<ReturnType<MigrationsService['state']>>,
  'applied' | 'bundled' | 'pending' | 'destructivePending' | 'current'
>;

const yesNo = (v: boolean | null | undefined, yes = 'ใช่', no = 'ไม่ใช่') =>
  v === null || v === undefined ? 'ไม่ทราบ' : v ? yes : no;

/** Whether the data survives the next deploy, as the storage banner judges it. */
export const survivesDeploy = (s: Pick<SystemStatus, 'storage'>) => s.storage.persistent && !s.storage.warning;

function PersistenceVerdict(props: { status: SystemStatus }) {
  const { storage } = props.status;
  if (survivesDeploy(props.status)) {
    return (
      <Banner tone="success" title="ข้อมูลอยู่รอดหลัง deploy">
        <p>
          {storage.kind === 'remote'
            ? 'ข้อมูลอยู่ในฐานข้อมูลภายนอก (remote libSQL)'
            : 'ไฟล์ฐานข้อมูลอยู่บนพื้นที่ถาวร (persistent storage)'}
        </p>
      </Banner>
    );
  }
  return (
    <Banner tone="error" title="ข้อมูลจะหายเมื่อ deploy ครั้งถัดไป">
      <p>{storage.warning ?? 'ไฟล์ฐานข้อมูลไม่ได้อยู่บนพื้นที่ถาวร ต่อ Volume ที่ /data หรือตั้ง DATABASE_URL ไปยังฐานข้อมูลภายนอก'}</p>
      <p>ระหว่างนี้ให้ดาวน์โหลดข้อมูลเก็บไว้ที่หน้า สำรองและกู้คืนข้อมูล</p>
    </Banner>
  );
}

function SchemaSection(props: { ctx: PageContext; schema: Schema; confirmError?: string }) {
  const { schema } = props;
  return (
    <section class="panel" aria-labelledby="schema-title">
      <h2 id="schema-title">Schema และ migration</h2>
      <Facts
        items={[
          {
            label: 'สถานะ',
            value: schema.pending.length ? (
              <Badge tone="danger">{`มี migration ค้าง ${schema.pending.length} รายการ`}</Badge>
            ) : (
              <Badge tone="success">เป็นเวอร์ชันล่าสุด</Badge>
            ),
          },
          { label: 'Migration ล่าสุดที่ใช้แล้ว', value: schema.current ?? '-', code: true },
          {
            label: 'ใช้แล้ว',
            value: `${formatCount(schema.applied.length)} จาก ${formatCount(schema.bundled.length)} รายการในโปรแกรมนี้`,
          },
          schema.pending.length ? { label: 'ค้างอยู่', value: schema.pending.join(', '), code: true } : null,
          schema.destructivePending.length
            ? { label: 'อาจลบหรือแก้ไขข้อมูล', value: schema.destructivePending.join(', '), code: true }
            : null,
        ]}
      />
      {schema.pending.length ? (
        <PostForm action="/admin/migrations/apply" csrf={props.ctx.csrfToken} progress novalidate>
          <p>ระบบจะสำรองข้อมูล (ก่อนปรับปรุงฐานข้อมูล) ก่อน แล้วจึงใช้ migration ที่ค้างทีละรายการ</p>
          {schema.destructivePending.length ? (
            <CheckField name="confirm" label="ยืนยัน: มี migration ที่อาจลบหรือแก้ไขข้อมูล" error={props.confirmError} />
          ) : null}
          <button type="submit">ปรับปรุงฐานข้อมูล (apply migrations)</button>
        </PostForm>
      ) : null}
    </section>
  );
}

function StatusBody(props: { ctx: PageContext; status: SystemStatus; confirmError?: string }) {
  const { status: s, ctx } = props;
  const tables = s.tables as Record<string, number>;
  return (
    <>
      <PersistenceVerdict status={s} />
      {s.storage.status === 'full' ? (
        <Banner tone="error" title="พื้นที่เก็บข้อมูลเต็ม (degraded)">
          <p>
            {`บันทึกข้อมูลใหม่ไม่ได้ การอ่านและการส่งออกยังใช้ได้${s.storage.lastFullAt ? ` เขียนไม่สำเร็จล่าสุด ${thaiDateTime(s.storage.lastFullAt)}` : ''} ลบไฟล์สำรองเก่าหรือขยาย Volume`}
          </p>
        </Banner>
      ) : null}
      <div class="panel-grid">
        <section class="panel" aria-labelledby="storage-title">
          <h2 id="storage-title">ที่เก็บข้อมูล</h2>
          <Facts
            items={[
              {
                label: 'ชนิด',
                value: s.storage.kind === 'file' ? 'ไฟล์ libSQL บนเครื่อง' : 'ฐานข้อมูล libSQL ภายนอก (remote)',
              },
              { label: 'ที่อยู่ข้อมูล', value: s.storage.location, code: true },
              {
                label: 'อยู่รอดหลัง deploy',
                value: survivesDeploy(s) ? <Badge tone="success">ใช่</Badge> : <Badge tone="danger">ไม่ ข้อมูลจะหาย</Badge>,
              },
              {
                label: 'สถานะพื้นที่',
                value:
                  s.storage.status === 'full' ? (
                    <Badge tone="danger">เต็ม (degraded)</Badge>
                  ) : (
                    <Badge tone="success">ปกติ</Badge>
                  ),
              },
              { label: 'พื้นที่ว่าง', value: formatBytes(s.storage.freeBytes) },
              s.storage.sizeBytes !== undefined
                ? { label: 'ขนาดฐานข้อมูล', value: formatBytes(s.storage.sizeBytes) }
                : null,
              s.storage.walBytes !== undefined ? { label: 'ขนาด WAL', value: formatBytes(s.storage.walBytes) } : null,
              s.storage.journalMode ? { label: 'Journal mode', value: s.storage.journalMode, code: true } : null,
              s.storage.modifiedAt ? { label: 'แก้ไขล่าสุด', value: thaiDateTime(s.storage.modifiedAt) } : null,
            ]}
          />
        </section>
        <section class="panel" aria-labelledby="railway-title">
          <h2 id="railway-title">Railway</h2>
          <Facts
            items={[
              { label: 'ทำงานบน Railway', value: yesNo(s.railway.detected) },
              s.railway.environment ? { label: 'Environment', value: s.railway.environment, code: true } : null,
              { label: 'Volume', value: s.railway.volume.name ?? 'ไม่มี' },
              {
                label: 'Mount path',
                value: s.railway.volume.mountPath ?? 'ไม่ได้ตั้ง',
                code: !!s.railway.volume.mountPath,
              },
              { label: 'Volume ถูก mount จริง', value: yesNo(s.railway.volume.mounted) },
              { label: 'ฐานข้อมูลอยู่ใน Volume', value: yesNo(s.railway.volume.dbInsideVolume) },
              s.railway.volume.freeBytes !== null
                ? { label: 'พื้นที่ว่างของ Volume', value: formatBytes(s.railway.volume.freeBytes) }
                : null,
            ]}
          />
        </section>
      </div>

      <SchemaSection ctx={ctx} schema={s.schema} confirmError={props.confirmError} />

      <section class="panel" aria-labelledby="backups-title">
        <h2 id="backups-title">ไฟล์สำรอง</h2>
        {s.backups.lastError ? (
          <Banner tone="error" title="การสำรองข้อมูลครั้งล่าสุดไม่สำเร็จ">
            {`${thaiDateTime(s.backups.lastError.at)} (${BACKUP_KIND_LABELS[s.backups.lastError.kind] ?? s.backups.lastError.kind})${s.backups.lastError.message ? `: ${s.backups.lastError.message}` : ''}`}
          </Banner>
        ) : null}
        <Facts
          items={[
            {
              label: 'ล่าสุด',
              value: s.backups.latest ? (
                <>
                  {`${thaiDateTime(s.backups.latest.createdAt)} (${BACKUP_KIND_LABELS[s.backups.latest.kind] ?? s.backups.latest.kind}, ${formatBytes(s.backups.latest.sizeBytes)}) `}
                  <code>{s.backups.latest.name}</code>
                </>
              ) : (
                'ยังไม่มี'
              ),
            },
            { label: 'ครั้งถัดไป (อัตโนมัติ)', value: thaiDateTime(s.backups.nextScheduledAt) },
            { label: 'ข้อผิดพลาดล่าสุด', value: s.backups.lastError ? <Badge tone="danger">มี (ดูด้านบน)</Badge> : 'ไม่มี' },
            { label: 'จำนวน', value: `${formatCount(s.backups.count)} ไฟล์ รวม ${formatBytes(s.backups.totalBytes)}` },
            { label: 'ที่เก็บ', value: s.backups.location, code: true },
            { label: 'พื้นที่ว่างที่ที่เก็บ', value: formatBytes(s.backups.freeBytes) },
            {
              label: 'จำนวนที่เก็บไว้',
              value: Object.entries(s.backups.retention)
                .map(([kind, n]) => `${BACKUP_KIND_LABELS[kind] ?? kind} ${n === 'never' ? 'ไม่ลบ' : n}`)
                .join(', '),
            },
          ]}
        />
        <p>
          <a href="/admin/backups">ไปหน้าสำรองและกู้คืนข้อมูล</a>
        </p>
      </section>

      <section aria-labelledby="tables-title">
        <h2 id="tables-title">จำนวนข้อมูลในแต่ละตาราง</h2>
        <p>{`เลข Order ไม่ซ้ำกัน: ${formatCount(s.distinctOrderNumbers)}`}</p>
        <CountsTable caption="จำนวนแถวในแต่ละตาราง" columns={[{ label: 'จำนวนแถว', counts: tables }]} />
      </section>

      <div class="panel-grid">
        <section class="panel" aria-labelledby="auth-title">
          <h2 id="auth-title">การเข้าสู่ระบบ</h2>
          <Facts
            items={[
              {
                label: 'กุญแจเซสชัน',
                value: s.auth.secretSource === 'env' ? 'จากตัวแปร JWT_SECRET' : 'สร้างเก็บไว้ในฐานข้อมูล',
              },
              { label: 'ผู้ดูแลระบบที่ใช้งานได้', value: formatCount(s.auth.activeAdmins) },
              { label: 'ผู้ใช้ทั้งหมด', value: formatCount(s.auth.users) },
            ]}
          />
        </section>
        <section class="panel" aria-labelledby="app-title">
          <h2 id="app-title">โปรแกรม</h2>
          <Facts
            items={[
              { label: 'ชื่อ', value: s.app.name },
              { label: 'เวอร์ชัน', value: `${s.app.version} (${s.app.commit})`, code: true },
              { label: 'Runtime', value: s.app.runtime, code: true },
              { label: 'เริ่มทำงานเมื่อ', value: `${thaiDateTime(s.app.startedAt)} (${formatDuration(s.app.uptimeS)})` },
              { label: 'เวลาตอนนี้ (Asia/Bangkok)', value: thaiDateTime(s.app.now, { seconds: true }) },
            ]}
          />
        </section>
      </div>

      <section aria-labelledby="config-title">
        <h2 id="config-title">การตั้งค่า (ตัวแปรแวดล้อม)</h2>
        <p class="muted">ค่าที่เป็นความลับแสดงเพียงว่าตั้งไว้หรือไม่ (set / not set)</p>
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">ตัวแปรการตั้งค่า</caption>
            <thead>
              <tr>
                <th scope="col">ตัวแปร</th>
                <th scope="col">ค่า</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(s.config).map(([name, value]) => (
                <tr>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>
                    {value === null ? <span class="muted">ไม่ได้ตั้ง (ค่าเริ่มต้น)</span> : <code class="url">{value}</code>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

async function statusPage(
  c: Context<AppEnv>,
  problem: { message?: string; confirmError?: string } = {},
  status: 200 | 400 | 409 = 200,
) {
  const services = c.get('services');
  // With a migration pending the counts may name a table that is not there yet; the schema
  // section (and its button) is what matters then, so it is shown on its own.
  let full: SystemStatus | null = null;
  let schema: Schema;
  try {
    full = await services.status.systemStatus();
    schema = full.schema;
  } catch (error) {
    schema = await services.migrations.state();
    if (schema.pending.length === 0) throw error;
  }
  return render(c, {
    title: 'System Status',
    status,
    body: (ctx) => (
      <>
        <AdminHead title="System Status" user={ctx.user} path={ctx.path} />
        <ErrorSummary message={problem.message} />
        {full ? (
          <StatusBody ctx={ctx} status={full} confirmError={problem.confirmError} />
        ) : (
          <>
            <Banner tone="warning" title="ฐานข้อมูลยังไม่ได้ปรับปรุงเป็นเวอร์ชันล่าสุด">
              <p>ระหว่างที่มี migration ค้าง หน้าอื่นใช้งานไม่ได้ กดปุ่มด้านล่างเพื่อปรับปรุงฐานข้อมูล</p>
            </Banner>
            <SchemaSection ctx={ctx} schema={schema} confirmError={problem.confirmError} />
          </>
        )}
      </>
    ),
  });
}

export const statusPages = definePages((page) => {
  page.get('/admin/system-status', (c) => statusPage(c));

  page.post('/admin/migrations/apply', async (c) => {
    const form = await readForm(c);
    const done = await attempt(() => c.get('services').migrations.apply(actorOf(c), { confirm: form.confirm === '1' }));
    if (!done.ok) {
      const confirmError = done.error.code === 'confirmation_required' ? 'กรุณาติ๊กยืนยันก่อนปรับปรุงฐานข้อมูล' : undefined;
      return statusPage(c, { message: done.error.message, confirmError }, done.error.status === 409 ? 409 : 400);
    }
    const result = done.value;
    return render(c, {
      title: 'ปรับปรุงฐานข้อมูล',
      body: (ctx) => (
        <>
          <AdminHead title="ปรับปรุงฐานข้อมูล" user={ctx.user} path={ctx.path} />
          {result.applied.length ? (
            <Banner tone="success" title={`ใช้ migration แล้ว ${result.applied.length} รายการ`}>
              <p>
                <code>{result.applied.join(', ')}</code>
              </p>
              {result.backup ? (
                <p>
                  ไฟล์สำรองก่อนปรับปรุง: <code class="backup-name">{result.backup}</code>
                </p>
              ) : null}
            </Banner>
          ) : (
            <Banner tone="info">ไม่มี migration ค้าง ฐานข้อมูลเป็นเวอร์ชันล่าสุดแล้ว</Banner>
          )}
          <p>
            <a href="/admin/system-status">กลับไปหน้า System Status</a>
          </p>
        </>
      ),
    });
  });
});

// `/admin`: the admin landing page - a short status summary (does the data survive a deploy,
// is the schema current, the last backup and any backup error, storage full, accounts) and the
// admin sections. The admin pages themselves are mounted here as one router.
import { Hono } from 'hono';
import { definePages } from '../../define';
import { render } from '../../render';
import { formatCount } from '../../list-query';
import { thaiDateTime } from '../../format';
import { Badge } from '../../components/badge';
import { Banner } from '../../components/banner';
import { Facts } from '../../components/facts';
import { AdminHead, BACKUP_KIND_LABELS, sectionsFor } from './common';
import { survivesDeploy, statusPages } from './status';
import { userPages } from './users';
import { shopPages } from './shops';
import { holidayPages } from './holidays';
import { clearPages } from './clear';
import { backupPages } from './backups';
import { auditPages } from './audit';
import type { AppEnv } from '../../../http/env';

const landing = definePages((page) => {
  page.get('/admin', async (c) => {
    const s = await c.get('services').status.systemStatus();
    const safe = survivesDeploy(s);
    return render(c, {
      title: 'ผู้ดูแลระบบ',
      body: (ctx) => (
        <>
          <AdminHead title="ผู้ดูแลระบบ" user={ctx.user} path={ctx.path} />
          {safe ? null : (
            <Banner tone="error" title="ข้อมูลจะหายเมื่อ deploy ครั้งถัดไป">
              <p>
                {s.storage.warning ?? 'ไฟล์ฐานข้อมูลไม่ได้อยู่บนพื้นที่ถาวร'} (<a href="/admin/system-status">ดู System Status</a>)
              </p>
            </Banner>
          )}
          {s.backups.lastError ? (
            <Banner tone="error" title="การสำรองข้อมูลครั้งล่าสุดไม่สำเร็จ">
              <p>
                {thaiDateTime(s.backups.lastError.at)} (<a href="/admin/backups">ไปหน้าสำรองข้อมูล</a>)
              </p>
            </Banner>
          ) : null}
          <section class="panel" aria-labelledby="summary-title">
            <h2 id="summary-title">สถานะโดยย่อ</h2>
            <Facts
              items={[
                {
                  label: 'ข้อมูลอยู่รอดหลัง deploy',
                  value: safe ? <Badge tone="success">ใช่</Badge> : <Badge tone="danger">ไม่ ข้อมูลจะหาย</Badge>,
                },
                {
                  label: 'พื้นที่เก็บข้อมูล',
                  value:
                    s.storage.status === 'full' ? (
                      <Badge tone="danger">เต็ม (degraded)</Badge>
                    ) : (
                      <Badge tone="success">ปกติ</Badge>
                    ),
                },
                {
                  label: 'Schema',
                  value: s.schema.pending.length ? (
                    <Badge tone="danger">{`มี migration ค้าง ${s.schema.pending.length} รายการ`}</Badge>
                  ) : (
                    <Badge tone="success">เป็นเวอร์ชันล่าสุด</Badge>
                  ),
                },
                {
                  label: 'สำรองข้อมูลล่าสุด',
                  value: s.backups.latest
                    ? `${thaiDateTime(s.backups.latest.createdAt)} (${BACKUP_KIND_LABELS[s.backups.latest.kind] ?? s.backups.latest.kind})`
                    : 'ยังไม่มี',
                },
                { label: 'สำรองอัตโนมัติครั้งถัดไป', value: thaiDateTime(s.backups.nextScheduledAt) },
                { label: 'ออเดอร์ (เลข Order ไม่ซ้ำ)', value: formatCount(s.distinctOrderNumbers) },
                {
                  label: 'ผู้ใช้',
                  value: `${formatCount(s.auth.users)} คน (ผู้ดูแลระบบที่ใช้งานได้ ${formatCount(s.auth.activeAdmins)} คน)`,
                },
              ]}
            />
            <p>
              <a href="/admin/system-status">ดูรายละเอียดทั้งหมดที่ System Status</a>
            </p>
          </section>
          <h2>เมนูผู้ดูแลระบบ</h2>
          <ul class="card-grid">
            {sectionsFor(ctx.user!.role).map((s) => (
              <li>
                <a class="card" href={s.href}>
                  <strong>{s.label}</strong>
                  <span>{s.summary}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ),
    });
  });
});

export const adminPages = new Hono<AppEnv>()
  .route('/', landing)
  .route('/', userPages)
  .route('/', shopPages)
  .route('/', holidayPages)
  .route('/', clearPages)
  .route('/', backupPages)
  .route('/', statusPages)
  .route('/', auditPages);

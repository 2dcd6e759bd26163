// `/`: for now a start page with the sections this user may open; the dashboard work replaces
// its body with the piles, cards and charts (the route and its role stay).
import { definePages } from '../define';
import { render } from '../render';
import { navFor, ROLE_LABELS } from '../nav';
import type { PageContext } from '../context';

function Home(props: { ctx: PageContext }) {
  const user = props.ctx.user!;
  const sections = navFor(user.role).filter((item) => item.href !== '/');
  return (
    <>
      <div class="page-head">
        <h1>แดชบอร์ด</h1>
      </div>
      <section class="panel" aria-labelledby="welcome-title">
        <h2 id="welcome-title">สวัสดี {user.username}</h2>
        <p>
          คุณเข้าสู่ระบบในบทบาท <strong>{ROLE_LABELS[user.role]}</strong>
        </p>
        <p class="muted">แดชบอร์ดงานค้าง (กอง 1/2/3 และงานวันนี้) จะแสดงที่หน้านี้ เลือกเมนูที่ต้องการได้จากด้านล่าง</p>
      </section>
      <h2>เมนูที่ใช้ได้</h2>
      <ul class="card-grid">
        {sections.map((item) => (
          <li>
            <a class="card" href={item.href}>
              <strong>{item.label}</strong>
              <span>{item.summary}</span>
            </a>
          </li>
        ))}
        <li>
          <a class="card" href="/account/password">
            <strong>เปลี่ยนรหัสผ่าน</strong>
            <span>เปลี่ยนรหัสผ่านของบัญชีนี้</span>
          </a>
        </li>
      </ul>
    </>
  );
}

export const homePages = definePages((page) => {
  page.get('/', (c) => render(c, { title: 'แดชบอร์ด', body: (ctx) => <Home ctx={ctx} /> }));
});

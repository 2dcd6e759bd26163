// The page shell: header with the app name, the navigation for the user's role, who is signed
// in and the sign-out form, the red storage banner, then the page. Thai throughout (lang="th").
import type { Child } from 'hono/jsx';
import { ASSET_URLS } from './assets';
import { Banner } from './components/banner';
import { PostForm } from './components/form';
import { isCurrent, navFor, ROLE_LABELS } from './nav';
import type { PageContext } from './context';

export function Layout(props: { ctx: PageContext; title: string; children?: Child }) {
  const { ctx } = props;
  return (
    <html lang="th">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ctx.appName}`}</title>
        <link rel="preload" href={ASSET_URLS['font-thai-400']} as="font" type="font/woff2" crossorigin="anonymous" />
        <link rel="stylesheet" href={ASSET_URLS['app.css']} />
        <script src={ASSET_URLS['app.js']} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          ข้ามไปยังเนื้อหา
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              {ctx.appName}
            </a>
            {ctx.user ? (
              <>
                <nav class="main-nav" aria-label="เมนูหลัก">
                  <ul>
                    {navFor(ctx.user.role).map((item) => (
                      <li>
                        <a href={item.href} aria-current={isCurrent(item, ctx.path) ? 'page' : undefined}>
                          {item.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
                <div class="user-box">
                  <span>
                    <span class="visually-hidden">ผู้ใช้: </span>
                    {ctx.user.username}
                  </span>
                  <span class="role">{ROLE_LABELS[ctx.user.role]}</span>
                  <a href="/account/password">เปลี่ยนรหัสผ่าน</a>
                  <PostForm action="/logout" csrf={ctx.csrfToken}>
                    <button type="submit">ออกจากระบบ</button>
                  </PostForm>
                </div>
              </>
            ) : null}
          </div>
        </header>
        {ctx.storageAtRisk ? (
          <div class="storage-alert" role="alert">
            <p>
              คำเตือน: ข้อมูลไม่ได้เก็บบนพื้นที่ถาวร (persistent storage) ข้อมูลทั้งหมดจะหายเมื่อ deploy ครั้งถัดไป กรุณาแจ้งผู้ดูแลระบบให้ต่อ
              Volume หรือฐานข้อมูลภายนอก
              {ctx.user?.role === 'admin' ? (
                <>
                  {' '}
                  (<a href="/admin/system-status">ดูสถานะระบบ</a>)
                </>
              ) : null}
            </p>
          </div>
        ) : null}
        <main id="main" tabindex={-1}>
          {ctx.notice ? <Banner tone={ctx.notice.tone}>{ctx.notice.text}</Banner> : null}
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{ctx.appName}</p>
        </footer>
      </body>
    </html>
  );
}

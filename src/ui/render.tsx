// Rendering a page: the layout around the page's body, `no-store` (pages carry the user's data
// and a CSRF token), HTML with a doctype. Error pages come from here too, so a browser never
// sees a JSON error body.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Layout } from './layout';
import { pageContext, safePageContext, type PageContext } from './context';
import type { AppEnv } from '../http/env';

export interface PageOptions {
  title: string;
  /** The page's content; a function gets the PageContext (user, CSRF token for forms). */
  body: Child | ((ctx: PageContext) => Child);
  status?: ContentfulStatusCode;
  headers?: Record<string, string>;
  /** Show the storage banner without a session (the setup page). */
  showStorage?: boolean;
}

export async function htmlResponse(c: Context<AppEnv>, ctx: PageContext, opts: PageOptions): Promise<Response> {
  const body = typeof opts.body === 'function' ? opts.body(ctx) : opts.body;
  const page = await (
    <Layout ctx={ctx} title={opts.title}>
      {body}
    </Layout>
  ).toString();
  c.header('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(opts.headers ?? {})) c.header(k, v);
  return c.html(`<!DOCTYPE html>${page}`, opts.status ?? 200);
}

export async function render(c: Context<AppEnv>, opts: PageOptions): Promise<Response> {
  return htmlResponse(c, await pageContext(c, { showStorage: opts.showStorage }), opts);
}

const ERROR_TITLES: Partial<Record<number, string>> = {
  400: 'ข้อมูลไม่ถูกต้อง',
  403: 'ไม่มีสิทธิ์เข้าถึงหน้านี้',
  404: 'ไม่พบหน้าที่ต้องการ',
  409: 'ทำรายการนี้ไม่ได้',
  413: 'ไฟล์หรือข้อมูลใหญ่เกินกำหนด',
  429: 'กรุณารอสักครู่แล้วลองใหม่',
  500: 'เกิดข้อผิดพลาดภายในระบบ',
  503: 'ระบบยังไม่พร้อมใช้งาน',
};

const ERROR_HELP: Partial<Record<number, string>> = {
  403: 'หน้านี้สำหรับผู้ใช้ที่มีสิทธิ์สูงกว่า หากต้องใช้งาน กรุณาติดต่อผู้ดูแลระบบ',
  404: 'ลิงก์อาจไม่ถูกต้อง หรือหน้านี้ถูกย้ายไปแล้ว',
  500: 'กรุณาลองใหม่อีกครั้ง หากยังไม่ได้ กรุณาแจ้งผู้ดูแลระบบพร้อมรหัสอ้างอิงด้านล่าง',
  503: 'กรุณาลองใหม่อีกครั้งในอีกสักครู่',
};

/** The Thai error page: what happened, what to do, and the request id that is in the log. */
export async function renderErrorPage(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  message: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const ctx = await safePageContext(c);
  const title = ERROR_TITLES[status] ?? (status >= 500 ? ERROR_TITLES[500]! : ERROR_TITLES[400]!);
  const help = ERROR_HELP[status] ?? (status >= 500 ? ERROR_HELP[500] : undefined);
  // No menu item is "current" on an error page, and no notice belongs on it.
  return htmlResponse(
    c,
    { ...ctx, path: '', notice: null },
    {
      title,
      status,
      headers,
      body: (
        <section class="error-page panel narrow" aria-labelledby="error-title">
          <p class="code" aria-hidden="true">
            {status}
          </p>
          <h1 id="error-title">{title}</h1>
          {message !== title ? <p>{message}</p> : null}
          {help ? <p class="muted">{help}</p> : null}
          <p class="actions">
            <a class="button" href="/">
              กลับหน้าแรก
            </a>
          </p>
          <p class="request-id">
            รหัสอ้างอิง (Request ID): <code>{ctx.requestId}</code>
          </p>
        </section>
      ),
    },
  );
}

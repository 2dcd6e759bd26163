// The web pages (docs/architecture.md#layers): server-rendered with hono/jsx over the same
// services as the API, under PAGE_ROLES. src/app.ts mounts `uiRouter` after the API routers and
// sends page-path errors to `renderErrorPage`. To add a page, see README "Adding a page".
import { Hono } from 'hono';
import { definePages } from './define';
import { serveAsset } from './assets';
import { renderErrorPage } from './render';
import { loginPages } from './pages/login';
import { setupPages } from './pages/setup';
import { accountPages } from './pages/account';
import { dashboardPages } from './pages/dashboard';
import { ordersPages } from './pages/orders';
import { stockPages } from './pages/stock';
import { importsPages } from './pages/imports';
import { scanPages } from './pages/scan';
import { placeholderPages } from './pages/placeholders';
import { reportPages } from './pages/reports';
import { adminPages } from './pages/admin';
import type { AppEnv } from '../http/env';

export { isPagePath, loginUrl, PASSWORD_CHANGE_PAGE } from './define';
export { renderErrorPage } from './render';

const assetPages = definePages((page) => {
  page.get(
    '/assets/:file',
    (c) => serveAsset(c, c.req.param('file') ?? '') ?? renderErrorPage(c, 404, 'ไม่พบไฟล์ที่ต้องการ'),
  );
});

export const uiRouter = new Hono<AppEnv>()
  .route('/', assetPages)
  .route('/', loginPages)
  .route('/', setupPages)
  .route('/', accountPages)
  .route('/', dashboardPages)
  .route('/', ordersPages)
  .route('/', stockPages)
  .route('/', importsPages)
  .route('/', scanPages)
  .route('/', placeholderPages)
  .route('/', reportPages)
  .route('/', adminPages);

// Every API router, one folder per resource named after its path (docs/architecture.md "Tree").
// The app mounts them in this order; no two of them serve the same path.
import { healthRouter } from './health';
import { setupRouter } from './setup';
import { authRouter } from './auth';
import { usersRouter } from './users';
import { auditRouter } from './audit';
import { systemRouter } from './system';
import { shopsRouter } from './shops';
import { productsRouter } from './products';
import { stockRouter } from './stock';
import { clearRouter } from './clear';
import { backupsRouter } from './backups';
import { dataRouter } from './admin-data';
import { ordersRouter } from './orders';
import { dashboardRouter } from './dashboard';
import { holidaysRouter } from './holidays';
import { reportsRouter } from './reports';
import { importsRouter } from './imports';
import { sheetUrlsRouter } from './settings';

export const apiRouters = [
  healthRouter,
  setupRouter,
  authRouter,
  usersRouter,
  auditRouter,
  systemRouter,
  shopsRouter,
  productsRouter,
  stockRouter,
  clearRouter,
  backupsRouter,
  dataRouter,
  ordersRouter,
  dashboardRouter,
  holidaysRouter,
  reportsRouter,
  importsRouter,
  sheetUrlsRouter,
] as const;

import { defineDailyPagesSuite } from './daily-pages.suite';
import { defineAdminPagesSuite } from './admin-pages.suite';
import { definePagesSuite } from './pages.suite';
import { defineDataOpsSuite } from './data-ops.suite';
import { defineOrdersSuite } from './orders.suite';
import { defineReportsSuite } from './reports.suite';
import { defineReportPagesSuite } from './report-pages.suite';
import { defineApiSuite } from './suite';
import { defineAuthSuite } from './auth.suite';
import { remoteTarget } from '../support/targets';
import { defineImportsSuite } from './imports.suite';
import { defineInputHygieneSuite } from './input-hygiene.suite';

defineApiSuite(
  process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)',
  () => remoteTarget(),
);
defineAuthSuite('remote adapter', (opts) => remoteTarget(opts));
defineDataOpsSuite(
  process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)',
  () => remoteTarget(),
);
defineOrdersSuite(
  process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)',
  () => remoteTarget(),
);
defineImportsSuite(
  process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)',
  () => remoteTarget(),
);
defineInputHygieneSuite(
  process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)',
  () => remoteTarget(),
);
definePagesSuite('remote adapter', (opts) => remoteTarget(opts));
defineDailyPagesSuite('remote adapter', () => remoteTarget());
defineAdminPagesSuite('remote adapter', () => remoteTarget());
defineReportsSuite(
  process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)',
  () => remoteTarget(),
);
defineReportPagesSuite(
  process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)',
  () => remoteTarget(),
);

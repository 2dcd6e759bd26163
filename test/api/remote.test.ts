import { defineOrdersSuite } from './orders.suite';
import { defineApiSuite } from './suite';
import { remoteTarget } from '../support/targets';

defineApiSuite(process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)', () => remoteTarget());
defineOrdersSuite(process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)', () => remoteTarget());

import { defineApiSuite } from './suite';
import { defineImportsSuite } from './imports.suite';
import { remoteTarget } from '../support/targets';

defineApiSuite(process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)', () => remoteTarget());
defineImportsSuite(process.env.TEST_LIBSQL_URL ? 'remote adapter (TEST_LIBSQL_URL)' : 'remote adapter (in-process libSQL server)', () => remoteTarget());

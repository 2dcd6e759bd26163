import { defineAdminPagesSuite } from './admin-pages.suite';
import { definePagesSuite } from './pages.suite';
import { defineDataOpsSuite } from './data-ops.suite';
import { defineOrdersSuite } from './orders.suite';
import { defineApiSuite } from './suite';
import { defineAuthSuite } from './auth.suite';
import { fileTarget } from '../support/targets';
import { defineImportsSuite } from './imports.suite';
import { defineInputHygieneSuite } from './input-hygiene.suite';

defineApiSuite('file adapter', () => fileTarget());
defineAuthSuite('file adapter', (opts) => fileTarget(opts));
defineDataOpsSuite('file adapter', () => fileTarget());
defineOrdersSuite('file adapter', () => fileTarget());
defineImportsSuite('file adapter', () => fileTarget());
defineInputHygieneSuite('file adapter', () => fileTarget());
definePagesSuite('file adapter', (opts) => fileTarget(opts));
defineAdminPagesSuite('file adapter', () => fileTarget());

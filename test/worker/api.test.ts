import { defineAdminPagesSuite } from '../api/admin-pages.suite';
import { definePagesSuite } from '../api/pages.suite';
import { defineDataOpsSuite } from '../api/data-ops.suite';
import { defineOrdersSuite } from '../api/orders.suite';
import { defineApiSuite } from '../api/suite';
import { defineAuthSuite } from '../api/auth.suite';
import { workerTarget } from '../support/targets';
import { defineImportsSuite } from '../api/imports.suite';
import { defineInputHygieneSuite } from '../api/input-hygiene.suite';

defineApiSuite('worker under miniflare', () => workerTarget());
defineAuthSuite('worker under miniflare', (opts) => workerTarget(opts));
defineDataOpsSuite('worker under miniflare', () => workerTarget());
defineOrdersSuite('worker under miniflare', () => workerTarget());
defineImportsSuite('worker under miniflare', () => workerTarget());
defineInputHygieneSuite('worker under miniflare', () => workerTarget());
definePagesSuite('worker under miniflare', (opts) => workerTarget(opts));
defineAdminPagesSuite('worker under miniflare', () => workerTarget());

import { defineApiSuite } from '../api/suite';
import { defineImportsSuite } from '../api/imports.suite';
import { workerTarget } from '../support/targets';

defineApiSuite('worker under miniflare', () => workerTarget());
defineImportsSuite('worker under miniflare', () => workerTarget());

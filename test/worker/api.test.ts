import { defineDataOpsSuite } from '../api/data-ops.suite';
import { defineApiSuite } from '../api/suite';
import { workerTarget } from '../support/targets';

defineApiSuite('worker under miniflare', () => workerTarget());
defineDataOpsSuite('worker under miniflare', () => workerTarget());

import { defineOrdersSuite } from '../api/orders.suite';
import { defineApiSuite } from '../api/suite';
import { workerTarget } from '../support/targets';

defineApiSuite('worker under miniflare', () => workerTarget());
defineOrdersSuite('worker under miniflare', () => workerTarget());

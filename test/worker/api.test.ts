import { defineApiSuite } from '../api/suite';
import { workerTarget } from '../support/targets';

defineApiSuite('worker under miniflare', () => workerTarget());

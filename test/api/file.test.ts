import { defineOrdersSuite } from './orders.suite';
import { defineApiSuite } from './suite';
import { fileTarget } from '../support/targets';

defineApiSuite('file adapter', () => fileTarget());
defineOrdersSuite('file adapter', () => fileTarget());

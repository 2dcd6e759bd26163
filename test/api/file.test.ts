import { defineDataOpsSuite } from './data-ops.suite';
import { defineApiSuite } from './suite';
import { fileTarget } from '../support/targets';

defineApiSuite('file adapter', () => fileTarget());
defineDataOpsSuite('file adapter', () => fileTarget());

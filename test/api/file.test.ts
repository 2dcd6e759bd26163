import { defineApiSuite } from './suite';
import { fileTarget } from '../support/targets';

defineApiSuite('file adapter', () => fileTarget());

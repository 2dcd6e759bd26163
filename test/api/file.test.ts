import { defineApiSuite } from './suite';
import { defineImportsSuite } from './imports.suite';
import { fileTarget } from '../support/targets';

defineApiSuite('file adapter', () => fileTarget());
defineImportsSuite('file adapter', () => fileTarget());

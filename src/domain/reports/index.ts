// Warehouse paper (docs/domain/reports.md): reports, print tracking, the print ledger and
// the exports, as pure functions over allocated orders. Services load, call these, and write.
export * from './types';
export * from './filters';
export * from './warehouse';
export * from './picking';
export * from './stock-reports';
export * from './snapshot';
export * from './changes';
export * from './print';
export * from './idempotency';
export * from './rounds';
export * from './history';
export * from './views';
export * from './exports';
export * from './from-records';

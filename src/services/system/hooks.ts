// A seam for process tests only: the kill -9 tests need to know that a clear or a restore is
// inside its transaction, with its deletes done and nothing committed. Production never sets
// it; on Node it exists only under NODE_ENV=test with WMS_TEST_PAUSE_IN_TX set
// (src/node/test-hooks.ts), and the worker never builds one.
export interface TransactionHooks {
  /**
   * Awaited inside the transaction, after the writes and before the commit; for `backup`, once
   * the backup file is complete and before its catalogue row is written.
   */
  insideTransaction?(operation: 'clear' | 'restore' | 'backup'): Promise<void>;
}

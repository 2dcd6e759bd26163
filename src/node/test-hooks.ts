// The kill -9 tests' seam (src/services/system/hooks.ts), built only when BOTH NODE_ENV=test and
// WMS_TEST_PAUSE_IN_TX=<clear,restore,backup> are set: the named operation then logs
// `TEST HOOK: paused inside the <op> transaction` with its writes done and nothing committed,
// and waits 60 s, so a test can kill the process at exactly that point. Neither variable is set
// by the image (NODE_ENV=production there), and with any other NODE_ENV the variable is
// ignored with a warning, so production cannot turn it on by accident.
import type { Logger } from '../log';
import type { TransactionHooks } from '../services/system/hooks';

const PAUSE_MS = 60_000;

/** The value of a test-only variable: unset, or ignored with a warning outside NODE_ENV=test. */
function testVariable(env: Record<string, string | undefined>, name: string, log: Logger): string | undefined {
  const wanted = env[name]?.trim();
  if (!wanted) return undefined;
  if (env.NODE_ENV !== 'test') {
    log.warn(`${name} is ignored: it works only with NODE_ENV=test`);
    return undefined;
  }
  return wanted;
}

export function transactionHooksFromEnv(
  env: Record<string, string | undefined>,
  log: Logger,
): TransactionHooks | undefined {
  const wanted = testVariable(env, 'WMS_TEST_PAUSE_IN_TX', log);
  if (!wanted) return undefined;
  const operations = new Set(wanted.split(',').map((s) => s.trim()));
  log.warn(`TEST HOOK ACTIVE: transactions of ${[...operations].join(', ')} pause before commit`);
  return {
    async insideTransaction(operation) {
      if (!operations.has(operation)) return;
      log.warn(
        operation === 'backup'
          ? 'TEST HOOK: paused with the backup file written, before its catalogue row'
          : `TEST HOOK: paused inside the ${operation} transaction`,
      );
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    },
  };
}

/**
 * WMS_TEST_MAX_PAGE_COUNT=<pages> (NODE_ENV=test only): SQLite's max_page_count on the writer, so
 * SQLite itself answers SQLITE_FULL past that size - the full-volume tests' fault where no tmpfs
 * can be mounted. Ignored, with a warning, under any other NODE_ENV.
 */
export function maxPageCountFromEnv(env: Record<string, string | undefined>, log: Logger): number | undefined {
  const wanted = testVariable(env, 'WMS_TEST_MAX_PAGE_COUNT', log);
  if (!wanted) return undefined;
  const pages = Number(wanted);
  if (!Number.isInteger(pages) || pages < 1) return undefined;
  log.warn(`TEST HOOK ACTIVE: the database may grow to ${pages} pages`);
  return pages;
}

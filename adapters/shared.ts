// What both adapters share: the in-process write lock, the data-version counter and the libSQL
// transaction runners. Runtime-neutral (the remote adapter runs on Workers); the libSQL types
// stay here, behind the port.
import type { Transaction } from '@libsql/client';
import type { Db, SqlExecutor } from '../src/storage';

/** A FIFO async mutex: the in-process write lock both adapters use. */
export class WriteLock {
  #tail: Promise<void> = Promise.resolve();
  #held = 0;

  get busy(): boolean {
    return this.#held > 0;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    this.#held++;
    try {
      await previous;
      return await fn();
    } finally {
      this.#held--;
      release();
    }
  }
}

const BUMP =
  'INSERT INTO data_version (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = version + 1';

/**
 * Bumps the shared data version inside a write transaction. Before migrations have created the
 * table there is nothing to bump; once it exists, it always does.
 */
export class DataVersionTracker {
  #tableExists = false;

  async bump(sql: SqlExecutor): Promise<void> {
    const statement = await this.bumpStatement(sql);
    if (statement) await sql.execute(statement);
  }

  /** The statement that bumps the version, or null while there is no table to bump. */
  async bumpStatement(sql: SqlExecutor): Promise<string | null> {
    if (!this.#tableExists) {
      const rs = await sql.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_version'");
      if (rs.rows.length === 0) return null;
      this.#tableExists = true;
    }
    return BUMP;
  }

  async read(sql: Pick<SqlExecutor, 'execute'>): Promise<number> {
    try {
      const rs = await sql.execute('SELECT version FROM data_version WHERE id = 1');
      return Number(rs.rows[0]?.version ?? 0);
    } catch {
      return 0;
    }
  }
}

type TransactionSource = { transaction(mode: 'write' | 'read'): Promise<Transaction> };

/**
 * Runs `fn` in a libSQL write transaction on `source` with a drizzle view of it (`toDb` comes
 * from the adapter: the node and web drizzle drivers differ), bumps the data version, commits,
 * or rolls back when `fn` throws. The caller holds the write lock.
 *
 * `bumpWithCommit` (remote): the bump and the COMMIT go as one batch, the COMMIT run only if the
 * bump succeeded, so the write lock is held for one round trip fewer; a failed bump or COMMIT
 * rolls back as before (docs/domain/read-model.md#the-event-loop).
 */
export async function runWriteTransaction<T>(
  source: TransactionSource,
  toDb: (tx: Transaction) => Db,
  versions: DataVersionTracker,
  fn: (tx: Db, sql: SqlExecutor) => Promise<T>,
  options: { bumpWithCommit?: boolean } = {},
): Promise<T> {
  const tx = await source.transaction('write');
  try {
    const result = await fn(toDb(tx), tx);
    if (options.bumpWithCommit) {
      const bump = await versions.bumpStatement(tx);
      if (bump) await tx.batch([bump, 'COMMIT']);
      else await tx.commit();
    } else {
      await versions.bump(tx);
      await tx.commit();
    }
    return result;
  } catch (error) {
    await tx.rollback().catch(() => {});
    throw error;
  } finally {
    tx.close();
  }
}

/** A read transaction: one consistent snapshot for every query `fn` makes. */
export async function runReadTransaction<T>(
  source: TransactionSource,
  toDb: (tx: Transaction) => Db,
  fn: (tx: Db, sql: SqlExecutor) => Promise<T>,
): Promise<T> {
  const tx = await source.transaction('read');
  try {
    const result = await fn(toDb(tx), tx);
    await tx.commit();
    return result;
  } finally {
    tx.close();
  }
}

// In-process libSQL server speaking "Hrana over HTTP" v2 (JSON), exactly the subset that
// `@libsql/client/web` 0.18 uses (`POST /v2/pipeline`, no version probing), backed by a real
// SQLite file through the synchronous `libsql` binding.
//
// Tests point `createClient({ url: server.url, authToken })` at it; a worker under miniflare
// reaches it over 127.0.0.1. It behaves like sqld/Turso where our code could notice:
//   - every stream (baton) owns its own SQLite connection, so interactive transactions are
//     isolated from plain statements and from each other;
//   - the database runs in WAL mode with foreign keys on, as sqld does;
//   - statements a hosted server refuses (PRAGMA journal_mode, VACUUM, ANALYZE, ATTACH, DETACH,
//     CREATE TEMP) fail with "not allowed", so a test catches the product sending them;
//   - argument binding is as strict as sqld's (missing or surplus values are errors).
//
// CLI for local development:
//   npx tsx test/support/libsql-http-server.ts --path ./edge-dev.db --port 8080 [--token T]

import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'libsql';
import { SQLITE_PRIMARY_CODES } from '../../adapters/sqlite-codes';

// ---------------------------------------------------------------------------------------------
// Public API

export interface LibsqlTestServer {
  /** Base URL for `createClient({ url })`, e.g. "http://127.0.0.1:40123". */
  url: string;
  /** Closes the HTTP server, every open socket and every SQLite connection. */
  close(): Promise<void>;
  stats: {
    /** Number of `POST /v2/pipeline` requests that passed authentication. */
    pipelines: number;
    /**
     * Every SQL text the client asked the server to execute (execute, batch steps whose
     * condition held, each statement of a sequence), in order - including refused ones.
     */
    statements: string[];
    /** The subset of `statements` that was refused as "not allowed". */
    refused: string[];
  };
  /**
   * Holds every pipeline whose request text matches `match` until `release()`: a slow database
   * at a chosen statement, for tests that need a request to stay in flight. `reached` resolves
   * when the first such pipeline arrives.
   */
  hold(match: RegExp): ServerHold;
}

export interface ServerHold {
  reached: Promise<void>;
  release(): void;
}

export interface LibsqlTestServerOptions {
  /** SQLite file path (created if missing). */
  path: string;
  /** When set, `Authorization: Bearer <token>` is required, otherwise 401 `{"error": ...}`. */
  authToken?: string;
  /** Default 0: a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How long a statement waits for another stream's write transaction. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Streams idle longer than this are closed and rolled back. Default 10000 ms. */
  streamIdleTimeoutMs?: number;
}

export async function startLibsqlHttpServer(opts: LibsqlTestServerOptions): Promise<LibsqlTestServer> {
  const server = new HranaHttpServer(opts);
  await server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return server;
}

// ---------------------------------------------------------------------------------------------
// Hrana v2 JSON protocol types (see @libsql/hrana-client lib-esm/shared/json_*.js)

type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

interface ProtoNamedArg {
  name: string;
  value: ProtoValue;
}

interface ProtoStmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: ProtoValue[];
  named_args?: ProtoNamedArg[];
  want_rows?: boolean;
}

type ProtoBatchCond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: ProtoBatchCond }
  | { type: 'and'; conds: ProtoBatchCond[] }
  | { type: 'or'; conds: ProtoBatchCond[] }
  | { type: 'is_autocommit' };

interface ProtoBatch {
  steps: { condition?: ProtoBatchCond | null; stmt: ProtoStmt }[];
}

type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: ProtoStmt }
  | { type: 'batch'; batch: ProtoBatch }
  | { type: 'sequence'; sql?: string | null; sql_id?: number | null }
  | { type: 'describe'; sql?: string | null; sql_id?: number | null }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
  | { type: 'get_autocommit' };

interface ProtoError {
  message: string;
  code: string;
}

interface StmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  rows_read: number;
  rows_written: number;
  query_duration_ms: number;
}

type StreamResponse =
  | { type: 'close' }
  | { type: 'execute'; result: StmtResult }
  | { type: 'batch'; result: { step_results: (StmtResult | null)[]; step_errors: (ProtoError | null)[] } }
  | { type: 'sequence' }
  | {
      type: 'describe';
      result: {
        params: { name: string | null }[];
        cols: { name: string; decltype: string | null }[];
        is_explain: boolean;
        is_readonly: boolean;
      };
    }
  | { type: 'store_sql' }
  | { type: 'close_sql' }
  | { type: 'get_autocommit'; is_autocommit: boolean };

type StreamResult = { type: 'ok'; response: StreamResponse } | { type: 'error'; error: ProtoError };

interface PipelineRequest {
  baton: string | null;
  requests: StreamRequest[];
}

interface PipelineResponse {
  baton: string | null;
  base_url: string | null;
  results: StreamResult[];
}

/** A per-request failure, reported as `{type: "error", error: {message, code}}`. */
class HranaError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** A failure of the whole HTTP request (bad body, unknown baton, ...). */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type BindValue = null | bigint | number | string | Buffer;

interface SqliteLikeError {
  message: string;
  code?: unknown;
  rawCode?: unknown;
}

// ---------------------------------------------------------------------------------------------
// Streams

interface Stream {
  readonly id: number;
  db: Database.Database;
  /** Cached `SELECT changes(), total_changes(), last_insert_rowid()` for this connection. */
  meta: Database.Statement;
  readonly sqls: Map<number, string>;
  baton: string | null;
  inUse: boolean;
  closed: boolean;
  /**
   * Set when a statement on this connection ended with SQLITE_BUSY*: the binding leaves such a
   * statement un-reset, and SQLite keeps the connection's (now stale) read snapshot alive for
   * as long as that statement is "active" - every later write on the connection would fail
   * with SQLITE_BUSY_SNAPSHOT. We replace the connection as soon as it is outside a transaction.
   */
  poisoned: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

const SQL_ID_LIMIT = 150;
const BUSY_POLL_MS = 5;

class HranaHttpServer implements LibsqlTestServer {
  url = '';
  readonly stats: LibsqlTestServer['stats'] = { pipelines: 0, statements: [], refused: [] };

  private readonly dbPath: string;
  private readonly authToken: string | undefined;
  private readonly busyTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly http: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly streamsByBaton = new Map<string, Stream>();
  private readonly streams = new Set<Stream>();
  private nextStreamId = 1;
  private closing: Promise<void> | undefined;
  private readonly holds = new Set<{ match: RegExp; arrived(): void; released: Promise<void> }>();

  constructor(opts: LibsqlTestServerOptions) {
    this.dbPath = path.resolve(opts.path);
    this.authToken = opts.authToken;
    this.busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
    this.idleTimeoutMs = opts.streamIdleTimeoutMs ?? 10_000;

    mkdirSync(path.dirname(this.dbPath), { recursive: true });
    // sqld keeps its databases in WAL mode. It also means readers never block the writer, so
    // plain statements keep working next to an open write transaction.
    const setup = new Database(this.dbPath);
    try {
      setup.exec('PRAGMA journal_mode = WAL');
    } finally {
      setup.close();
    }

    this.http = http.createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        sendJson(res, 500, { error: errorMessage(error), message: errorMessage(error) });
      });
    });
    this.http.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  hold(match: RegExp): ServerHold {
    let arrived!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((r) => (arrived = r));
    const entry = { match, arrived, released: new Promise<void>((r) => (release = r)) };
    this.holds.add(entry);
    return {
      reached,
      release: () => {
        this.holds.delete(entry);
        release();
      },
    };
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.http.once('error', onError);
      this.http.listen(port, host, () => {
        this.http.off('error', onError);
        const address = this.http.address();
        if (address === null || typeof address === 'string') {
          reject(new Error('libSQL test server: unexpected listen address'));
          return;
        }
        const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.url = `http://${hostForUrl}:${address.port}`;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const stream of [...this.streams]) this.closeStream(stream);
      this.http.close(() => resolve());
      // Keep-alive sockets would otherwise hold the server (and vitest) open.
      this.http.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  // ------------------------------------------------------------------------------ HTTP routing

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if ((method === 'GET' || method === 'HEAD') && pathname === '/health') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if ((method === 'GET' || method === 'HEAD') && pathname === '/v2') {
      sendJson(res, 200, { version: 2, encoding: 'json' });
      return;
    }
    if (method !== 'POST' || pathname !== '/v2/pipeline') {
      req.resume();
      sendJson(res, 404, { error: `Not found: ${method} ${pathname}` });
      return;
    }

    if (this.authToken !== undefined && req.headers.authorization !== `Bearer ${this.authToken}`) {
      req.resume();
      const reason = req.headers.authorization === undefined ? 'missing' : 'invalid';
      sendJson(res, 401, { error: `Unauthorized: ${reason} auth token` });
      return;
    }

    try {
      const text = await readBody(req);
      for (const entry of [...this.holds]) {
        if (entry.match.test(text)) {
          entry.arrived();
          await entry.released;
        }
      }
      const body = parsePipelineRequest(text);
      this.stats.pipelines += 1;
      sendJson(res, 200, await this.handlePipeline(body));
    } catch (error) {
      if (error instanceof HttpError) {
        // `message` (+ `code`) makes the client surface the reason instead of a bare status.
        sendJson(res, error.status, { error: error.message, message: error.message, code: error.code });
        return;
      }
      throw error;
    }
  }

  // ------------------------------------------------------------------------ pipeline & streams

  private async handlePipeline(body: PipelineRequest): Promise<PipelineResponse> {
    if (this.closing) throw new HttpError(503, 'Server is shutting down', 'SERVER_CLOSING');
    let stream: Stream;
    if (body.baton === null) {
      stream = this.openStream();
    } else {
      const found = this.streamsByBaton.get(body.baton);
      if (found === undefined || found.closed) {
        throw new HttpError(400, 'The stream has expired or the baton is invalid', 'STREAM_EXPIRED');
      }
      if (found.inUse) {
        throw new HttpError(400, 'The stream is already in use by another request', 'STREAM_BUSY');
      }
      stream = found;
    }

    // A baton is single-use, like sqld's: the response carries the next one.
    if (stream.baton !== null) this.streamsByBaton.delete(stream.baton);
    stream.baton = null;
    stream.inUse = true;
    clearTimeout(stream.idleTimer);

    const results: StreamResult[] = [];
    try {
      for (const request of body.requests) {
        results.push(await this.handleRequest(stream, request));
      }
    } catch (error) {
      this.closeStream(stream);
      throw error;
    } finally {
      stream.inUse = false;
    }

    if (stream.closed) return { baton: null, base_url: null, results };

    if (stream.poisoned && !stream.db.inTransaction) this.reopenConnection(stream);
    const baton = `${stream.id}.${randomBytes(18).toString('base64url')}`;
    stream.baton = baton;
    this.streamsByBaton.set(baton, stream);
    stream.idleTimer = setTimeout(() => this.closeStream(stream), this.idleTimeoutMs);
    stream.idleTimer.unref();
    return { baton, base_url: null, results };
  }

  private openConnection(): { db: Database.Database; meta: Database.Statement } {
    const db = new Database(this.dbPath);
    // Integers cross the wire as decimal strings; bigint mode keeps all 64 bits exact.
    db.defaultSafeIntegers(true);
    // busy_timeout stays 0: every SQLite call here is synchronous, so a busy wait would freeze
    // the event loop - including the request that would COMMIT and release the lock. We wait
    // asynchronously instead (see runWithBusyRetry).
    db.exec('PRAGMA busy_timeout = 0');
    // sqld enables foreign keys on every connection (tursodatabase/libsql#981).
    db.exec('PRAGMA foreign_keys = ON');
    const meta = db.prepare('SELECT changes(), total_changes(), last_insert_rowid()');
    meta.raw(true);
    return { db, meta };
  }

  private openStream(): Stream {
    const { db, meta } = this.openConnection();
    const stream: Stream = {
      id: this.nextStreamId++,
      db,
      meta,
      sqls: new Map(),
      baton: null,
      inUse: false,
      closed: false,
      poisoned: false,
      idleTimer: undefined,
    };
    this.streams.add(stream);
    return stream;
  }

  private reopenConnection(stream: Stream): void {
    closeConnection(stream.db);
    const { db, meta } = this.openConnection();
    stream.db = db;
    stream.meta = meta;
    stream.poisoned = false;
  }

  private closeStream(stream: Stream): void {
    if (stream.closed) return;
    stream.closed = true;
    clearTimeout(stream.idleTimer);
    if (stream.baton !== null) this.streamsByBaton.delete(stream.baton);
    stream.baton = null;
    this.streams.delete(stream);
    closeConnection(stream.db);
  }

  // ---------------------------------------------------------------------------------- requests

  private async handleRequest(stream: Stream, request: StreamRequest): Promise<StreamResult> {
    if (stream.closed) {
      return { type: 'error', error: { message: 'The stream has been closed', code: 'STREAM_CLOSED' } };
    }
    try {
      return { type: 'ok', response: await this.handleRequestUnchecked(stream, request) };
    } catch (error) {
      return { type: 'error', error: toProtoError(error) };
    }
  }

  private async handleRequestUnchecked(stream: Stream, request: StreamRequest): Promise<StreamResponse> {
    switch (request.type) {
      case 'close':
        this.closeStream(stream);
        return { type: 'close' };
      case 'execute':
        return { type: 'execute', result: await this.executeStmt(stream, request.stmt) };
      case 'batch':
        return { type: 'batch', result: await this.executeBatch(stream, request.batch) };
      case 'sequence':
        await this.executeSequence(stream, resolveSql(stream, request.sql, request.sql_id));
        return { type: 'sequence' };
      case 'describe':
        return { type: 'describe', result: describe(stream, resolveSql(stream, request.sql, request.sql_id)) };
      case 'store_sql':
        if (stream.sqls.has(request.sql_id)) {
          throw new HranaError(`SQL text with id ${request.sql_id} is already stored`, 'SQL_ID_EXISTS');
        }
        if (stream.sqls.size >= SQL_ID_LIMIT) {
          throw new HranaError(`Too many stored SQL texts (limit ${SQL_ID_LIMIT})`, 'SQL_STORE_TOO_MANY');
        }
        stream.sqls.set(request.sql_id, request.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        stream.sqls.delete(request.sql_id);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: !stream.db.inTransaction };
    }
  }

  private async executeStmt(stream: Stream, stmt: ProtoStmt): Promise<StmtResult> {
    const sql = resolveSql(stream, stmt.sql, stmt.sql_id);
    const statements = splitSql(sql);
    if (statements.length === 0) {
      this.stats.statements.push(sql);
      throw new HranaError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
    }
    if (statements.length > 1) {
      this.stats.statements.push(sql);
      throw new HranaError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
    }
    return this.runStatement(
      stream,
      sql,
      statements[0],
      stmt.args ?? [],
      stmt.named_args ?? [],
      stmt.want_rows ?? true,
    );
  }

  private async executeBatch(
    stream: Stream,
    batch: ProtoBatch,
  ): Promise<{ step_results: (StmtResult | null)[]; step_errors: (ProtoError | null)[] }> {
    const stepResults: (StmtResult | null)[] = [];
    const stepErrors: (ProtoError | null)[] = [];
    for (const step of batch.steps) {
      stepResults.push(null);
      stepErrors.push(null);
      const index = stepResults.length - 1;
      if (step.condition != null && !evalCond(step.condition, stepResults, stepErrors, stream)) continue;
      try {
        stepResults[index] = await this.executeStmt(stream, step.stmt);
      } catch (error) {
        stepErrors[index] = toProtoError(error);
      }
    }
    return { step_results: stepResults, step_errors: stepErrors };
  }

  private async executeSequence(stream: Stream, sql: string): Promise<void> {
    // Statement by statement (not db.exec) so each one is checked against the refusal list,
    // recorded, and retried on contention without re-running the ones before it.
    for (const statement of splitSql(sql)) {
      await this.runStatement(stream, statement.sql, statement, [], [], false);
    }
  }

  private async runStatement(
    stream: Stream,
    sql: string,
    parsed: ParsedStatement,
    args: ProtoValue[],
    namedArgs: ProtoNamedArg[],
    wantRows: boolean,
  ): Promise<StmtResult> {
    this.stats.statements.push(sql);
    const refusal = refusalReason(parsed.tokens);
    if (refusal !== null) {
      this.stats.refused.push(sql);
      throw new HranaError(`${refusal} is not allowed on this server (sqld/Turso refuse it)`, 'SQLITE_AUTH');
    }

    const bindValues = bindArgs(parsed.tokens, args, namedArgs);
    const started = performance.now();
    const { stmt, rows, totalChangesBefore } = await this.runWithBusyRetry(stream, sql, bindValues);

    // `changes()` keeps the count of the last INSERT/UPDATE/DELETE even across later SELECTs,
    // so only trust it when this statement actually changed something.
    const [changes, totalChanges, lastInsertRowid] = readMeta(stream);
    const affected = totalChanges === totalChangesBefore ? 0 : Number(changes);

    return {
      cols: stmt.columns().map((col) => ({ name: col.name, decltype: col.type ?? null })),
      rows: wantRows ? rows.map((row) => row.map(valueToProto)) : [],
      affected_row_count: affected,
      last_insert_rowid: String(lastInsertRowid),
      rows_read: 0,
      rows_written: 0,
      query_duration_ms: performance.now() - started,
    };
  }

  /**
   * Cross-stream write contention. All streams share this process and every libsql call is
   * synchronous, so SQLite's own busy handler (busy_timeout) would spin inside the event loop
   * while the stream holding the write lock can never get its COMMIT served: a deadlock. Instead
   * connections run with busy_timeout 0, and a statement that fails with SQLITE_BUSY is retried
   * after short asynchronous sleeps (other requests are served meanwhile) until busyTimeoutMs
   * has passed; only then the client sees SQLITE_BUSY. A second write transaction therefore
   * waits for the first one to finish, like against sqld. SQLITE_BUSY_SNAPSHOT (a deferred
   * transaction that read before another writer committed) can never succeed and is reported
   * at once, as SQLite would. The retry re-runs the same prepared statement, because the binding
   * only resets a statement at the start of its next run.
   */
  private async runWithBusyRetry(
    stream: Stream,
    sql: string,
    bindValues: BindValue[],
  ): Promise<{ stmt: Database.Statement; rows: unknown[][]; totalChangesBefore: bigint }> {
    const deadline = Date.now() + this.busyTimeoutMs;
    let stmt: Database.Statement | undefined;
    for (;;) {
      try {
        if (stmt === undefined) {
          stmt = stream.db.prepare(sql);
          if (stmt.reader) stmt.raw(true);
        }
        const totalChangesBefore = readMeta(stream)[1];
        if (stmt.reader) {
          // Readers must be drained with all(): run() steps a SELECT once and leaves it
          // active, which pins a read snapshot on the connection.
          return { stmt, rows: stmt.all(bindValues) as unknown[][], totalChangesBefore };
        }
        stmt.run(bindValues);
        return { stmt, rows: [], totalChangesBefore };
      } catch (error) {
        const rawCode = sqliteRawCode(error);
        const isBusy = rawCode !== undefined && (rawCode & 0xff) === 5;
        if (!isBusy) throw error;
        const retryable = rawCode !== 517 /* SQLITE_BUSY_SNAPSHOT */;
        if (!retryable || Date.now() >= deadline || this.closing !== undefined || stream.closed) {
          stream.poisoned = true;
          throw error;
        }
        await sleep(BUSY_POLL_MS);
        if (stream.closed) throw new HranaError('The stream was closed while waiting for a lock', 'SQLITE_BUSY');
      }
    }
  }
}

function readMeta(stream: Stream): [changes: bigint, totalChanges: bigint, lastInsertRowid: bigint] {
  return stream.meta.all()[0] as [bigint, bigint, bigint];
}

function closeConnection(db: Database.Database): void {
  try {
    // Closing with statements still referenced (until GC) may leave the native connection
    // open, and with it an open write transaction: roll back explicitly so the lock is freed now.
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // Nothing to roll back or the connection is unusable; closing is all that is left.
  }
  try {
    db.close();
  } catch {
    // Already closed.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// Statement helpers

function resolveSql(stream: Stream, sql: string | null | undefined, sqlId: number | null | undefined): string {
  if (sql != null && sqlId != null) {
    throw new HranaError('Both "sql" and "sql_id" are given', 'SQL_ID_AND_SQL');
  }
  if (sql != null) return sql;
  if (sqlId != null) {
    const stored = stream.sqls.get(sqlId);
    if (stored === undefined) throw new HranaError(`SQL text with id ${sqlId} is not stored`, 'SQL_NOT_FOUND');
    return stored;
  }
  throw new HranaError('Neither "sql" nor "sql_id" is given', 'SQL_MISSING');
}

function evalCond(
  cond: ProtoBatchCond,
  results: (StmtResult | null)[],
  errors: (ProtoError | null)[],
  stream: Stream,
): boolean {
  switch (cond.type) {
    case 'ok':
      return results[cond.step] != null;
    case 'error':
      return errors[cond.step] != null;
    case 'not':
      return !evalCond(cond.cond, results, errors, stream);
    case 'and':
      return cond.conds.every((c) => evalCond(c, results, errors, stream));
    case 'or':
      return cond.conds.some((c) => evalCond(c, results, errors, stream));
    case 'is_autocommit':
      return !stream.db.inTransaction;
  }
}

/**
 * Builds the positional array the binding wants from Hrana args, with sqld's rules: positional
 * args fill parameters 1..n; named args match a parameter by its full name (":a") or without
 * its prefix ("a"); a parameter without a value, or a value without a parameter, is an error.
 */
function bindArgs(tokens: SqlToken[], args: ProtoValue[], namedArgs: ProtoNamedArg[]): BindValue[] {
  if (args.length > 0 && namedArgs.length > 0) {
    throw new HranaError('Statement uses both positional and named arguments', 'ARGS_BOTH_POSITIONAL_AND_NAMED');
  }
  const params = statementParams(tokens);
  const supplied = args.length + namedArgs.length;
  if (supplied > params.length) {
    throw new HranaError(`too many parameters, expected ${params.length} found ${supplied}`, 'ARGS_INVALID');
  }
  const named = new Map<string, ProtoValue>();
  for (const arg of namedArgs) named.set(arg.name, arg.value);

  return params.map((name, i) => {
    let value: ProtoValue | undefined;
    if (namedArgs.length === 0) {
      value = args[i];
    } else if (name !== null && !name.startsWith('?')) {
      value = named.get(name) ?? named.get(name.slice(1));
    }
    if (value === undefined) {
      throw new HranaError(`value for parameter ${name ?? i + 1} not found`, 'ARGS_INVALID');
    }
    return valueFromProto(value);
  });
}

function describe(stream: Stream, sql: string) {
  const statements = splitSql(sql);
  if (statements.length !== 1) {
    throw statements.length === 0
      ? new HranaError('SQL string does not contain any statement', 'SQL_NO_STATEMENT')
      : new HranaError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
  }
  const tokens = statements[0].tokens;
  const isExplain = keyword(tokens, 0) === 'explain';
  const stmt = stream.db.prepare(sql);
  let isReadonly = true;
  if (!isExplain) {
    // Mirrors sqlite3_stmt_readonly(): a statement writes when its program opens a write
    // transaction or checkpoints, vacuums or changes the journal mode.
    const program = stream.db.prepare(`EXPLAIN ${sql}`).raw(true).all() as unknown[][];
    isReadonly = !program.some(
      ([, opcode, , p2]) =>
        (opcode === 'Transaction' && p2 !== 0n && p2 !== 0) ||
        opcode === 'Checkpoint' ||
        opcode === 'Vacuum' ||
        opcode === 'JournalMode',
    );
  }
  return {
    params: statementParams(tokens).map((name) => ({ name })),
    cols: stmt.columns().map((col) => ({ name: col.name, decltype: col.type ?? null })),
    is_explain: isExplain,
    is_readonly: isReadonly,
  };
}

// ---------------------------------------------------------------------------------------------
// Values

const MIN_I64 = -(2n ** 63n);
const MAX_I64 = 2n ** 63n - 1n;

function valueFromProto(value: ProtoValue): BindValue {
  switch (value.type) {
    case 'null':
      return null;
    case 'integer': {
      const raw: unknown = value.value;
      const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : raw;
      if (typeof text !== 'string' || !/^[+-]?\d+$/.test(text)) {
        throw new HranaError(`Invalid integer value ${JSON.stringify(raw)}`, 'ARGS_INVALID');
      }
      const int = BigInt(text);
      if (int < MIN_I64 || int > MAX_I64) {
        throw new HranaError(`Integer ${text} does not fit in 64 bits`, 'ARGS_INVALID');
      }
      return int;
    }
    case 'float':
      if (typeof value.value !== 'number') throw new HranaError('Invalid float value', 'ARGS_INVALID');
      return value.value;
    case 'text':
      if (typeof value.value !== 'string') throw new HranaError('Invalid text value', 'ARGS_INVALID');
      return value.value;
    case 'blob':
      // Buffer's decoder takes padded and unpadded (and url-safe) base64 alike.
      if (typeof value.base64 !== 'string') throw new HranaError('Invalid blob value', 'ARGS_INVALID');
      return Buffer.from(value.base64, 'base64');
    default:
      throw new HranaError(`Unknown value type ${JSON.stringify((value as { type: unknown }).type)}`, 'ARGS_INVALID');
  }
}

function valueToProto(value: unknown): ProtoValue {
  if (value === null || value === undefined) return { type: 'null' };
  // With safe integers on, INTEGER comes back as bigint and REAL as number.
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) {
    return { type: 'blob', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (value instanceof ArrayBuffer) return { type: 'blob', base64: Buffer.from(value).toString('base64') };
  throw new Error(`Unexpected value from SQLite: ${String(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Errors

function sqliteRawCode(error: unknown): number | undefined {
  const raw = (error as SqliteLikeError | null)?.rawCode;
  return typeof raw === 'number' ? raw : undefined;
}

/** sqld reports the primary result code and prefixes the message, e.g. "SQLite error: UNIQUE ...". */
function toProtoError(error: unknown): ProtoError {
  if (error instanceof HranaError) return { message: error.message, code: error.code };
  const rawCode = sqliteRawCode(error);
  if (rawCode !== undefined) {
    const code = SQLITE_PRIMARY_CODES[rawCode & 0xff] ?? 'SQLITE_UNKNOWN';
    return { message: `SQLite error: ${errorMessage(error)}`, code };
  }
  const code = (error as SqliteLikeError | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return { message: `SQLite error: ${errorMessage(error)}`, code: code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') };
  }
  return { message: errorMessage(error), code: 'UNKNOWN' };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// SQL text: tokenizing, splitting, parameters, refusal

interface SqlToken {
  kind: 'word' | 'ident' | 'string' | 'number' | 'param' | 'semi' | 'punct';
  /** Source text of the token. */
  text: string;
  /** Unquoted identifier / keyword text, lower-cased (for words and identifiers). */
  value: string;
  start: number;
  end: number;
}

interface ParsedStatement {
  sql: string;
  tokens: SqlToken[];
}

const isIdStart = (ch: string) => /[A-Za-z_]/.test(ch) || ch.charCodeAt(0) >= 0x80;
const isIdChar = (ch: string) => /[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80;

/** SQLite's tokenizer, reduced to what splitting, refusal and parameter numbering need. */
function tokenize(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlToken['kind'], start: number, end: number, value?: string) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: value ?? text.toLowerCase(), start, end });
  };
  const quoted = (start: number, close: string): number => {
    let j = start + 1;
    for (;;) {
      const k = sql.indexOf(close, j);
      if (k === -1) return sql.length;
      // A doubled closing quote is an escaped quote (not for [brackets]).
      if (close !== ']' && sql[k + 1] === close) {
        j = k + 2;
        continue;
      }
      return k + 1;
    }
  };

  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const endComment = sql.indexOf('*/', i + 2);
      i = endComment === -1 ? sql.length : endComment + 2;
    } else if (ch === "'") {
      const end = quoted(i, "'");
      push('string', i, end);
      i = end;
    } else if (ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      const end = quoted(i, close);
      const inner = sql.slice(i + 1, end - 1);
      const value = close === ']' ? inner : inner.split(close + close).join(close);
      push('ident', i, end, value.toLowerCase());
      i = end;
    } else if (ch === ';') {
      push('semi', i, i + 1);
      i += 1;
    } else if (ch === '?') {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j])) j += 1;
      push('param', i, j, sql.slice(i, j));
      i = j;
    } else if ((ch === ':' || ch === '@' || ch === '$') && i + 1 < sql.length && isIdChar(sql[i + 1])) {
      let j = i + 1;
      while (j < sql.length && isIdChar(sql[j])) j += 1;
      push('param', i, j, sql.slice(i, j));
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < sql.length && /[0-9A-Za-z_.]/.test(sql[j])) j += 1;
      push('number', i, j);
      i = j;
    } else if (isIdStart(ch)) {
      let j = i + 1;
      while (j < sql.length && isIdChar(sql[j])) j += 1;
      push('word', i, j);
      i = j;
    } else {
      push('punct', i, i + 1);
      i += 1;
    }
  }
  return tokens;
}

function keyword(tokens: SqlToken[], index: number): string | undefined {
  const token = tokens[index];
  if (token === undefined) return undefined;
  return token.kind === 'word' || token.kind === 'ident' ? token.value : token.text;
}

/**
 * Splits SQL into statements on top-level semicolons, keeping CREATE TRIGGER bodies
 * (BEGIN ... END, with CASE ... END inside) together. Empty statements are dropped.
 */
function splitSql(sql: string): ParsedStatement[] {
  const statements: ParsedStatement[] = [];
  let current: SqlToken[] = [];
  let caseDepth = 0;
  let inTriggerBody = false;
  let triggerBodyDone = false;

  const isTrigger = () => {
    const first = keyword(current, 0);
    const second = keyword(current, 1);
    return (
      first === 'create' &&
      (second === 'trigger' || ((second === 'temp' || second === 'temporary') && keyword(current, 2) === 'trigger'))
    );
  };
  const flush = () => {
    if (current.length > 0) {
      statements.push({ sql: sql.slice(current[0].start, current[current.length - 1].end), tokens: current });
    }
    current = [];
    caseDepth = 0;
    inTriggerBody = false;
    triggerBodyDone = false;
  };

  for (const token of tokenize(sql)) {
    if (token.kind === 'semi' && (!isTrigger() || triggerBodyDone)) {
      flush();
      continue;
    }
    current.push(token);
    if (token.kind !== 'word') continue;
    if (token.value === 'case') caseDepth += 1;
    else if (token.value === 'begin' && isTrigger()) inTriggerBody = true;
    else if (token.value === 'end') {
      if (caseDepth > 0) caseDepth -= 1;
      else if (inTriggerBody) triggerBodyDone = true;
    }
  }
  flush();
  return statements;
}

/**
 * Parameter names by index (index 0 = parameter 1), numbered as SQLite does: "?" takes the next
 * number, "?NNN" takes NNN, a named parameter reuses its number when it appears again.
 */
function statementParams(tokens: SqlToken[]): (string | null)[] {
  const names: (string | null)[] = [];
  const byName = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'param') continue;
    if (token.text === '?') {
      names.push(null);
    } else if (token.text.startsWith('?')) {
      const index = Number(token.text.slice(1));
      while (names.length < index) names.push(null);
      names[index - 1] = token.text;
    } else if (!byName.has(token.text)) {
      names.push(token.text);
      byName.set(token.text, names.length);
    }
  }
  return names;
}

/** Statements sqld/Turso refuse; our product must never send them to a remote database. */
function refusalReason(tokens: SqlToken[]): string | null {
  const first = keyword(tokens, 0);
  if (first === 'pragma') {
    const name = keyword(tokens, 2) === '.' ? keyword(tokens, 3) : keyword(tokens, 1);
    if (name === 'journal_mode') return 'PRAGMA journal_mode';
  }
  if (first === 'vacuum' || first === 'analyze' || first === 'attach' || first === 'detach') {
    return first.toUpperCase();
  }
  if (first === 'create' && (keyword(tokens, 1) === 'temp' || keyword(tokens, 1) === 'temporary')) {
    return 'CREATE TEMP';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers

const MAX_BODY_BYTES = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  // Exactly "application/json": the client only parses error bodies with that content type.
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const REQUEST_TYPES = new Set([
  'close',
  'execute',
  'batch',
  'sequence',
  'describe',
  'store_sql',
  'close_sql',
  'get_autocommit',
]);

/**
 * Shape-checks the body enough that request handlers can trust the types; like sqld, a body
 * that does not deserialize is a 400 for the whole pipeline.
 */
function parsePipelineRequest(text: string): PipelineRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON', 'PROTO_ERROR');
  }
  const fail = (what: string): never => {
    throw new HttpError(400, `Invalid pipeline request: ${what}`, 'PROTO_ERROR');
  };
  if (!isObject(json)) return fail('body must be an object');
  const baton = json.baton ?? null;
  if (baton !== null && typeof baton !== 'string') fail('"baton" must be a string or null');
  if (!Array.isArray(json.requests)) return fail('"requests" must be an array');

  const checkValue = (v: unknown) => {
    if (!isObject(v) || typeof v.type !== 'string') fail('invalid value');
  };
  const checkStmt = (s: unknown) => {
    if (!isObject(s)) return fail('"stmt" must be an object');
    if (s.sql != null && typeof s.sql !== 'string') fail('"sql" must be a string');
    if (s.sql_id != null && typeof s.sql_id !== 'number') fail('"sql_id" must be a number');
    if (s.args != null) (Array.isArray(s.args) ? s.args : fail('"args" must be an array')).forEach(checkValue);
    if (s.named_args != null) {
      (Array.isArray(s.named_args) ? s.named_args : fail('"named_args" must be an array')).forEach((a: unknown) => {
        if (!isObject(a) || typeof a.name !== 'string') fail('invalid named arg');
        checkValue((a as Record<string, unknown>).value);
      });
    }
  };
  const checkCond = (c: unknown): void => {
    if (!isObject(c)) {
      fail('invalid batch condition');
      return;
    }
    switch (c.type) {
      case 'ok':
      case 'error':
        if (typeof c.step !== 'number') fail('condition step must be a number');
        return;
      case 'not':
        checkCond(c.cond);
        return;
      case 'and':
      case 'or':
        if (!Array.isArray(c.conds)) fail('condition "conds" must be an array');
        (c.conds as unknown[]).forEach(checkCond);
        return;
      case 'is_autocommit':
        return;
      default:
        fail(`unknown condition type ${JSON.stringify(c.type)}`);
    }
  };

  for (const r of json.requests as unknown[]) {
    if (!isObject(r) || typeof r.type !== 'string' || !REQUEST_TYPES.has(r.type)) {
      fail(`unknown request ${JSON.stringify(isObject(r) ? r.type : r)}`);
    }
    const req = r as Record<string, unknown>;
    if (req.type === 'execute') checkStmt(req.stmt);
    if (req.type === 'batch') {
      const batch = req.batch;
      if (!isObject(batch) || !Array.isArray(batch.steps)) fail('"batch.steps" must be an array');
      for (const step of (batch as { steps: unknown[] }).steps) {
        if (!isObject(step)) fail('invalid batch step');
        const s = step as Record<string, unknown>;
        if (s.condition != null) checkCond(s.condition);
        checkStmt(s.stmt);
      }
    }
    if ((req.type === 'sequence' || req.type === 'describe') && req.sql != null && typeof req.sql !== 'string') {
      fail('"sql" must be a string');
    }
    if ((req.type === 'store_sql' || req.type === 'close_sql') && typeof req.sql_id !== 'number') {
      fail('"sql_id" must be a number');
    }
    if (req.type === 'store_sql' && typeof req.sql !== 'string') fail('"sql" must be a string');
  }
  return { baton: baton as string | null, requests: json.requests as StreamRequest[] };
}

// ---------------------------------------------------------------------------------------------
// CLI

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  const self = fileURLToPath(import.meta.url);
  try {
    return realpathSync(path.resolve(entry)) === realpathSync(self);
  } catch {
    return path.resolve(entry) === self;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      path: { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
    },
  });
  if (values.path === undefined) {
    console.error(
      'usage: tsx test/support/libsql-http-server.ts --path ./edge-dev.db [--port 8080] [--host 127.0.0.1] [--token T]',
    );
    process.exit(2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid --port ${values.port}`);
    process.exit(2);
  }
  const server = await startLibsqlHttpServer({ path: values.path, port, host: values.host, authToken: values.token });
  console.log(`libSQL test server listening on ${server.url}`);
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

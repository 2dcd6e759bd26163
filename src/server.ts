// Node entry (Railway, Docker, local): configuration from process.env, storage, migrations,
// then HTTP with @hono/node-server; graceful shutdown on SIGTERM/SIGINT
// (docs/domain/data-safety.md#graceful-shutdown).
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { inflateRawSync } from 'node:zlib';
import { createAdaptorServer } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { loadConfig, secretValues } from './config';
import { createLogger } from './log';
import { errorBody, statusOf } from './errors';
import { HEALTH_PATH } from './http/paths';
import { boot, BootError, type Booted } from './node/boot';
import { buildInfo } from './build-info';
import { startBackground } from './node/background';
import { noteConnection } from './lib/steps';
import { useEntryDeflater } from './xlsx/write';
import { zlibEntryDeflater } from './node/zlib-deflater';
import { useNativeInflate } from './xlsx/zip';
import { maxPageCountFromEnv, transactionHooksFromEnv } from './node/test-hooks';

// V8 lets the old generation grow by up to 4x between full collections; the garbage of a large
// read or export then stays resident (at 50,000 lines: 150 MB of heap used for 57 MB live, peak
// RSS 261 MB; at 200,000: 581 MB). Growing by 50 % collects it sooner: peak 206-232 MB and
// 375-421 MB, same timings (bench/year-one, issue 13; 20 % saved more but slowed the 200,000-line
// export and first dashboard by 1.6-2x: too many full collections of a larger live heap). V8
// reads the factor at each collection, so setting it here works however the process was started
// (Dockerfile, npm start, tests). Not a cap: the heap still grows as needed.
setFlagsFromString('--heap-growing-percent=50');

// Exports deflate at level 3 instead of the CompressionStream's 6 (the deflater was the slowest
// part of a large export), written to zlib directly (docs/domain/read-model.md#exports).
useEntryDeflater(zlibEntryDeflater);

// Uploaded workbooks: parts of up to 1 MB inflate in one native call instead of fflate's JS
// (docs/domain/imports.md#performance). Output past `maxBytes` is refused by zlib itself.
useNativeInflate((raw, maxBytes) => {
  try {
    return inflateRawSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null;
    throw error;
  }
});

async function main() {
  const started = Date.now();
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = loadConfig(process.env, 'node');
  if (!parsed.ok) {
    // Names only: a value could be a secret.
    console.error(
      `${new Date().toISOString()} Invalid configuration: ${parsed.errors.map((e) => `${e.variable} (${e.message})`).join('; ')}`,
    );
    process.exit(1);
  }
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL, undefined, { secrets: secretValues(config) });

  // The port is bound before anything touches the database: a port in use stops the start with
  // one clear line, before migrations or a legacy conversion run. Until boot is done every
  // request gets 503 (the healthcheck waits for 200).
  let booted: Booted | null = null;
  const server: ServerType = createAdaptorServer({
    fetch: (request, env) => (booted ? booted.app.fetch(request, env) : startingResponse(request)),
    hostname: config.HOST,
  });
  // Request work steps aside while a burst of connections is being accepted (lib/steps.ts).
  server.on('connection', noteConnection);
  try {
    await listen(server as Server, config.PORT, config.HOST);
  } catch (error) {
    log.error(bindFailure(error as NodeJS.ErrnoException, config.HOST, config.PORT));
    process.exit(1);
  }

  let onLeaseLost = () => {};
  try {
    booted = await boot(config, {
      cwd: process.cwd(),
      log,
      build: buildInfo(`node ${process.version}`, started, config.RAILWAY_GIT_COMMIT_SHA),
      hooks: transactionHooksFromEnv(process.env, log),
      maxPageCount: maxPageCountFromEnv(process.env, log),
      onWriterLeaseLost: () => onLeaseLost(),
    });
  } catch (error) {
    log.error(error instanceof BootError ? error.message : `Start-up failed: ${(error as Error).message}`);
    process.exit(1);
  }

  const stopBackground = startBackground(booted.services, booted.parts, config, log);
  // The handlers go in before `Listening` is logged: a supervisor that stops the process as soon
  // as it reads that line must find them (a signal with no handler kills with no shutdown).
  onLeaseLost = installShutdown(server, booted, stopBackground, config.SHUTDOWN_TIMEOUT_MS, log);
  const address = (server as Server).address();
  log.info(`Listening on http://${config.HOST}:${typeof address === 'object' && address ? address.port : config.PORT}`);
  // The read model is built now, in slices, so the first page finds it ready and /health answers meanwhile.
  booted.services.readModel.warm();
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function bindFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'EADDRINUSE')
    return `Port ${port} on ${host} is already in use by another process: stop it, or set PORT to a free port. Nothing was started.`;
  if (error.code === 'EACCES')
    return `Port ${port} on ${host} needs privileges this process does not have: set PORT to 1024 or above. Nothing was started.`;
  if (error.code === 'EADDRNOTAVAIL')
    return `HOST ${host} is not an address of this machine: set HOST (0.0.0.0 listens everywhere). Nothing was started.`;
  return `Cannot listen on ${host}:${port}: ${error.message}`;
}

/** The answer while the service is still starting (migrations, a legacy conversion). */
function startingResponse(request: Request): Response {
  const headers = { 'content-type': 'application/json', 'retry-after': '5', 'cache-control': 'no-store' };
  if (new URL(request.url).pathname === HEALTH_PATH) {
    return new Response(
      JSON.stringify({ status: 'unavailable', reason: 'starting', db: 'unknown', schema: 'unknown', setup: 'unknown' }),
      { status: 503, headers },
    );
  }
  const body = errorBody('starting', 'ระบบกำลังเริ่มทำงาน กรุณาลองใหม่อีกครั้งในอีกสักครู่', [], crypto.randomUUID());
  return new Response(JSON.stringify(body), { status: statusOf('starting'), headers });
}

/** Installs the signal handlers; returns what to call when the writer lease is lost (exit 1). */
function installShutdown(
  server: ServerType,
  booted: Booted,
  stopBackground: () => Promise<void>,
  timeoutMs: number,
  log: ReturnType<typeof createLogger>,
): () => void {
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstSignalAt) {
      // A process manager may forward the same signal twice; a later one means "now".
      if (now - firstSignalAt < 1000) return;
      log.warn(`Second ${signal}: exiting immediately`);
      process.exit(1);
    }
    firstSignalAt = now;
    void shutdown(signal);
  };

  async function shutdown(signal: string, exitCode = 0) {
    log.info(`${signal} received: draining`);
    booted.lifecycle.draining = true;
    const http = server as import('node:http').Server;
    const closed = new Promise<void>((res) => http.close(() => res()));
    http.closeIdleConnections?.();
    const timer = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), timeoutMs).unref());
    // A kept-alive connection goes idle when its request finishes (an import that stopped at
    // its next batch): close it then, not at the timeout.
    const sweep = setInterval(() => http.closeIdleConnections?.(), 20);
    const outcome = await Promise.race([closed, timer]);
    clearInterval(sweep);
    if (outcome === 'timeout') {
      log.warn(`In-flight requests did not finish within ${timeoutMs} ms; closing connections`);
      http.closeAllConnections?.();
    }
    await stopBackground();
    // Given up before the final checkpoint, which then takes the release in too; the next
    // process may take the file at once.
    await booted.writerLease?.release();
    try {
      await booted.storage.close();
    } catch (error) {
      log.error(`Closing the database failed: ${(error as Error).message}`);
    }
    log.info('Shutdown complete');
    process.exit(exitCode);
  }

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    if (firstSignalAt) return;
    firstSignalAt = Date.now();
    void shutdown('Writer lease lost', 1);
  };
}

void main();

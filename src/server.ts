// Node entry (Railway, Docker, local): configuration from process.env, storage, migrations,
// then HTTP with @hono/node-server; graceful shutdown on SIGTERM/SIGINT (operations 5).
import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { loadConfig, secretValues } from './config';
import { createLogger } from './log';
import { boot, BootError, type Booted } from './node/boot';
import { buildInfo } from './build-info';
import { startBackground } from './node/background';
import { maxPageCountFromEnv, transactionHooksFromEnv } from './node/test-hooks';

async function main() {
  const started = Date.now();
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = loadConfig(process.env, 'node');
  if (!parsed.ok) {
    // Names only: a value could be a secret.
    console.error(`${new Date().toISOString()} Invalid configuration: ${parsed.errors.map((e) => `${e.variable} (${e.message})`).join('; ')}`);
    process.exit(1);
  }
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL, undefined, { secrets: secretValues(config) });

  let booted: Booted;
  try {
    booted = await boot(config, {
      cwd: process.cwd(),
      log,
      build: buildInfo(`node ${process.version}`, started, config.RAILWAY_GIT_COMMIT_SHA),
      hooks: transactionHooksFromEnv(process.env, log),
      maxPageCount: maxPageCountFromEnv(process.env, log),
    });
  } catch (error) {
    log.error(error instanceof BootError ? error.message : `Start-up failed: ${(error as Error).message}`);
    process.exit(1);
  }

  const server: ServerType = serve({ fetch: booted.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info(`Listening on http://${config.HOST}:${info.port}`);
  });
  startBackground(booted.services, config, log);
  installShutdown(server, booted, config.SHUTDOWN_TIMEOUT_MS, log);
}

function installShutdown(server: ServerType, booted: Booted, timeoutMs: number, log: ReturnType<typeof createLogger>) {
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

  async function shutdown(signal: string) {
    log.info(`${signal} received: draining`);
    booted.lifecycle.draining = true;
    const http = server as import('node:http').Server;
    const closed = new Promise<void>((res) => http.close(() => res()));
    http.closeIdleConnections?.();
    const timer = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), timeoutMs).unref());
    if ((await Promise.race([closed, timer])) === 'timeout') {
      log.warn(`In-flight requests did not finish within ${timeoutMs} ms; closing connections`);
      http.closeAllConnections?.();
    }
    await booted.services.stopBackground?.();
    try {
      await booted.storage.close();
    } catch (error) {
      log.error(`Closing the database failed: ${(error as Error).message}`);
    }
    log.info('Shutdown complete');
    process.exit(0);
  }

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

void main();

// Step 7: the app over the opened storage, with the Node parts (file backups, legacy password
// hashes, the Google client, the socket's address).
import { randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createApp } from '../../app';
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { BackupStore } from '../../services/backups/store';
import type { BuildInfo, HostInfo, Lifecycle } from '../../services/status';
import type { TransactionHooks } from '../../services/system/hooks';
import { createNodeSheetsReader } from '../../sheets/googleapis';
import type { StoragePort } from '../../storage';
import { verifyWerkzeugHash } from '../legacy-hash';
import { googleCredentialsFile } from './google-credentials';

const remoteAddress = (c: Context) => {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
};

export function buildNodeApp(input: {
  storage: StoragePort;
  config: Config;
  cwd: string;
  log: Logger;
  clock: () => number;
  build: BuildInfo;
  host: HostInfo;
  backupStore: BackupStore;
  hooks?: TransactionHooks;
}) {
  const { config, cwd, log } = input;
  // Setup mode needs a token: SETUP_TOKEN, or one generated now and logged once.
  const setupToken = config.SETUP_TOKEN ?? randomBytes(32).toString('base64url');
  const lifecycle: Lifecycle = { draining: false };
  const sheets = createNodeSheetsReader(config, { log, credentialsFileText: googleCredentialsFile(config, cwd, log) });
  const built = createApp({
    storage: input.storage,
    config,
    log,
    clock: input.clock,
    build: input.build,
    host: input.host,
    lifecycle,
    backupStore: input.backupStore,
    legacyVerify: verifyWerkzeugHash,
    setupToken,
    hooks: input.hooks,
    sheets,
    remoteAddress,
  });
  return { ...built, lifecycle, setupToken };
}

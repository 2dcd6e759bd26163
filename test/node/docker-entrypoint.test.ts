// The image entrypoint: the app never runs as root. Started as root (Railway with
// RAILWAY_RUN_UID=0, root-owned volume) it hands the volume to the app user and drops to it;
// started unprivileged it just runs the command.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/env';

const ENTRYPOINT = join(import.meta.dirname, '..', '..', 'docker-entrypoint.sh');
const isRoot = process.getuid?.() === 0;

describe('docker-entrypoint.sh', () => {
  it(
    isRoot
      ? 'as root: chowns the volume to the app user and runs the command as that user'
      : 'unprivileged: runs the command as the current user',
    () => {
      const base = tempDir('wms-entry-');
      chmodSync(base, 0o755);
      const volume = join(base, 'vol');
      mkdirSync(volume);
      const appUser = isRoot ? 'nobody' : userInfo().username;
      const out = execFileSync(
        'sh',
        [ENTRYPOINT, 'sh', '-c', 'id -un; touch "$RAILWAY_VOLUME_MOUNT_PATH/probe" && echo writable'],
        {
          env: { PATH: process.env.PATH, APP_USER: appUser, RAILWAY_VOLUME_MOUNT_PATH: volume },
        },
      )
        .toString()
        .trim()
        .split('\n');
      expect(out[0]).toBe(appUser);
      expect(out[0]).not.toBe('root');
      expect(out[1]).toBe('writable');
      if (isRoot) expect(statSync(volume).uid).toBe(Number(execFileSync('id', ['-u', 'nobody']).toString()));
    },
  );
});

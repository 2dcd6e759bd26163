// Version and commit shown by /health and system status. The commit comes from Railway's
// RAILWAY_GIT_COMMIT_SHA, else the constant the build injects, else "dev".
import pkg from '../package.json';
import type { BuildInfo } from './services/status';

declare const __BUILD_COMMIT__: string | undefined;

export function buildInfo(runtime: string, startedAt: number, commitSha?: string): BuildInfo {
  const injected = typeof __BUILD_COMMIT__ === 'string' ? __BUILD_COMMIT__ : undefined;
  return {
    version: pkg.version,
    commit: (commitSha ?? injected ?? 'dev').slice(0, 7),
    runtime,
    startedAt,
  };
}

// The database location (docs/domain/data-safety.md#database-location): one function computes it
// once; the start-up log, the backup store and system status all use its result.
import type { Config } from './env';

export type DatabaseLocation =
  | { kind: 'file'; path: string; source: 'DATABASE_URL' | 'DATABASE_PATH' | 'RAILWAY_VOLUME_MOUNT_PATH' | 'default' }
  | { kind: 'remote'; url: string; authToken?: string; source: 'DATABASE_URL' };

export interface LocationResult {
  location: DatabaseLocation;
  warnings: string[];
}

/** Joins and normalises POSIX paths without node:path, so this module stays runtime-neutral. */
export function resolvePosixPath(cwd: string, path: string): string {
  const start = path.startsWith('/') ? path : `${cwd.replace(/\/+$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of start.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

function filePathFromUrl(url: string): string {
  // file:relative.db, file:/abs.db, file:///abs.db, file://localhost/abs.db
  let rest = url.replace(/^file:/i, '');
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    rest = slash >= 0 ? rest.slice(slash) : '';
  }
  return decodeURIComponent(rest.split('?')[0]);
}

export function resolveDatabaseLocation(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_PATH' | 'DATABASE_AUTH_TOKEN' | 'RAILWAY_VOLUME_MOUNT_PATH'>,
  cwd: string,
): LocationResult {
  const warnings: string[] = [];
  if (config.DATABASE_URL) {
    if (config.DATABASE_PATH)
      warnings.push('Both DATABASE_URL and DATABASE_PATH are set; using DATABASE_URL and ignoring DATABASE_PATH.');
    if (/^file:/i.test(config.DATABASE_URL)) {
      return {
        location: {
          kind: 'file',
          path: resolvePosixPath(cwd, filePathFromUrl(config.DATABASE_URL)),
          source: 'DATABASE_URL',
        },
        warnings,
      };
    }
    return {
      location: {
        kind: 'remote',
        url: config.DATABASE_URL,
        authToken: config.DATABASE_AUTH_TOKEN,
        source: 'DATABASE_URL',
      },
      warnings,
    };
  }
  if (config.DATABASE_PATH) {
    return {
      location: { kind: 'file', path: resolvePosixPath(cwd, config.DATABASE_PATH), source: 'DATABASE_PATH' },
      warnings,
    };
  }
  if (config.RAILWAY_VOLUME_MOUNT_PATH) {
    return {
      location: {
        kind: 'file',
        path: resolvePosixPath(cwd, `${config.RAILWAY_VOLUME_MOUNT_PATH}/data.db`),
        source: 'RAILWAY_VOLUME_MOUNT_PATH',
      },
      warnings,
    };
  }
  return { location: { kind: 'file', path: resolvePosixPath(cwd, 'data.db'), source: 'default' }, warnings };
}

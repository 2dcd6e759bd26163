// Node-side reader of drizzle-kit's migrations folder, shared by the generator and the tests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundle, renderBundleModule, type BundledMigration } from '../src/db/migration-bundle';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'migrations');
export const BUNDLE_MODULE = join(import.meta.dirname, '..', 'src', 'db', 'migrations.generated.ts');

export function readBundleFromDisk(dir = MIGRATIONS_DIR): BundledMigration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8'));
  return buildBundle(
    journal,
    (tag) => readFileSync(join(dir, `${tag}.sql`), 'utf8'),
    (text) => createHash('sha256').update(text).digest('hex'),
  );
}

export function renderBundleFromDisk(dir = MIGRATIONS_DIR): string {
  return renderBundleModule(readBundleFromDisk(dir));
}

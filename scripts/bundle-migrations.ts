// Writes src/db/migrations.generated.ts from migrations/ (run by `npm run db:generate`).
import { writeFileSync } from 'node:fs';
import { BUNDLE_MODULE, readBundleFromDisk, renderBundleFromDisk } from './migration-files';

writeFileSync(BUNDLE_MODULE, renderBundleFromDisk());
const bundle = readBundleFromDisk();
console.log(`Bundled ${bundle.length} migration(s); latest ${bundle.at(-1)?.tag ?? '(none)'}`);

// Writes src/ui/assets.generated.ts from src/ui/assets/ and the bundled font (`npm run assets`).
import { writeFileSync } from 'node:fs';
import { ASSETS_MODULE, buildAssets, renderAssetsModule } from './asset-files';

writeFileSync(ASSETS_MODULE, renderAssetsModule());
const { files } = buildAssets();
console.log(`Bundled ${files.length} asset(s): ${files.map((f) => f.file).join(', ')}`);

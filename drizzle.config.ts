import { defineConfig } from 'drizzle-kit';

// Only `db:generate` uses this file: migrations are applied by our own runner
// (src/db/migrate.ts) so that Node and the worker share one bundle.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
});

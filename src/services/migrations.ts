// Temporary re-export: src/services/status.ts (changed on a feature branch in flight) imports this
// path. Delete once it imports ./system/migrations.
export type { MigrationsService } from './system/migrations';

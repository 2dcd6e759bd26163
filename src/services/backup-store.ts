// Temporary re-export: src/services/status.ts (changed on a feature branch in flight) imports this
// path. Delete once it imports ./backups/store.
export type { BackupStore } from './backups/store';

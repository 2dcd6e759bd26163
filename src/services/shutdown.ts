// Temporary re-export: src/app.ts (changed on a feature branch in flight) imports this path.
// Delete once it imports ./system/shutdown.
export { SHUTTING_DOWN_MESSAGE } from './system/shutdown';

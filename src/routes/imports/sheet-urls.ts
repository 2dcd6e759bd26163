// Temporary re-export: src/app.ts (changed on a feature branch in flight) mounts the router from
// this path. Delete once app.ts imports ./routes/settings.
export { sheetUrlsRouter } from '../settings';

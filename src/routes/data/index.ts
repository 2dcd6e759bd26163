// Temporary re-export: src/app.ts (changed on a feature branch in flight) mounts the router from
// this path. Delete this folder once app.ts imports ./routes/admin-data.
export { dataRouter } from '../admin-data';

// Paths the middleware treats apart, named once.

/** The health check: answered at once, with no login, admission or database gate. */
export const HEALTH_PATH = '/health';

/** /health and static files: no admission queue and no database gates in front of them. */
export const answeredWithoutDatabase = (path: string): boolean => path === HEALTH_PATH || path.startsWith('/assets/');

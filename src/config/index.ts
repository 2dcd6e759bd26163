// The configuration: the environment variables (env.ts), where the database is (location.ts),
// whether it persists (persistence.ts), and what of it may be shown (secrets.ts).
export { type Config, type Env, loadConfig } from './env';
export { type DatabaseLocation, resolveDatabaseLocation } from './location';
export { assessPersistence } from './persistence';
export { describeConfig, secretValues } from './secrets';

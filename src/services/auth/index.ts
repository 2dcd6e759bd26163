// The auth use cases (docs/domain/auth.md): sign-in (login.ts), sessions and CSRF (sessions.ts),
// the first admin and setup mode (setup.ts), changing one's password (password.ts), all sharing
// the signing keys (keys.ts) and the login throttle (guard.ts). This file only wires them.
import type { Config } from '../../config';
import type { Logger } from '../../log';
import type { StoragePort } from '../../storage';
import { createCredentialGuard } from './guard';
import { createKeyStore } from './keys';
import { createLogin } from './login';
import { createPasswordChange } from './password';
import type { LegacyVerifier } from './passwords';
import { createSessions } from './sessions';
import { createSetup } from './setup';

export { normaliseUsername, USERNAME_PATTERN } from './accounts';

export interface AuthServiceDeps {
  storage: StoragePort;
  config: Config;
  log: Logger;
  clock: () => number;
  legacyVerify?: LegacyVerifier;
  /** The one-time setup token (SETUP_TOKEN, or generated and logged once on Node). */
  setupToken?: string;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(deps: AuthServiceDeps) {
  const loadKeys = createKeyStore(deps);
  const guard = createCredentialGuard(deps);
  const sessions = createSessions({ ...deps, loadKeys });
  const setup = createSetup({ ...deps, loadKeys, guard });
  return {
    loadKeys,
    ...setup,
    login: createLogin({ ...deps, guard, sessions }),
    ...sessions,
    changeOwnPassword: createPasswordChange({ ...deps, guard }),
    secretSource: async () => (await loadKeys()).source,
  };
}

// What every handler can see (Hono's context variables): request id, the caller (if signed in),
// client IP, the configuration and the services. Set by src/app.ts for every request.
import type { Config } from '../config';
import type { Services } from '../services';
import type { AuthState } from '../services/context';

export type AppEnv = {
  Variables: {
    requestId: string;
    services: Services;
    config: Config;
    auth: AuthState | null;
    ip: string | null;
    /** The committed data version when a read of the read model arrived (http/admission.ts). */
    arrivedAtVersion: number | undefined;
    /** The session lookup of a read of the read model, started on arrival (src/app.ts `admitted`). */
    sessionLookup: ReturnType<Services['auth']['resolveSession']> | undefined;
  };
};

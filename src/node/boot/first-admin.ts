// Step 8: the first admin from ADMIN_PASSWORD, or setup mode with its one-time token
// (docs/domain/auth.md#first-admin-and-setup).
import type { createApp } from '../../app';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import type { Logger } from '../../log';
import { BootError } from './error';

type Services = ReturnType<typeof createApp>['services'];

export async function bootstrapFirstAdmin(
  services: Services,
  config: Config,
  setupToken: string,
  log: Logger,
): Promise<void> {
  try {
    await services.auth.bootstrap();
  } catch (error) {
    if (error instanceof AppError) throw new BootError(error.message);
    throw error;
  }
  if (!(await services.auth.isSetupRequired())) return;
  if (config.SETUP_TOKEN)
    log.warn(
      'Setup required: no user exists. Create the first admin at /setup in a browser (or POST /api/setup) with SETUP_TOKEN.',
    );
  else
    log.warn(
      `Setup required: no user exists. Create the first admin at /setup in a browser (or POST /api/setup) using this one-time setup token: ${setupToken}`,
    );
}

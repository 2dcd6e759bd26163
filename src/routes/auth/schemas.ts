import { z } from '@hono/zod-openapi';
import { ROLES } from '../../domain/roles';

export const UserSchema = z
  .object({ id: z.number().int(), username: z.string(), role: z.enum(ROLES) })
  .openapi('SessionUser');

export const Credentials = z.object({
  username: z.string().max(128).openapi({ example: 'somchai' }),
  password: z.string().max(1024),
});

/**
 * | method | path          | access        | rate limit (per IP) | body | success |
 * |--------|---------------|---------------|---------------------|------|---------|
 * | PATCH  | <auth>/me     | authenticated | 30 / min            | name?, the app's user fields? | 200 `{ data: user }` |
 * | POST   | <auth>/email  | authenticated | 10 / min; the account's login budget | currentPassword, newEmail, refreshToken? | 200 `{ data: user }`; every other session revoked |
 *
 * The password change (`POST <auth>/password`) is in account-routes.ts.
 */
import { z } from 'zod';
import { allow } from '../../policies/allow.js';
import { route, type AnyRoute } from '../../routes/route.js';
import { accountGone } from '../auth-service.js';
import type { AuthServices } from '../auth-services.js';
import { emailBody } from '../schemas.js';

const bodyLimit = 8 * 1024;

/** Builds the routes that change the signed-in user's profile and email. */
export function profileRoutes({ auth, schemas }: AuthServices): AnyRoute[] {
  const answer = z.object({ data: schemas.user });
  return [
    route({
      method: 'PATCH',
      group: 'auth',
      path: '/me',
      access: allow.authenticated,
      summary: "Change the signed-in user's name and profile fields",
      tags: ['auth'],
      body: schemas.profile,
      response: answer,
      rateLimit: { max: 30, timeWindow: '1 minute' },
      bodyLimit,
      handler: async ({ user, body, reply }) => {
        if (!user) throw accountGone();
        reply.header('cache-control', 'no-store');
        return { data: await auth.updateProfile(user.id, body) };
      },
    }),
    route({
      method: 'POST',
      group: 'auth',
      path: '/email',
      access: allow.authenticated,
      summary: "Change the signed-in user's email (current password required); other sessions end",
      tags: ['auth'],
      body: emailBody,
      response: answer,
      rateLimit: { max: 10, timeWindow: '1 minute' },
      bodyLimit,
      handler: async ({ user, body, reply }) => {
        if (!user) throw accountGone();
        reply.header('cache-control', 'no-store');
        return { data: await auth.changeEmail(user.id, body.currentPassword, body.newEmail, { keep: body.refreshToken }) };
      },
    }),
  ];
}

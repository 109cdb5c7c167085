/**
 * | method | path                   | access        | body | success |
 * |--------|------------------------|---------------|------|---------|
 * | GET    | /api/v1/auth/me        | authenticated | -    | 200 `{ data: user }` |
 * | POST   | /api/v1/auth/password  | authenticated | currentPassword, newPassword, refreshToken? | 204; every other session revoked |
 * | GET    | /api/v1/admin/users    | permission `users:read` | - | 200 `{ data: users, pagination }` |
 */
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { allow } from '../../policies/allow.js';
import { route, type AnyRoute } from '../../routes/route.js';
import type { AuthServices } from '../auth-services.js';
import { judgedAttempt } from '../limits/index.js';
import { passwordBody, userSchema } from '../schemas.js';

const gone = () => new AppError('RAMPART_UNAUTHENTICATED', 'The account no longer exists.', { headers: { 'www-authenticate': 'Bearer' } });

/** Builds the routes of the signed-in account and the admin user list. */
export function accountRoutes(auth: AuthServices): AnyRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/auth/me',
      access: allow.authenticated,
      summary: 'The signed-in user',
      tags: ['auth'],
      response: z.object({ data: userSchema }),
      handler: async ({ user, reply }) => {
        const found = user && (await auth.users.findUserById(user.id));
        if (!found) throw gone();
        reply.header('cache-control', 'no-store');
        return { data: found };
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/password',
      access: allow.authenticated,
      summary: "Change the signed-in user's password; other sessions end",
      tags: ['auth'],
      body: passwordBody,
      status: 204,
      rateLimit: { max: 10, timeWindow: '1 minute' },
      bodyLimit: 8 * 1024,
      handler: async ({ user, body }) => {
        const account = user && (await auth.users.findUserById(user.id));
        if (!account) throw gone();
        // Guesses of the current password spend the account's login budget, so a stolen
        // access token cannot be used to brute-force it from many addresses.
        const verified = await judgedAttempt({
          limiter: auth.accountLogins,
          key: account.email,
          judge: () => auth.users.verifyCredentials(account.email, body.currentPassword),
          refused: (budget) =>
            new AppError('RAMPART_RATE_LIMITED', `Too many attempts for this account; retry in ${budget.retryAfterSeconds} s.`, {
              headers: { 'retry-after': String(budget.retryAfterSeconds) },
            }),
        });
        if (!verified) {
          throw new AppError('RAMPART_VALIDATION', 'The body is invalid.', {
            errors: [{ path: 'body.currentPassword', message: 'does not match' }],
          });
        }
        await auth.users.changePassword(account.id, body.newPassword);
        await auth.tokens.revokeUserFamilies(account.id, body.refreshToken ? { except: body.refreshToken } : {});
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/admin/users',
      access: allow.permission('users:read'),
      summary: 'List users (admin)',
      tags: ['admin'],
      query: z.strictObject({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: z.object({
        data: z.array(userSchema),
        pagination: z.object({ limit: z.int(), offset: z.int() }),
      }),
      handler: async ({ query }) => ({
        data: await auth.users.listUsers({ limit: query.limit, offset: query.offset }),
        pagination: { limit: query.limit, offset: query.offset },
      }),
    }),
  ];
}

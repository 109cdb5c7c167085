/**
 * | method | path                   | access        | body | success |
 * |--------|------------------------|---------------|------|---------|
 * | GET    | <auth>/me              | authenticated | -    | 200 `{ data: user }` |
 * | POST   | <auth>/password  | authenticated | currentPassword, newPassword, refreshToken? | 204; every other session revoked |
 * | GET    | <admin>/users          | permission `users:read` | - | 200 `{ data: users, pagination }` |
 */
import { z } from 'zod';
import { allow } from '../../policies/allow.js';
import { route, type AnyRoute } from '../../routes/route.js';
import { accountGone } from '../auth-service.js';
import type { AuthServices } from '../auth-services.js';
import { passwordBody } from '../schemas.js';

/** Builds the routes of the signed-in account and the admin user list. */
export function accountRoutes({ auth, schemas }: AuthServices): AnyRoute[] {
  return [
    route({
      method: 'GET',
      group: 'auth',
      path: '/me',
      access: allow.authenticated,
      summary: 'The signed-in user',
      tags: ['auth'],
      response: z.object({ data: schemas.user }),
      handler: async ({ user, reply }) => {
        const found = user && (await auth.users.findUserById(user.id));
        if (!found) throw accountGone();
        reply.header('cache-control', 'no-store');
        return { data: found };
      },
    }),
    route({
      method: 'POST',
      group: 'auth',
      path: '/password',
      access: allow.authenticated,
      summary: "Change the signed-in user's password; other sessions end",
      tags: ['auth'],
      body: passwordBody,
      status: 204,
      rateLimit: { max: 10, timeWindow: '1 minute' },
      bodyLimit: 8 * 1024,
      handler: async ({ user, body }) => {
        if (!user) throw accountGone();
        await auth.changePassword(user.id, body.currentPassword, body.newPassword, { keep: body.refreshToken });
      },
    }),
    route({
      method: 'GET',
      group: 'admin',
      path: '/users',
      access: allow.permission('users:read'),
      summary: 'List users (admin)',
      tags: ['admin'],
      query: z.strictObject({
        limit: z.coerce.number().int().min(1).max(100).default(20),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: z.object({
        data: z.array(schemas.user),
        pagination: z.object({ limit: z.int(), offset: z.int() }),
      }),
      handler: async ({ query }) => ({
        data: await auth.users.listUsers({ limit: query.limit, offset: query.offset }),
        pagination: { limit: query.limit, offset: query.offset },
      }),
    }),
  ];
}

/**
 * | method | path                   | access | rate limit (per IP) | body             | success |
 * |--------|------------------------|--------|---------------------|------------------|---------|
 * | POST   | /api/v1/auth/register  | public | 10 / min            | email, password, name? | 201 session |
 * | POST   | /api/v1/auth/login     | public | 10 / min; 10 / hour per account | email, password | 200 session |
 * | POST   | /api/v1/auth/refresh   | public | 30 / min            | refreshToken (or cookie) | 200 session |
 * | POST   | /api/v1/auth/logout    | public | 30 / min            | refreshToken (or cookie) | 204 |
 *
 * A session is `{ data: { user, accessToken, refreshToken, tokenType, expiresIn } }`;
 * with `X-Refresh-Token-Transport: cookie` the refresh token travels in an HttpOnly,
 * Secure, SameSite=Strict cookie instead of the body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isForeignKeyViolation } from '../../db/constraint-errors.js';
import { AppError } from '../../errors/app-error.js';
import { allow } from '../../policies/allow.js';
import { route, type AnyRoute } from '../../routes/route.js';
import type { AuthServices } from '../auth-services.js';
import { judgedAttempt } from '../limits/index.js';
import { loginBody, refreshBody, registerBody, sessionSchema } from '../schemas.js';
import { clearRefreshCookie, presentedRefreshToken, setRefreshCookie, wantsCookie } from '../session-transport.js';
import { tryNormalizeEmail, type PublicUser } from '../users/index.js';

// Auth bodies are small; anything larger is refused before parsing, let alone hashing.
const authBodyLimit = 8 * 1024;
const strict = { max: 10, timeWindow: '1 minute' };
const relaxed = { max: 30, timeWindow: '1 minute' };

const badCredentials = () =>
  new AppError('RAMPART_UNAUTHENTICATED', 'Invalid email or password.', { headers: { 'www-authenticate': 'Bearer' } });

/** Builds the session routes over the app's auth services. */
export function sessionRoutes(auth: AuthServices): AnyRoute[] {
  async function session(request: FastifyRequest, reply: FastifyReply, user: PublicUser, refreshToken: string, expiresAt: Date) {
    const { accessToken, expiresIn } = auth.tokens.issueAccessToken({ id: user.id, role: user.role });
    const cookie = wantsCookie(request);
    if (cookie) setRefreshCookie(reply, refreshToken, expiresAt);
    // Token responses must not be stored by any cache (RFC 6749 §5.1).
    reply.header('cache-control', 'no-store');
    return {
      data: { user, accessToken, ...(cookie ? {} : { refreshToken }), tokenType: 'Bearer' as const, expiresIn },
    };
  }

  async function startSession(request: FastifyRequest, reply: FastifyReply, user: PublicUser) {
    const refreshToken = await auth.tokens.startFamily(user.id);
    return session(request, reply, user, refreshToken, new Date(Date.now() + auth.refreshTtlSeconds * 1000));
  }

  return [
    route({
      method: 'POST',
      path: '/api/v1/auth/register',
      access: allow.public,
      summary: 'Create an account and start a session',
      tags: ['auth'],
      body: registerBody,
      response: sessionSchema,
      status: 201,
      rateLimit: strict,
      bodyLimit: authBodyLimit,
      handler: async ({ body, request, reply }) => {
        const user = await auth.users.createUser({ email: body.email, password: body.password, name: body.name });
        return startSession(request, reply, user);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/login',
      access: allow.public,
      summary: 'Start a session with email and password',
      tags: ['auth'],
      body: loginBody,
      response: sessionSchema,
      rateLimit: strict,
      bodyLimit: authBodyLimit,
      handler: async ({ body, request, reply }) => {
        const user = await judgedAttempt({
          limiter: auth.accountLogins,
          key: tryNormalizeEmail(body.email) ?? body.email,
          // Unknown email and wrong password take one argon2 run each and answer alike. A
          // password no account can have (a lone surrogate) cannot match anything.
          judge: async () => (/\p{Cs}/u.test(body.password) ? null : auth.users.verifyCredentials(body.email, body.password)),
          refused: (budget) =>
            new AppError('RAMPART_RATE_LIMITED', `Too many login attempts for this account; retry in ${budget.retryAfterSeconds} s.`, {
              headers: { 'retry-after': String(budget.retryAfterSeconds) },
            }),
        });
        if (!user) throw badCredentials();
        return startSession(request, reply, user);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/refresh',
      access: allow.public,
      summary: 'Exchange a refresh token for a new pair (rotation)',
      tags: ['auth'],
      body: refreshBody.nullish(),
      response: sessionSchema,
      rateLimit: relaxed,
      bodyLimit: authBodyLimit,
      handler: async ({ body, request, reply }) => {
        const presented = presentedRefreshToken(request, body, auth.config.corsOrigins);
        const rotated = await auth.tokens.rotate(presented).catch((error: unknown) => {
          // A family whose user is gone (deleted without the cascade) is as dead as any.
          if (isForeignKeyViolation(error)) throw badCredentials();
          throw error;
        });
        const user = await auth.users.findUserById(rotated.userId);
        if (!user) throw badCredentials();
        return session(request, reply, user, rotated.refreshToken, rotated.expiresAt);
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/logout',
      access: allow.public,
      summary: "End a session: revoke the refresh token's whole family",
      tags: ['auth'],
      body: refreshBody.nullish(),
      status: 204,
      rateLimit: relaxed,
      bodyLimit: authBodyLimit,
      handler: async ({ body, request, reply }) => {
        const presented = presentedRefreshToken(request, body, auth.config.corsOrigins);
        await auth.tokens.revokeFamilyOf(presented);
        clearRefreshCookie(reply);
      },
    }),
  ];
}

/**
 * | method | path                   | access | rate limit (per IP) | body             | success |
 * |--------|------------------------|--------|---------------------|------------------|---------|
 * | POST   | <auth>/register  | public | 10 / min            | email, password, name? | 201 session |
 * | POST   | <auth>/login     | public | 10 / min; 10 / hour per account | email, password | 200 session |
 * | POST   | <auth>/refresh   | public | 30 / min            | refreshToken (or cookie) | 200 session |
 * | POST   | <auth>/logout    | public | 30 / min            | refreshToken (or cookie) | 204 |
 *
 * A session is `{ data: { user, accessToken, refreshToken, tokenType, expiresIn } }`;
 * with `X-Refresh-Token-Transport: cookie` the refresh token travels in an HttpOnly,
 * Secure, SameSite=Strict cookie instead of the body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allow } from '../../policies/allow.js';
import { route, type AnyRoute } from '../../routes/route.js';
import type { AuthServices } from '../auth-services.js';
import type { Session } from '../auth-service.js';
import { loginBody, refreshBody } from '../schemas.js';
import { clearRefreshCookie, presentedRefreshToken, setRefreshCookie, wantsCookie } from '../session-transport.js';

// Auth bodies are small; anything larger is refused before parsing, let alone hashing.
const authBodyLimit = 8 * 1024;
const strict = { max: 10, timeWindow: '1 minute' };
const relaxed = { max: 30, timeWindow: '1 minute' };

/** A session as the routes answer it: in cookie mode the refresh token is a cookie, not a field. */
function present(request: FastifyRequest, reply: FastifyReply, session: Session) {
  const { user, accessToken, refreshToken, tokenType, expiresIn } = session;
  const cookie = wantsCookie(request);
  if (cookie) setRefreshCookie(reply, refreshToken, session.refreshExpiresAt);
  // Token responses must not be stored by any cache (RFC 6749 §5.1).
  reply.header('cache-control', 'no-store');
  return { data: { user, accessToken, ...(cookie ? {} : { refreshToken }), tokenType, expiresIn } };
}

/** Builds the session routes over the app's auth service. */
export function sessionRoutes({ auth, config, schemas }: AuthServices): AnyRoute[] {
  return [
    route({
      method: 'POST',
      group: 'auth',
      path: '/register',
      access: allow.public,
      summary: 'Create an account and start a session',
      tags: ['auth'],
      body: schemas.register,
      response: schemas.session,
      status: 201,
      rateLimit: strict,
      bodyLimit: authBodyLimit,
      handler: async ({ body, request, reply }) => present(request, reply, await auth.signUp(body)),
    }),
    route({
      method: 'POST',
      group: 'auth',
      path: '/login',
      access: allow.public,
      summary: 'Start a session with email and password',
      tags: ['auth'],
      body: loginBody,
      response: schemas.session,
      rateLimit: strict,
      bodyLimit: authBodyLimit,
      // Unknown email and wrong password take one argon2 run each and answer alike.
      handler: async ({ body, request, reply }) => present(request, reply, await auth.login(body.email, body.password)),
    }),
    route({
      method: 'POST',
      group: 'auth',
      path: '/refresh',
      access: allow.public,
      summary: 'Exchange a refresh token for a new pair (rotation)',
      tags: ['auth'],
      body: refreshBody.nullish(),
      response: schemas.session,
      rateLimit: relaxed,
      bodyLimit: authBodyLimit,
      handler: async ({ body, request, reply }) =>
        present(request, reply, await auth.refresh(presentedRefreshToken(request, body, config.corsOrigins))),
    }),
    route({
      method: 'POST',
      group: 'auth',
      path: '/logout',
      access: allow.public,
      summary: "End a session: revoke the refresh token's whole family",
      tags: ['auth'],
      body: refreshBody.nullish(),
      status: 204,
      rateLimit: relaxed,
      bodyLimit: authBodyLimit,
      handler: async ({ body, request, reply }) => {
        await auth.endSession(presentedRefreshToken(request, body, config.corsOrigins));
        clearRefreshCookie(reply);
      },
    }),
  ];
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidToken } from './tokens/index.js';
import { authorizationPattern } from './auth-schemes.js';
import type { Principal } from '../policies/rule.js';

/** What authentication needs from the token service. */
export interface AccessTokenVerifier {
  /** Throws the 401 for any unusable token. */
  verifyAccessTokenSync(token: string): { id: string; role: string };
}


/**
 * Sets `request.user` from an `Authorization: Bearer` header. No header means an
 * anonymous caller (the route's rule decides); a header that is present but wrong is
 * refused with 401 on every route (RFC 6750 §3.1), so a client learns its token is bad
 * instead of silently seeing the public view. Tokens are read from this header only,
 * never from a URL or a body.
 *
 * The 401 is held back until `preParsing`: refusing in `onRequest` would end the
 * request before the rate limit (which needs the user, so it comes after this hook)
 * counts it, and garbage tokens would be a way around the per-address budget. It
 * comes before the body is read, so a bad token never costs a parse.
 */
export function registerAuthentication(
  fastify: FastifyInstance,
  verifier: AccessTokenVerifier,
  roles: ReadonlyMap<string, ReadonlySet<string>>,
  schemes: readonly string[] = ['Bearer'],
): void {
  // RFC 9110 §11.1/§11.4: the scheme is case-insensitive and one or more spaces (1*SP,
  // not tabs) precede the token68 credentials.
  const bearer = authorizationPattern(schemes);
  const none: ReadonlySet<string> = new Set();
  const refused = new WeakMap<FastifyRequest, unknown>();
  // Callback-style hooks: the check is synchronous, and an async hook costs every
  // request a promise and a microtask turn.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      try {
        const match = bearer.exec(header);
        // A malformed header gets the same 401 as a forged token: one answer for all.
        if (!match?.[1]) throw invalidToken();
        const { id, role } = verifier.verifyAccessTokenSync(match[1]);
        const user: Principal = { id, role, permissions: roles.get(role) ?? none };
        request.user = user;
      } catch (error) {
        refused.set(request, error);
      }
    }
    done();
  });
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const error = refused.get(request);
    if (error === undefined) done(null, payload);
    else done(error as Error);
  });
}

import type { FastifyInstance } from 'fastify';
import { invalidToken } from './tokens/index.js';
import type { Principal } from '../policies/rule.js';

/** What authentication needs from the token service. */
export interface AccessTokenVerifier {
  /** Throws the 401 for any unusable token. */
  verifyAccessTokenSync(token: string): { id: string; role: string };
}

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;


/**
 * Sets `request.user` from an `Authorization: Bearer` header. No header means an
 * anonymous caller (the route's rule decides); a header that is present but wrong is
 * refused with 401 on every route (RFC 6750 §3.1), so a client learns its token is bad
 * instead of silently seeing the public view. Tokens are read from this header only,
 * never from a URL or a body.
 */
export function registerAuthentication(
  fastify: FastifyInstance,
  verifier: AccessTokenVerifier,
  roles: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  const none: ReadonlySet<string> = new Set();
  fastify.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return;
    const match = bearer.exec(header);
    // A malformed header gets the same 401 as a forged token: one answer for all.
    if (!match?.[1]) throw invalidToken();
    const { id, role } = verifier.verifyAccessTokenSync(match[1]);
    const user: Principal = { id, role, permissions: roles.get(role) ?? none };
    request.user = user;
  });
}

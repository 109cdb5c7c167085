import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The security headers helmet sets with its defaults (CSP, HSTS, nosniff, frame options,
 * referrer policy, cross-origin policies...), computed once. The @fastify/helmet plugin runs helmet's
 * middleware on every request, rebuilding the same CSP text each time (5% of a trivial
 * request's CPU in the S1 benchmark); with no per-request nonces or per-route options,
 * the headers never change, so helmet itself is run once at startup against a recording
 * response and its result is set on every reply.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failed = error;
  });
  if (failed) throw failed;
  return headers;
}

/**
 * Sets the security headers on every response, errors and 404s included (the hook runs
 * before routing decides anything).
 *
 * @example
 * registerSecurityHeaders(fastify);
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const headers = securityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

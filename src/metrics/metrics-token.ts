import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { sendProblem } from '../http/problem.js';

// Digests have one length whatever was sent, so the comparison neither throws on a
// length mismatch nor tells a guesser how long the token is.
const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * An onRequest hook that answers the route itself: with `serve`'s body for
 * `Authorization: Bearer <token>` (compared in constant time), with a 401 problem
 * (`RAMPART_UNAUTHENTICATED`) otherwise. It answers in onRequest, not in a preHandler,
 * because the app's authentication refuses any Authorization header that is not a user's
 * access token (src/auth/authenticate.ts) before the route's handler would run.
 *
 * @example
 * app.get('/metrics', { onRequest: answerWithBearer(config.metricsToken, () => registry.metrics()) }, handler);
 */
export function answerWithBearer(token: string, serve: (reply: FastifyReply) => Promise<string>): onRequestAsyncHookHandler {
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const given = typeof header === 'string' && /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return reply.send(await serve(reply));
    const challenge = given === undefined ? 'Bearer' : 'Bearer error="invalid_token"';
    return sendProblem(
      request,
      reply,
      new AppError('RAMPART_UNAUTHENTICATED', 'Metrics need the metrics token: send Authorization: Bearer <METRICS_TOKEN>.', {
        headers: { 'www-authenticate': challenge },
      }),
    );
  };
}

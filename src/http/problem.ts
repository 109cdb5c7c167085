import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../errors/app-error.js';
import { problemWire, type ErrorWire } from '../wire/error-wire.js';
import { requestIdHeader } from './request-id.js';

export { toProblem, type Problem } from '../wire/problem-details.js';

/**
 * Makes `wire` the way every error of `fastify` goes out (registerHttp does it for
 * createApp's `errors` option). A decoration, so encapsulated plugins inherit it.
 *
 * @example
 * useErrorWire(fastify, errorWire(options.errors));
 */
export function useErrorWire(fastify: FastifyInstance, wire: ErrorWire): void {
  fastify.decorate('rampartErrorWire', wire);
}

/** The error wire of an instance: the app's format, or Problem Details. */
export function errorWireOf(fastify: FastifyInstance | undefined): ErrorWire {
  return (fastify as { rampartErrorWire?: ErrorWire } | undefined)?.rampartErrorWire ?? problemWire;
}

/**
 * Sends an {@link AppError} in the app's error format (Problem Details,
 * `application/problem+json`, by default), with the headers the error carries. The body
 * is serialized here, so no route's response schema can reshape it.
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  // Router-level failures answer before the onRequest hook that normally sets it.
  reply.header(requestIdHeader, request.id);
  const answer = errorWireOf(request.server).answer(error, request.id, request.log);
  return reply.code(answer.status).type(answer.contentType).send(answer.body);
}

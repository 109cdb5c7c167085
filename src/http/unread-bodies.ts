import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { notFoundAnswer } from './not-found.js';

/** Tells, from the caller alone, that a route will refuse a request whatever its body. */
export type RefusalTest = (request: FastifyRequest) => boolean;

const refusalKey = Symbol('rampart.refusedWhateverTheBody');

/**
 * Requests that will be refused are refused without reading their body. Fastify reads
 * and parses a body (up to BODY_LIMIT, nested as deep as JSON_MAX_DEPTH allows) before
 * `preValidation`, where its not-found handler and access rules answer, so an anonymous
 * client could make the process parse a megabyte per request only to be told 404 or
 * 401. Here, in `preParsing` (after the rate limit counted the request in `onRequest`):
 *
 * - a request no route matches gets its 404/405 at once;
 * - a request `refusal` says will be refused gets an empty body in place of its own,
 *   and goes on to be refused as before, by the same hooks in the same order (so an
 *   `Idempotency-Key` still keeps the refusal), without its bytes being parsed.
 *
 * Authentication's 401 for a bad token is raised in `preParsing` too, so register this
 * after it: a bad token is then a 401 on every path, unknown ones included. The unread
 * body is discarded by Node as it arrives (it reads and drops what is left once the
 * answer is sent), never buffered, and the connection stays usable.
 *
 * @example
 * readBodiesOnlyWhenServed(fastify, (route) => anonymousRefusal(route.preValidation));
 */
export function readBodiesOnlyWhenServed(fastify: FastifyInstance, refusal: (route: RouteOptions) => RefusalTest | undefined): void {
  const notFound = notFoundAnswer(fastify);
  fastify.addHook('onRoute', (route) => {
    const test = refusal(route);
    if (test) route.config = { ...route.config, [refusalKey]: test } as RouteOptions['config'];
  });
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    // Sending from a callback hook without calling `done` ends the lifecycle here.
    if (request.is404) return void notFound(request, reply);
    const test = (request.routeOptions.config as { [refusalKey]?: RefusalTest })[refusalKey];
    done(null, test?.(request) ? emptyBodyFor(request) : payload);
  });
}

/** An empty body in place of the request's own, which stays unread. */
function emptyBodyFor(request: FastifyRequest): Readable {
  // Fastify checks the bytes it reads against Content-Length, and a later preParsing
  // stream (the Idempotency-Key hash) would hide any length this one claimed: the
  // request is made to announce no body. Node's parser keeps the real length, so it
  // still finds where the next request on the connection starts.
  if (request.headers['content-length'] !== undefined) request.headers['content-length'] = '0';
  return Readable.from([]);
}

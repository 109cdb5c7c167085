import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { jsonNestsDeeperThan } from './json-depth.js';

/**
 * The `application/json` parser of every route. Fastify's own (secure-json-parse, with
 * `__proto__` and `constructor.prototype` keys refused) does the parsing; before it, a
 * body nesting deeper than `maxDepth` is refused with 400 `RAMPART_INVALID_JSON`
 * without being built (see {@link jsonNestsDeeperThan}). Many clients send
 * `Content-Type: application/json` on a DELETE without a body; an empty body is "no
 * body", not malformed JSON, and routes with a body schema still refuse it through
 * validation.
 *
 * @example
 * registerJsonBody(fastify, 64);
 */
export function registerJsonBody(fastify: FastifyInstance, maxDepth: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  const tooDeep = `The request body nests arrays or objects more than ${maxDepth} levels deep (JSON_MAX_DEPTH).`;
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text === '') done(null, undefined);
    else if (jsonNestsDeeperThan(text, maxDepth)) done(new AppError('RAMPART_INVALID_JSON', tooDeep));
    else parse(request, text, done);
  });
}

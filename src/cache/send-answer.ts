import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedAnswer } from './cache-store.js';
import { ifNoneMatch } from './etag.js';

/**
 * Adds a field name to the response's `Vary` list (CORS may have put `Origin` there).
 *
 * @example
 * addVary(reply, 'Authorization'); // Vary: Origin, Authorization
 */
export function addVary(reply: FastifyReply, name: string): void {
  const current = reply.getHeader('vary');
  if (current === undefined) {
    reply.header('vary', name);
    return;
  }
  const names = (Array.isArray(current) ? current.join(',') : String(current))
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.includes('*') || names.some((n) => n.toLowerCase() === name.toLowerCase())) return;
  reply.header('vary', [...names, name].join(', '));
}

/**
 * Sends a resource GET's answer as a conditional response (RFC 9110 §13.1.2): `ETag`
 * always, and `304 Not Modified` without a body when `If-None-Match` matches. The 304
 * carries the same `ETag`, `Cache-Control` and `Vary` as the 200 would (§15.4.5).
 *
 * `Cache-Control: no-cache` lets browsers and proxies keep the answer but makes them
 * revalidate it on every use, which costs a 304 and keeps writes visible at once. An
 * answer that depends on the caller is also `private` and varies on `Authorization`,
 * so no shared cache hands one user's answer to another.
 *
 * @example
 * return sendAnswer(request, reply, { body, etag: etagOf(body) }, false);
 */
export function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer, personal: boolean): FastifyReply {
  reply.header('etag', answer.etag);
  if (answer.headers) reply.headers(answer.headers);
  reply.header('cache-control', personal ? 'private, no-cache' : 'no-cache');
  if (personal) addVary(reply, 'Authorization');
  if (ifNoneMatch(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
  // A string with a JSON content type is sent as it is: it was serialized (against the
  // route's response schema) before it was cached.
  return reply.type('application/json; charset=utf-8').send(answer.body);
}

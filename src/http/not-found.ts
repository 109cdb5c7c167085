import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Router, { type HTTPMethod } from 'find-my-way';
import { AppError } from '../errors/app-error.js';
import { sendProblem } from './problem.js';

const methods: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Sends the 404 or 405 problem for a request no route matched. */
export type NotFoundAnswer = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
const answers = new WeakMap<FastifyInstance, NotFoundAnswer>();

/**
 * Answers unknown routes with a 404 problem, and a known path asked with a method it
 * lacks with 405 and `Allow` (RFC 9110 §15.5.6). Fastify's router answers both with a
 * plain 404, so a second router indexes every route's path for this lookup; it is only
 * consulted on the not-found path, never on a matched request.
 */
export function registerNotFound(app: FastifyInstance): void {
  // As strict as Fastify's own router, so the index never claims a path Fastify refused.
  const index = Router();
  app.addHook('onRoute', (route) => {
    const routeMethods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of routeMethods) {
      const m = method as HTTPMethod;
      const url = route.url;
      // A catch-all (CORS preflight's `OPTIONS *`) matches every path and would turn
      // every unknown route into a 405.
      if (url === '*' || url === '/*') continue;
      // Fastify already refused real conflicts; a repeat here is a HEAD it added itself.
      if (methods.includes(m) && !index.hasRoute(m, url)) index.on(m, url, () => undefined);
    }
  });

  const answer = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = methods.filter((m) => index.find(m, path) !== null);
    if (allowed.length > 0) {
      return sendProblem(
        request,
        reply,
        new AppError('RAMPART_METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}.`, {
          headers: { allow: allowed.join(', ') },
        }),
      );
    }
    return sendProblem(request, reply, new AppError('RAMPART_ROUTE_NOT_FOUND', `No route matches ${request.method} ${path}.`));
  };
  app.setNotFoundHandler(answer);
  answers.set(app, answer);
}

/** The 404/405 answer registerNotFound made for `app`. */
export function notFoundAnswer(app: FastifyInstance): NotFoundAnswer {
  const answer = answers.get(app);
  if (!answer) throw new TypeError('registerNotFound has not run on this instance');
  return answer;
}

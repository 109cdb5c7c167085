import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.js';
import { redactUrl } from '../core/logger.js';
import { AppError } from '../errors/app-error.js';
import { expectationFailed } from './client-errors.js';
import { registerCors } from './cors.js';
import { errorHandler } from './error-handler.js';
import { registerJsonBody } from './json-body.js';
import { registerNotFound } from './not-found.js';
import { sendProblem, useErrorWire } from './problem.js';
import { requestIdHeader } from './request-id.js';
import { apiSecurityHeaders } from './security-headers.js';
import { zodValidatorCompiler } from './validation.js';
import { problemWire, type ErrorWire } from '../wire/error-wire.js';

/**
 * The HTTP stack every request passes before its route: request id echo, one log line
 * per request, security headers, CORS, body parsing rules, validation, problem details,
 * 404/405. Route registration comes after this, so the 404/405 index sees every route.
 * Every error goes out through `errors`, the app's error format (Problem Details by default).
 */
export async function registerHttp(fastify: FastifyInstance, config: Config, errors: ErrorWire = problemWire): Promise<void> {
  useErrorWire(fastify, errors);
  fastify.setValidatorCompiler(zodValidatorCompiler);
  fastify.setErrorHandler(errorHandler);
  registerNotFound(fastify);
  fastify.decorateRequest('user', null);

  // Text bodies would otherwise reach JSON routes as strings; refusing them makes a
  // wrong content type a clear 415.
  fastify.removeContentTypeParser('text/plain');
  registerJsonBody(fastify, config.jsonMaxDepth);

  // Callback-style hooks: every request runs them, and an async hook costs a promise
  // and a microtask turn each. The headers are set before routing decides anything, so
  // errors and 404s carry them too (the docs pages add the page set to theirs).
  const security = apiSecurityHeaders();
  // Fastify's own answer to requests arriving once close() has begun (on a connection
  // still open: a pipelined or keep-alive request) is a fixed JSON body without these
  // headers (`return503OnClosing`, turned off in createApp); this is it as a problem.
  // Not from the moment shutdown starts: the drain before close() serves requests.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(requestIdHeader, request.id);
    reply.headers(security);
    if (closing) return void sendProblem(request, reply, shuttingDown());
    // Node's own check answers a bare 400 (createApp sets `requireHostHeader: false`);
    // RFC 9112 §3.2 requires the 400 for an HTTP/1.1 request without Host.
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') return void sendProblem(request, reply, noHost());
    done();
  });
  fastify.server.on('checkExpectation', expectationFailed(fastify));
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
    done();
  });

  if (config.corsOrigins.length > 0) await registerCors(fastify, config.corsOrigins);
}

const shuttingDown = () =>
  new AppError('RAMPART_UNAVAILABLE', 'The server is shutting down; send the request again on a new connection.', {
    headers: { connection: 'close', 'retry-after': '1' },
  });

const noHost = () =>
  new AppError('RAMPART_BAD_REQUEST', 'An HTTP/1.1 request needs a Host header.', { headers: { connection: 'close' } });

import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalog.js';
import type { ErrorWire, FailureLog } from '../wire/error-wire.js';
import { errorWireOf, sendProblem } from './problem.js';
import { requestIdFor, requestIdHeader } from './request-id.js';
import { apiSecurityHeaders } from './security-headers.js';

/*
 * Answers made outside Fastify's request lifecycle, where no hook sets the security
 * headers: the router's refusals, Node's own (unparseable HTTP, an `Expect` it cannot
 * meet). Each carries the same headers as every other answer, and a request id.
 */

const security = apiSecurityHeaders();

/**
 * Fastify's `frameworkErrors`: a malformed URL or an over-long path parameter is
 * rejected by the router before any hook runs; it still gets a problem document.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long.' : 'The URL is malformed.';
  reply.headers(security);
  void sendProblem(request, reply, new AppError('RAMPART_BAD_REQUEST', detail));
}

/** The status line, headers and body of an error answer written without Fastify. */
function rawAnswer(wire: ErrorWire, error: AppError, requestId: string, log?: FailureLog) {
  const { status, contentType, body } = wire.answer(error, requestId, log);
  const headers: Record<string, string> = {
    ...security,
    ...error.headers,
    'content-type': contentType,
    'content-length': String(Buffer.byteLength(body)),
    [requestIdHeader]: requestId,
  };
  return { status, headers, body };
}

const clientCodes: Record<string, { code: ErrorCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'RAMPART_HEADERS_TOO_LARGE', detail: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'RAMPART_REQUEST_TIMEOUT', detail: 'The request took too long to arrive.' },
};

/**
 * Node's `clientError` (unparseable HTTP, oversized headers, timeouts) happens before
 * a request exists, so the answer is written to the socket directly, still in the app's
 * error format. Nothing of the bad input is echoed. Fastify calls it bound to the
 * instance, which is where the format is found.
 */
export function clientErrorHandler(this: FastifyInstance | void, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const known = (error.code && clientCodes[error.code]) || { code: 'RAMPART_BAD_REQUEST' as const, detail: 'The request is not valid HTTP.' };
  const fastify = this || undefined;
  const answer = new AppError(known.code, known.detail);
  const { status, headers, body } = rawAnswer(errorWireOf(fastify), answer, randomUUID(), fastify?.log);
  const lines = Object.entries({ connection: 'close', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n${body}`);
}

/**
 * Node's `checkExpectation` listener for `fastify`: an `Expect` other than
 * `100-continue`, which Node would answer with a bare 417 (RFC 9110 §10.1.1).
 */
export function expectationFailed(fastify: FastifyInstance): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const error = new AppError('RAMPART_EXPECTATION_FAILED', 'Only the expectation 100-continue is supported.');
    const { status, headers, body } = rawAnswer(errorWireOf(fastify), error, requestIdFor(req), fastify.log);
    res.writeHead(status, headers).end(body);
  };
}

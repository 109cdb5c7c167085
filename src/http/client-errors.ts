import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalog.js';
import { sendProblem, toProblem } from './problem.js';
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

/** The status line, headers and body of a problem answer written without Fastify. */
function rawProblem(error: AppError, requestId: string) {
  const problem = toProblem(error, requestId);
  const body = JSON.stringify(problem);
  const headers: Record<string, string> = {
    ...security,
    ...error.headers,
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    [requestIdHeader]: requestId,
  };
  return { status: problem.status, headers, body };
}

const clientCodes: Record<string, { code: ErrorCode; detail: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'RAMPART_HEADERS_TOO_LARGE', detail: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'RAMPART_REQUEST_TIMEOUT', detail: 'The request took too long to arrive.' },
};

/**
 * Node's `clientError` (unparseable HTTP, oversized headers, timeouts) happens before
 * a request exists, so the answer is written to the socket directly, still as a
 * problem document. Nothing of the bad input is echoed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const known = (error.code && clientCodes[error.code]) || { code: 'RAMPART_BAD_REQUEST' as const, detail: 'The request is not valid HTTP.' };
  const { status, headers, body } = rawProblem(new AppError(known.code, known.detail), randomUUID());
  const lines = Object.entries({ connection: 'close', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n${body}`);
}

/**
 * Node's `checkExpectation`: an `Expect` other than `100-continue`, which Node would
 * answer with a bare 417 (RFC 9110 §10.1.1).
 */
export function expectationFailed(req: IncomingMessage, res: ServerResponse): void {
  const error = new AppError('RAMPART_EXPECTATION_FAILED', 'Only the expectation 100-continue is supported.');
  const { status, headers, body } = rawProblem(error, requestIdFor(req));
  res.writeHead(status, headers).end(body);
}

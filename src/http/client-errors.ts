import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalog.js';
import { sendProblem, toProblem } from './problem.js';

/**
 * Fastify's `frameworkErrors`: a malformed URL or an over-long path parameter is
 * rejected by the router before any hook runs; it still gets a problem document.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long.' : 'The URL is malformed.';
  void sendProblem(request, reply, new AppError('RAMPART_BAD_REQUEST', detail));
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
  const requestId = randomUUID();
  const problem = toProblem(new AppError(known.code, known.detail), requestId);
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-ID: ${requestId}\r\n\r\n${body}`,
  );
}

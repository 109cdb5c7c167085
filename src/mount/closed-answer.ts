import { randomUUID } from 'node:crypto';
import type { RampartApp } from '../core/create-app.js';
import { AppError } from '../errors/app-error.js';
import { errorWireOf } from '../http/problem.js';
import { requestIdHeader } from '../http/request-id.js';
import { apiSecurityHeaders } from '../http/security-headers.js';

/** A whole answer, for the few a mounted handler makes itself. */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The 503 a closed handler answers with, in the app's error format when the app was
 * built (Problem Details otherwise), with the headers every Rampart answer carries: the
 * same answer a closing app gives on a connection of its own (http/register-http.ts).
 */
export function closedAnswer(app?: RampartApp): PlainAnswer {
  const requestId = randomUUID();
  const error = new AppError('RAMPART_UNAVAILABLE', 'The server is shutting down; send the request again on a new connection.');
  const answer = errorWireOf(app?.fastify).answer(error, requestId);
  return {
    status: answer.status,
    headers: { ...apiSecurityHeaders(), [requestIdHeader]: requestId, 'content-type': answer.contentType, 'retry-after': '1' },
    body: answer.body,
  };
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header that carries a request id in and out. */
export const requestIdHeader = 'x-request-id';

// A client-chosen id ends up in logs and headers: bound it in length and alphabet so it
// cannot forge log lines or carry a payload.
const acceptable = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Fastify's `genReqId`: keeps a sane incoming `X-Request-ID` so a request can be traced
 * across services, and makes a UUID otherwise.
 */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers[requestIdHeader];
  return typeof incoming === 'string' && acceptable.test(incoming) ? incoming : randomUUID();
}

import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

// Every method a Rampart route can serve (resources and RouteMethod, plus HEAD).
const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

// Request headers the API reads. Listed, not reflected from the preflight: a wildcard
// or a reflection would also grant headers the API never asked for, and
// `Authorization` is never covered by `*` anyway (Fetch standard).
const allowedHeaders = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-None-Match',
  'If-Match',
  'X-Request-ID',
  // Cookie-mode refresh (see auth/session-transport.ts): its CSRF defence is that only
  // CORS_ORIGINS get it through a preflight.
  'X-Refresh-Token-Transport',
];

// Response headers a browser app reads beyond the CORS-safelisted ones: where a new
// record lives, cache validators, when to retry, the rate limiter's budget (IETF
// draft names, as @fastify/rate-limit sends them), how to quote a request, whether an
// answer was replayed, what a 401 wants and what a 405 allows.
const exposedHeaders = [
  'Location',
  'ETag',
  'Link',
  'X-Total-Count',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'X-Request-ID',
  'Idempotency-Replayed',
  'WWW-Authenticate',
  'Allow',
];

/** How long browsers may reuse a preflight answer: Chromium's cap, 2 hours. */
export const corsMaxAgeSeconds = 7200;

/**
 * CORS for CORS_ORIGINS: the listed origins with credentials, or `*` without them
 * (the Fetch standard forbids the pair, and reflecting any origin with credentials
 * would expose every user). Preflights grant every method the API serves and every
 * header it reads, and are cached for {@link corsMaxAgeSeconds}.
 *
 * @example
 * await registerCors(fastify, ['https://app.example.com']);
 */
export async function registerCors(fastify: FastifyInstance, origins: readonly string[]): Promise<void> {
  const any = origins.includes('*');
  await fastify.register(cors, {
    origin: any ? '*' : [...origins],
    credentials: !any,
    methods,
    allowedHeaders,
    exposedHeaders,
    maxAge: corsMaxAgeSeconds,
    // A bare OPTIONS (no Origin or Access-Control-Request-Method) would otherwise get a
    // text/plain 400; it is answered like a preflight, which grants nothing without an
    // allowed Origin.
    strictPreflight: false,
  });
}

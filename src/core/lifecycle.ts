import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';
import type { Lifecycle } from '../health/health.js';

const quietMs = 200;
const maxDrainMs = 5000;

/**
 * Makes every response sent once shutting down carry `Connection: close`, including
 * the answers to requests that were already in flight when the signal came. Decided
 * when the response is sent, not when the request arrived: a keep-alive client (a load
 * balancer, undici) would otherwise keep an in-flight request's connection open after
 * its answer, and the close would wait for it until the shutdown timeout. With the
 * header the client opens a new connection for its next request instead of reusing one
 * the server is about to close under it. Registered by createApp before `ready`, since
 * Fastify takes no hooks afterwards.
 */
export function closeConnectionsWhileShuttingDown(fastify: FastifyInstance, lifecycle: Lifecycle): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (lifecycle.shuttingDown) reply.header('connection', 'close');
    done(null, payload);
  });
}

/**
 * Graceful shutdown. Readiness turns 503 at once so load balancers stop sending
 * traffic; the listener stays open while connections keep arriving (at most a few
 * seconds, and half the shutdown timeout), so requests already queued in the kernel's
 * backlog are served instead of being reset when the socket closes; then the listener
 * closes and in-flight requests finish. Every response sent meanwhile carries
 * `Connection: close` (see {@link closeConnectionsWhileShuttingDown}).
 */
export async function shutDown(fastify: FastifyInstance, lifecycle: Lifecycle, timeoutMs: number): Promise<void> {
  lifecycle.shuttingDown = true;
  const server = fastify.server;
  if (!server.listening) return fastify.close();
  let last = Date.now();
  const seen = () => {
    last = Date.now();
  };
  server.on('connection', seen);
  const deadline = Date.now() + Math.min(maxDrainMs, timeoutMs / 2);
  while (Date.now() < deadline && Date.now() - last < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  server.off('connection', seen);
  // Closing the listener closes the connections idle at that moment, and a response
  // with `Connection: close` closes its own. A response whose headers went out before
  // the signal (a long download, a stream, a hijacked reply) left its connection
  // keep-alive: once it finishes that connection would idle until keepAliveTimeout and
  // hold the close past the shutdown timeout, so every finished response closes the
  // connections then idle. Deferred a turn, because Node detaches the response from its
  // socket only after announcing that it finished.
  const onFinish = (message: unknown) => {
    if ((message as { server?: unknown }).server === server) setImmediate(() => server.closeIdleConnections());
  };
  subscribe('http.server.response.finish', onFinish);
  try {
    await fastify.close();
  } finally {
    unsubscribe('http.server.response.finish', onFinish);
  }
}

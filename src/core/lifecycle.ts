import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Lifecycle } from '../health/health.js';

const quietMs = 200;
const maxDrainMs = 5000;
const idleGraceMs = 1000;

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
 * traffic, and every response sent from then on carries `Connection: close` (see
 * {@link closeConnectionsWhileShuttingDown}), after which Node closes its connection.
 * A connection is never closed under a request: the listener and the connections stay
 * open until
 * - no new connection has arrived for 200 ms (a connection still queued in the kernel's
 *   backlog when the listener closes would be reset), and
 * - every open connection that sits idle has been so for a grace of a second since the
 *   signal: a keep-alive client may be writing its next request on it at any moment,
 *   and HTTP/1.1 has no way to tell it not to (HTTP/2's GOAWAY does). Closing it then
 *   resets that request; given the grace, the client sends it, gets its answer with
 *   `Connection: close`, and the connection ends cleanly after it,
 * or until half the shutdown timeout (at most 5 s) has passed. Then the listener closes
 * with the connections still idle (Node's `server.close()`), and requests in flight
 * finish. A connection that turns idle later (an answer whose headers went out before
 * the signal: a download, a stream) is closed by Node after the same grace
 * (`keepAliveTimeout`), instead of holding the close until the shutdown timeout.
 */
export async function shutDown(fastify: FastifyInstance, lifecycle: Lifecycle, timeoutMs: number): Promise<void> {
  lifecycle.shuttingDown = true;
  const server = fastify.server;
  if (!server.listening) return fastify.close();
  const signalAt = Date.now();
  const deadline = signalAt + Math.min(maxDrainMs, timeoutMs / 2);
  const grace = Math.min(idleGraceMs, deadline - signalAt);
  server.keepAliveTimeout = grace;
  let lastConnection = signalAt;
  const seen = () => {
    lastConnection = Date.now();
  };
  // A keep-alive answer finishing now leaves its connection idle from now on, and owed a
  // grace from now. Only answers whose headers went out before the signal can; looked at
  // a turn later, once Node has closed the connection of an answer that said close.
  let lastIdle = signalAt;
  const onFinish = (message: unknown) => {
    const { server: from, socket } = message as { server?: unknown; socket?: Socket };
    if (from !== server || !socket) return;
    setImmediate(() => {
      if (!socket.destroyed && !socket.writableEnded) lastIdle = Date.now();
    });
  };
  server.on('connection', seen);
  subscribe('http.server.response.finish', onFinish);
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      // On a busy or stalled loop, timers run before pending I/O: let accepted connections
      // be counted before deciding that none arrived.
      await new Promise((resolve) => setImmediate(resolve));
      const now = Date.now();
      if (now >= deadline) break;
      if (now - lastConnection < quietMs) continue;
      if (now - signalAt >= grace && now - lastIdle >= grace) break;
      // No connection left, none owed a grace: no need to wait it out.
      if ((await openConnections(server)) === 0) break;
    }
  } finally {
    server.off('connection', seen);
    unsubscribe('http.server.response.finish', onFinish);
  }
  await fastify.close();
}

function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 1 : count)));
}

import type { FastifyInstance } from 'fastify';
import type { Lifecycle } from '../health/health.js';

const quietMs = 200;
const maxDrainMs = 5000;

/**
 * Graceful shutdown. Readiness turns 503 at once so load balancers stop sending
 * traffic; the listener stays open while connections keep arriving (at most a few
 * seconds, and half the shutdown timeout), so requests already queued in the kernel's
 * backlog are served instead of being reset when the socket closes; then the listener
 * closes and in-flight requests finish. Every response sent meanwhile carries
 * `Connection: close`.
 */
export async function shutDown(fastify: FastifyInstance, lifecycle: Lifecycle, timeoutMs: number): Promise<void> {
  lifecycle.shuttingDown = true;
  const server = fastify.server;
  if (server.listening) {
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
  }
  await fastify.close();
}

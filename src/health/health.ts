/**
 * | method | path          | access | rate limit | success | failure |
 * |--------|---------------|--------|------------|---------|---------|
 * | GET    | /health/live  | public | none       | 200 `{ status: "ok" }` | - |
 * | GET    | /health/ready | public | none       | 200 `{ status: "ok" | "degraded", checks }` | 503 problem while a critical dependency is down or while shutting down |
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { sendProblem } from '../http/problem.js';
import { infrastructureRoute } from '../rate-limit/infrastructure-route.js';

/**
 * A dependency readiness depends on; `check` rejects while it is down. A critical one
 * (the database) down makes the instance unready (503); a non-critical one (Redis, whose
 * stores fall back by policy) makes it `degraded`, still ready, so a load balancer keeps
 * sending traffic while operators see the state.
 */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
  /** Default true. */
  critical?: boolean;
}

/** The flag graceful shutdown raises so load balancers stop sending traffic. */
export interface Lifecycle {
  shuttingDown: boolean;
}

const checkTimeoutMs = 2000;

function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), checkTimeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Registers liveness and readiness probes. Probe requests log at `warn` only, and no
 * request budget applies to them: a probe refused with 429 would take a busy but healthy
 * instance out of rotation.
 */
export function registerHealth(app: FastifyInstance, checks: ReadinessCheck[], lifecycle: Lifecycle): void {
  app.get('/health/live', { logLevel: 'warn', ...infrastructureRoute }, async () => ({ status: 'ok' }));

  app.get('/health/ready', { logLevel: 'warn', ...infrastructureRoute }, async (request, reply) => {
    if (lifecycle.shuttingDown) {
      return sendProblem(request, reply, new AppError('RAMPART_UNAVAILABLE', 'The server is shutting down.'));
    }
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check());
          return [name, 'ok'] as const;
        } catch (error) {
          request.log.warn({ err: error, check: name }, 'readiness check failed');
          return [name, 'down'] as const;
        }
      }),
    );
    const down = results.filter(([, state]) => state === 'down').map(([name]) => name);
    const critical = down.filter((name) => checks.find((c) => c.name === name)?.critical !== false);
    if (critical.length > 0) {
      return sendProblem(request, reply, new AppError('RAMPART_UNAVAILABLE', `Not ready: ${down.join(', ')} unavailable.`));
    }
    return { status: down.length > 0 ? 'degraded' : 'ok', checks: Object.fromEntries(results) };
  });
}

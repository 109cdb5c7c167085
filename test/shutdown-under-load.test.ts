import { Agent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { getWith } from './support/keep-alive.js';
import { exited, get, killNow, startServer } from './support/processes.js';

/*
 * Graceful shutdown under steady load from keep-alive clients, against a real server
 * process. Every request that reaches the process must be served or answered (503 with
 * Connection: close), never reset: a keep-alive connection is closed right after an
 * answer that says so, or once idle long enough that no request can be on its way.
 * RAMPART_SHUTDOWN_ROUNDS repeats it (1 by default; 10 or more to hunt rare races).
 */

const rounds = Number(process.env.RAMPART_SHUTDOWN_ROUNDS ?? 1);
const clients = 50;
const loadMs = 1000;

interface Outcome {
  status?: number;
  connection?: string;
  retryAfter?: string | string[];
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A database of the run's dialect, so that the PostgreSQL run shuts a pool down too.
const databases: TestDatabaseUrl[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function round(): Promise<{ outcomes: Outcome[]; code: number | null; readyFailedFirst: boolean; output: string }> {
  const database = await createTestDatabaseUrl();
  databases.push(database);
  const server = await startServer('test/fixtures/slow-app.ts', {
    DATABASE_URL: database.url,
    SLOW_MS: '10',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    SHUTDOWN_TIMEOUT_MS: '10000',
  });
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const outcomes: Outcome[] = [];
  const signalAt = Date.now() + loadMs;
  try {
    // Steady load, then a pause spanning the signal: every connection sits idle in the
    // agent's pool when it comes, and each client sends its next request on it 100 to
    // 600 ms later, the moments an abrupt close of idle connections would cut under it.
    // A client stops once told that this instance is draining (Connection: close, or a
    // 503), as a load balancer does once the instance's readiness fails.
    const client = async (i: number) => {
      let paused = false;
      for (;;) {
        const now = Date.now();
        if (!paused && now >= signalAt - 100) {
          paused = true;
          await sleep(signalAt + 100 * (1 + (i % 6)) - now);
        } else await sleep(Math.random() * 20);
        try {
          const r = await getWith(agent, server.port, '/api/v1/slow');
          outcomes.push({ status: r.status, connection: r.connection, retryAfter: r.headers['retry-after'] });
          if (r.connection === 'close' || r.status === 503) return;
        } catch (error) {
          outcomes.push({ error: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
    await sleep(signalAt - Date.now());
    server.child.kill('SIGTERM');
    // The readiness probe, on connections of its own: it must fail before anything is refused.
    let readyFailedFirst = false;
    for (;;) {
      const ready = await get(server.port, '/health/ready').catch(() => undefined);
      if (ready === undefined) break;
      if (ready.status === 503) {
        readyFailedFirst = true;
        break;
      }
      await sleep(20);
    }
    await load;
    return { outcomes, code: await exited(server.child), readyFailedFirst, output: server.output() };
  } finally {
    agent.destroy();
    await killNow(server.child);
  }
}

describe('rampart start: SIGTERM under load from keep-alive clients', () => {
  it(`serves or answers every request, resets none, and exits 0 (${rounds} round${rounds === 1 ? '' : 's'})`, { timeout: 20_000 * rounds }, async () => {
    for (let i = 0; i < rounds; i++) {
      const { outcomes, code, readyFailedFirst, output } = await round();
      const errors = outcomes.filter((o) => o.error !== undefined);
      expect(errors.map((o) => o.error), `round ${i + 1}`).toEqual([]);
      for (const o of outcomes) {
        if (o.status === 503) expect(o, `round ${i + 1}`).toMatchObject({ connection: 'close', retryAfter: expect.any(String) });
        else expect(o.status, `round ${i + 1}`).toBe(200);
      }
      // Each client heard that the instance was draining before it stopped.
      expect(outcomes.filter((o) => o.connection === 'close')).toHaveLength(clients);
      expect(readyFailedFirst).toBe(true);
      expect(code, output.slice(-2000)).toBe(0);
    }
  });
});

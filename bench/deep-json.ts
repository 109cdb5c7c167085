/*
 * `npx tsx bench/deep-json.ts`: what one anonymous client sending deeply nested JSON
 * (`[[[[...]]]]`, 900 KB) in a loop does to everyone else's latency. A Rampart server
 * runs in its own process (bench/deep-json-server.ts) on 127.0.0.1; this process runs,
 * for each scenario, one attacker (a single keep-alive connection, one body after the
 * other) and one prober (GET /health/live, one at a time, every 5 ms), and reports the
 * prober's latencies and how long the attacker's requests took to be refused.
 * Bounded: DEEP_JSON_SECONDS per scenario (default 4), about 30 s in all.
 */
import { Agent, request } from 'node:http';
import { freePort, installCleanup, startServer } from './harness/processes.js';
import { percentile, round } from './harness/stats.js';

installCleanup();
const seconds = Number(process.env.DEEP_JSON_SECONDS ?? 4);
const depth = 450_000;
const deep = Buffer.from('['.repeat(depth) + ']'.repeat(depth));

const port = await freePort();
const server = await startServer({
  name: 'rampart',
  argv: [process.execPath, '--import', 'tsx', 'bench/deep-json-server.ts'],
  env: { PORT: String(port) },
  port,
  readyPath: '/health/live',
});

interface Answer {
  status: number;
  ms: number;
}

function send(agent: Agent, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Attack {
  name: string;
  path?: string;
  headers?: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const attacks: Attack[] = [
  { name: 'no attacker' },
  { name: 'unknown route (404)', path: '/api/v1/nothing-here', headers: json },
  { name: 'no credentials (401)', path: '/api/v1/markets', headers: json },
  { name: 'bad token (401)', path: '/api/v1/markets', headers: { ...json, authorization: 'Bearer not-a-token' } },
  { name: 'public route (400)', path: '/api/v1/echo', headers: json },
];

const results = [];
for (const attack of attacks) {
  const deadline = performance.now() + seconds * 1000;
  const attackerAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const proberAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const refused: number[] = [];
  const statuses = new Set<number>();
  const attacker = (async () => {
    if (!attack.path) return;
    while (performance.now() < deadline) {
      const answer = await send(attackerAgent, 'POST', attack.path, attack.headers, deep);
      refused.push(answer.ms);
      statuses.add(answer.status);
    }
  })();
  const probes: number[] = [];
  while (performance.now() < deadline) {
    probes.push((await send(proberAgent, 'GET', '/health/live')).ms);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await attacker;
  attackerAgent.destroy();
  proberAgent.destroy();
  probes.sort((a, b) => a - b);
  refused.sort((a, b) => a - b);
  const row = {
    scenario: attack.name,
    attackerStatuses: [...statuses].join(','),
    attackerRequests: refused.length,
    attackerMedianMs: round(percentile(refused, 50), 1),
    probes: probes.length,
    probeP50Ms: round(percentile(probes, 50), 2),
    probeP99Ms: round(percentile(probes, 99), 2),
    probeMaxMs: round(probes[probes.length - 1] ?? NaN, 1),
  };
  results.push(row);
  console.error(JSON.stringify(row));
}
await server.stop();
console.table(results);

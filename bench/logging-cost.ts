/*
 * `npm run bench:logging`: what request logging alone costs a bare Fastify server, as a
 * reference for S1's target (Rampart with every default, request logs included, against
 * bare Fastify). The hand-written Fastify baseline runs twice, side by side on the same
 * pinned core: as the comparisons run it (logger off), and with Fastify's own request
 * logging on (REQUEST_LOGS=info: pino, asynchronous, to /dev/null like Rampart's). S1's
 * route, alternating rounds (off, on, off, on...), the ratio of each pair and their
 * median. Bounded: about 40 s. Writes bench/results/logging-cost.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helloRequests } from './harness/fixtures.js';
import { expectSuccess, peakLoad } from './harness/peak-load.js';
import { pinGenerator, pinServer } from './harness/pin.js';
import { freePort, installCleanup, startServer, type RunningServer } from './harness/processes.js';
import { prepareSqlite, workingCopy } from './harness/seed-sqlite.js';
import { jwtSecret } from './harness/servers.js';
import { median, round } from './harness/stats.js';

installCleanup();
const rounds = 3;
const seconds = 4;
const connections = 20;
const { pinning, note } = pinGenerator();
const log = (line: string) => console.error(line);

const data = await prepareSqlite('bench/.data', [], log);
const main = [...data.files.values()][0] as string;
const file = workingCopy(main, join('bench/.data', 'logging.db'));

async function start(logs: boolean): Promise<RunningServer> {
  const port = await freePort();
  const server = await startServer({
    name: logs ? 'fastify + request logs' : 'fastify',
    argv: [process.execPath, '--import', 'tsx', 'bench/baselines/fastify.ts'],
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${file}`, JWT_SECRET: jwtSecret, ...(logs ? { REQUEST_LOGS: 'info' } : {}) },
    port,
    readyPath: '/api/v1/hello',
  });
  pinServer(pinning, server.pid);
  return server;
}

const bare = await start(false);
const logged = await start(true);
const run = async (server: RunningServer, secs: number) => {
  const result = await peakLoad({ origin: server.origin, requests: helloRequests(), connections, seconds: secs });
  expectSuccess(server.name, result);
  return result.rps;
};
await run(bare, 2);
await run(logged, 2);
const pairs: { bare: number; logged: number; ratio: number }[] = [];
for (let i = 0; i < rounds; i++) {
  const b = await run(bare, seconds);
  const l = await run(logged, seconds);
  pairs.push({ bare: Math.round(b), logged: Math.round(l), ratio: round(l / b) });
  log(`round ${i + 1}: bare ${Math.round(b)} rps, with request logs ${Math.round(l)} rps`);
}
await Promise.all([bare.stop(), logged.stop()]);

const ratio = median(pairs.map((p) => p.ratio));
const result = { machine: note, connections, seconds, pairs, medianRatio: ratio };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/logging-cost.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(`| round | bare Fastify rps | Fastify + request logs rps | ratio |\n|--:|--:|--:|--:|`);
pairs.forEach((p, i) => console.log(`| ${i + 1} | ${p.bare.toLocaleString('en-US')} | ${p.logged.toLocaleString('en-US')} | ${p.ratio} |`));
console.log(`\nFastify with its request logs runs at **${ratio}x** bare Fastify (median of ${rounds} pairs; ${note}).`);

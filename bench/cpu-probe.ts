/*
 * `npm run bench:probe -- <scenario> [--seconds 2] [--rounds 6] <server>...`: the CPU
 * time one request costs each server, the measurement behind Rampart's hot-path work.
 * Peak throughput moves with whatever else the machine does; the server's own CPU time
 * (utime + stime of every thread, from /proc) over the requests it answered moves less,
 * and rounds that alternate the servers (ABBA) take the rest out of the comparison.
 *
 *   npm run bench:probe -- S2 fastify rampart                   # Rampart against its baseline
 *   npm run bench:probe -- S1 rampart rampart@../rampart-main   # this tree against another checkout
 *   npm run bench:probe -- S1 rampart rampart+LOG_LEVEL=warn    # the same with other variables
 *   PROBE_PROFILE_DIR=/tmp/p npm run bench:probe -- S2 rampart  # with --cpu-prof (profile-summary.ts)
 *
 * Scenarios S1-S5 and S7 as in run.ts (S5 logs in, and needs `rampart+TRUST_PROXY=127.0.0.1`);
 * `--warm-with S1,S2,S3,S4` first warms each server up on those scenarios' requests
 * mixed, as `npm run bench` does.
 * A server is a name (rampart, fastify, express, node-http), then optionally
 * `@<checkout>` (a built clone of Rampart, started from there) and `+NAME=value`
 * variables. Linux only (/proc); pinned like `npm run bench`. Each server warms up for
 * `--warmup` seconds (6), then each round runs every server for `--seconds`; the whole
 * run is bounded.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mainMarkets } from './harness/dataset.js';
import { articleRequests, createPostRequests, helloRequests, listRequests, loadFixtures, loginRequests, positionRequests } from './harness/fixtures.js';
import { peakLoad } from './harness/peak-load.js';
import { pinGenerator } from './harness/pin.js';
import { installCleanup } from './harness/processes.js';
import type { PreparedRequest } from './harness/request.js';
import { prepareSqlite, workingCopy } from './harness/seed-sqlite.js';
import { jwtSecret, serverNames, startNamed, type ServerName } from './harness/servers.js';
import { median } from './harness/stats.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '6' },
    warmup: { type: 'string', default: '6' },
    'warm-with': { type: 'string' },
  },
});
const [scenario, ...specs] = positionals;
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
if (!scenario || !/^S[1-57]$/.test(scenario) || specs.length === 0 || !(seconds >= 1) || !(rounds >= 1) || !(Number(values.warmup) >= 1)) {
  console.error('usage: npm run bench:probe -- <S1..S5|S7> [--seconds 2] [--rounds 6] [--warmup 6] [--warm-with S1,S2,...] <server[@checkout][+NAME=value...]>...');
  process.exit(2);
}

installCleanup();
const warmupSeconds = Number(values.warmup);
const bound = (specs.length * (2 * warmupSeconds + rounds * (seconds + 1)) + 90) * 1000;
setTimeout(() => {
  console.error(`probe: past its ${bound / 1000} s bound; stopping`);
  process.exit(1);
}, bound).unref();

const { pinning, note } = pinGenerator();
const data = await prepareSqlite('bench/.data', [], (line) => console.error(line));
// Absolute: servers started from another checkout resolve it from there.
const work = resolve(workingCopy(data.files.get(mainMarkets) as string, join('bench/.data', 'probe.db')));
const fixtures = loadFixtures(work, jwtSecret);
const lists: Record<string, () => PreparedRequest[]> = {
  S1: helloRequests,
  S2: () => positionRequests(fixtures),
  S3: listRequests,
  S4: () => createPostRequests(fixtures),
  S7: () => articleRequests(fixtures),
};
// Logins take a fresh block of client addresses each run (10 logins a minute per address).
let block = Math.floor(Date.now() / 1000) % 1000;
const requestsFor = () => (scenario === 'S5' ? loginRequests((block += 1)) : (lists[scenario] as () => PreparedRequest[])());
const connections = scenario === 'S5' ? 8 : 32;

const servers = await Promise.all(
  specs.map(async (spec) => {
    const [head = '', ...assignments] = spec.split('+');
    const [name = '', cwd] = head.split('@');
    if (!serverNames.includes(name as ServerName)) throw new Error(`unknown server "${name}" in ${spec}`);
    const env = Object.fromEntries(assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
    const server = await startNamed(name as ServerName, `sqlite:${work}`, { pinning, profileDir: process.env.PROBE_PROFILE_DIR, cwd }, env);
    return { spec, server, cpu: [] as number[], rps: [] as number[] };
  }),
);

/** CPU time of every thread of a process so far, in µs (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] as string).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

// `--warm-with S1,S2,S3,S4`: warm up on those scenarios' requests mixed, as `npm run bench`
// does at the start, before the scenario's own.
const mixed = (values['warm-with'] ?? '').split(',').filter(Boolean).flatMap((id) => lists[id]?.() ?? []);
for (const { server } of servers) {
  if (mixed.length > 0) await peakLoad({ origin: server.origin, requests: mixed, connections, seconds: warmupSeconds });
  await peakLoad({ origin: server.origin, requests: requestsFor(), connections, seconds: warmupSeconds });
}
for (let round = 0; round < rounds; round++) {
  for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
    const before = cpuMicros(s.server.pid);
    const run = await peakLoad({ origin: s.server.origin, requests: requestsFor(), connections, seconds });
    if (run.non2xx || run.errors) throw new Error(`${s.spec}: ${run.errors} errors, status codes ${JSON.stringify(run.statuses)}`);
    s.cpu.push((cpuMicros(s.server.pid) - before) / run.ok);
    s.rps.push(run.rps);
  }
}

console.log(`${scenario}, ${rounds} rounds of ${seconds} s; ${note}\n`);
console.log('| server | CPU µs per request (median) | min | rps (median) | each round, µs |\n|---|--:|--:|--:|---|');
for (const s of servers) {
  const each = s.cpu.map((c) => c.toFixed(0)).join(' ');
  console.log(`| ${s.spec} | ${median(s.cpu).toFixed(1)} | ${Math.min(...s.cpu).toFixed(1)} | ${median(s.rps).toFixed(0)} | ${each} |`);
}
await Promise.all(servers.map((s) => s.server.stop(20_000)));
process.exit(0);

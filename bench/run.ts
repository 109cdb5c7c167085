/*
 * `npm run bench` (about 4 minutes, at most 5) and `npm run bench -- --quick` (under 1):
 * Rampart against hand-written node:http, Fastify and Express servers doing the same
 * work, on 127.0.0.1. Prints a markdown table and writes bench/results/latest.json.
 * Method and results: docs/benchmarks.md.
 *
 * Scenarios: S1 trivial route (framework overhead), S2 authenticated read with an
 * ownership check, S3 filtered and sorted list over 100,000 rows, S4 authenticated
 * create, S5 logins under load, S6 list latency as the table grows (1,000 to
 * 1,000,000 rows, cursor and offset), S7 a list of 100,000 articles through a relation
 * filter with computed fields and a capped include; S2-S4 and S7 again on PostgreSQL
 * when DATABASE_URL points to one.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { compare, warmUp } from './harness/compare.js';
import { mainMarkets } from './harness/dataset.js';
import { articleRequests, createPostRequests, helloRequests, listRequests, loadFixtures, positionRequests } from './harness/fixtures.js';
import { depthOf, growthScenario } from './harness/growth-scenario.js';
import { loginScenario } from './harness/login-scenario.js';
import { describeMachine, finishMachine } from './harness/machine.js';
import { parseOptions } from './harness/options.js';
import { pinGenerator } from './harness/pin.js';
import { comparisonSeconds, fitComparisons, growthSeconds, loginSeconds, startWarmupSeconds } from './harness/plan.js';
import { installCleanup, type RunningServer } from './harness/processes.js';
import { progress } from './harness/progress.js';
import { methodOf, writeResults, type Results } from './harness/report.js';
import type { PreparedRequest } from './harness/request.js';
import { preparePostgres } from './harness/seed-postgres.js';
import { prepareSqlite, workingCopy } from './harness/seed-sqlite.js';
import { jwtSecret, startNamed, type ServerContext, type ServerName } from './harness/servers.js';

installCleanup();
const options = parseOptions(process.argv.slice(2), process.env);
const startedAt = Date.now();
const elapsed = () => (Date.now() - startedAt) / 1000;
const remaining = () => options.profile.budgetSeconds - elapsed();
// The hard bound: whatever happens, the run ends (and its servers with it).
setTimeout(() => {
  console.error(`bench: past its ${options.profile.budgetSeconds} s bound; stopping`);
  process.exit(1);
}, options.profile.budgetSeconds * 1000).unref();

const wants = (id: string) => options.only.length === 0 || options.only.includes(id);
const { pinning, note } = pinGenerator();
const serverCores = pinning ? 1 : availableParallelism();
const results: Results = {
  machine: describeMachine(note),
  method: methodOf(options.profile),
  scenarios: {},
  targets: [],
  notes: [],
  seconds: { seeding: 0, total: 0 },
};
const context: ServerContext = { pinning, profileDir: options.cpuProf ? 'bench/results/profiles' : undefined };
const stopGrace = options.cpuProf ? 20_000 : 8000;
const serverNames: ServerName[] = ['rampart', ...options.profile.baselines];

/** Stops servers, Rampart's gracefully enough to write its profile when profiling. */
const stopAll = (servers: readonly RunningServer[]) => Promise.all(servers.map((s) => s.stop(stopGrace)));

/** The label of a table size in scenario ids: 1k, 100k, 1m. */
const sizeLabel = (size: number) => (size >= 1_000_000 ? `${size / 1_000_000}m` : `${size / 1000}k`);

async function main(): Promise<void> {
  progress(`bench (${options.profile.name}): ${note}`);
  const dataDir = 'bench/.data';
  const sizes = wants('S6') ? options.profile.growthSizes : [];
  const data = await prepareSqlite(dataDir, sizes, progress);
  results.seconds.seeding = Math.round(data.seedSeconds * 10) / 10;
  const mainFile = data.files.get(mainMarkets) as string;
  const work = workingCopy(mainFile, join(dataDir, 'work.db'));
  const fixtures = loadFixtures(work, jwtSecret);

  const comparisons: { id: string; requests: PreparedRequest[] }[] = [
    { id: 'S1', requests: helloRequests() },
    { id: 'S2', requests: positionRequests(fixtures) },
    { id: 'S3', requests: listRequests() },
    { id: 'S4', requests: createPostRequests(fixtures) },
    { id: 'S7', requests: articleRequests(fixtures) },
  ].filter((c) => wants(c.id));
  // Seeding PostgreSQL and a second set of servers would not fit in a quick run's minute.
  const postgresUrl = options.profile.name === 'full' ? options.postgresUrl : undefined;
  const onPostgres = postgresUrl ? comparisons.filter((c) => c.id !== 'S1') : [];
  if (!options.postgresUrl) results.notes.push('PostgreSQL variants not run: set DATABASE_URL=postgres://... to include S2.pg, S3.pg, S4.pg and S7.pg');
  else if (!postgresUrl) results.notes.push('PostgreSQL variants run in full mode only');

  // Every server of the run starts at once (their boots overlap; idle servers cost nothing).
  const started: RunningServer[] = [];
  const start = async (...args: Parameters<typeof startNamed>) => {
    const server = await startNamed(...args);
    started.push(server);
    return server;
  };
  try {
    // S6 at 100,000 rows reads the comparison Rampart server's copy of the main file
    // (same markets), so it needs no server of its own.
    const ownGrowthServer = (size: number) => size !== mainMarkets || comparisons.length === 0;
    const [compared, s5Server, growthServers] = await Promise.all([
      comparisons.length > 0 ? Promise.all(serverNames.map((name) => start(name, `sqlite:${work}`, context))) : [],
      wants('S5') ? start('rampart', `sqlite:${work}`, context, { TRUST_PROXY: '127.0.0.1' }) : undefined,
      Promise.all(sizes.map((size) => (ownGrowthServer(size) ? start('rampart', `sqlite:${data.files.get(size) as string}`, context) : undefined))),
    ]);
    const growthServer = (i: number) => growthServers[i] ?? (compared[0] as RunningServer);

    // What S5 and S6 need, so the comparisons can be fitted into the rest.
    const reserved =
      (wants('S5') ? loginSeconds(options.profile) : 0) +
      sizes.reduce((sum, size) => sum + growthSeconds(options.profile, size), 0) +
      // Seeding PostgreSQL: about 15 s for the markets, as much again for S7's articles.
      (onPostgres.length > 0 ? 30 + startWarmupSeconds(options.profile) : 0) +
      (comparisons.length > 0 ? startWarmupSeconds(options.profile) : 0);
    const profile = fitComparisons(options.profile, comparisons.length + onPostgres.length, remaining() - reserved - 5);
    if (profile !== options.profile) {
      results.method = { ...methodOf(profile), fitted: 'comparison runs shortened to fit the bound' };
    }

    const runComparisons = async (suffix: string, servers: readonly RunningServer[], list: typeof comparisons) => {
      await warmUp(servers, list.flatMap((c) => c.requests), options.profile);
      for (const c of list) {
        const id = c.id + suffix;
        if (remaining() < comparisonSeconds(profile) + 3) {
          results.notes.push(`${id} skipped: not enough time left in the bound`);
          continue;
        }
        progress(`${id}: ${servers.map((s) => s.name).join(', ')}`);
        const r = await compare(id, servers, c.requests, profile);
        results.scenarios[id] = { ...r.servers, ratios: r.ratios };
      }
    };
    if (compared.length > 0) await runComparisons('', compared, comparisons);
    if (postgresUrl && onPostgres.length > 0) {
      const url = await preparePostgres(postgresUrl, mainFile, progress);
      const servers = await Promise.all(serverNames.map((name) => start(name, url, context)));
      await runComparisons('.pg', servers, onPostgres);
      await stopAll(servers);
    }

    if (s5Server) {
      if (remaining() < loginSeconds(options.profile)) results.notes.push('S5 skipped: not enough time left in the bound');
      else {
        progress('S5: logins under load (Rampart)');
        const s2Peak = (results.scenarios.S2?.rampart as { rps?: number } | undefined)?.rps;
        const s5 = await loginScenario(s5Server, fixtures, options.profile, serverCores, s2Peak);
        const { rssMb, loginsPerSecond, loginP50During, loginP99During, ...rest } = s5;
        results.scenarios.S5 = {
          rampart: { rps: loginsPerSecond, p50: loginP50During, p99: loginP99During, rssMb },
          loginsPerSecond,
          loginP50During,
          loginP99During,
          ...rest,
        };
      }
      await s5Server.stop(stopGrace);
    }

    for (const [i, size] of sizes.entries()) {
      const server = growthServer(i);
      if (remaining() < growthSeconds(options.profile, size)) {
        results.notes.push(`S6 at ${sizeLabel(size)} skipped: not enough time left in the bound`);
      } else {
        progress(`S6: ${size.toLocaleString('en-US')} markets (Rampart)`);
        const r = await growthScenario(server, depthOf(data.files.get(size) as string), options.profile);
        results.scenarios[`S6.cursor.${sizeLabel(size)}`] = { rampart: r.cursor };
        results.scenarios[`S6.offset.${sizeLabel(size)}`] = { rampart: r.offset };
      }
      await server.stop(stopGrace);
    }
    await stopAll(compared);
    if (wants('S6') && !sizes.includes(1_000_000)) results.notes.push('S6 at 1,000,000 rows runs in full mode only');
  } finally {
    await stopAll(started);
  }

  finishMachine(results.machine);
  results.seconds.total = Math.round(elapsed());
  const markdown = writeResults(results, options.output);
  console.log(markdown);
  progress(`\nwrote ${options.output} in ${results.seconds.total} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);

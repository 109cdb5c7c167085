import { parseArgs } from 'node:util';
import type { ServerName } from './servers.js';

/*
 * Command-line options of `npm run bench` and the time profile of each mode. The
 * durations are chosen so a full run stays within 5 minutes and a quick one within 1
 * on the benchmark machine (2 cores), seeding included; run.ts also enforces both
 * bounds with a deadline.
 */

/** How long each kind of measurement runs, in seconds, and how often. */
export interface Profile {
  name: 'full' | 'quick';
  /** The baselines Rampart is compared with. */
  baselines: Exclude<ServerName, 'rampart'>[];
  /** Hard bound of the whole run (run.ts aborts past it). */
  budgetSeconds: number;
  /**
   * Closed-loop warm-up of each server right after it starts, over every scenario's
   * requests: Rampart runs much more JavaScript per request than the baselines, and V8
   * needs a few thousand requests to optimize it (measured: S2 throughput doubles over
   * its first 4 s of load), so a short warm-up would flatter the baselines.
   */
  startWarmupSeconds: number;
  /** Closed-loop warm-up of each server before a scenario's measurements (0: none). */
  warmupSeconds: number;
  /** One peak-throughput run (whole seconds: autocannon's unit). */
  peakSeconds: number;
  /** Peak runs per server, alternating order; each round gives one ratio per baseline. */
  rounds: number;
  /** One fixed-rate latency run. */
  pacedSeconds: number;
  /** Autocannon connections for peak runs (no pipelining). */
  connections: number;
  /** S5: one run of peak logins, of S2 alone, of S2 with logins. */
  loginSeconds: number;
  /** S5: rounds of (S2 alone, S2 with logins); each gives one p99 ratio. */
  loginRounds: number;
  /** S6: one closed-loop latency run per size and paging mode. */
  growthSeconds: number;
  /** S6 table sizes. */
  growthSizes: number[];
}

export const profiles: Record<'full' | 'quick', Profile> = {
  full: {
    name: 'full',
    baselines: ['fastify', 'express', 'node-http'],
    budgetSeconds: 300,
    startWarmupSeconds: 4,
    warmupSeconds: 1,
    peakSeconds: 2,
    rounds: 3,
    pacedSeconds: 2.5,
    connections: 32,
    loginSeconds: 1.5,
    // Four short rounds rather than two long ones: the median of four ratios shrugs off
    // one run hit by a pause of the (shared) machine; the median of two cannot.
    loginRounds: 4,
    growthSeconds: 2,
    growthSizes: [1_000, 100_000, 1_000_000],
  },
  quick: {
    name: 'quick',
    // Fastify only: it is the baseline of the main targets, and a minute does not hold
    // four servers per scenario on a busy 2-core machine.
    baselines: ['fastify'],
    budgetSeconds: 60,
    startWarmupSeconds: 1,
    warmupSeconds: 0,
    peakSeconds: 1,
    rounds: 1,
    pacedSeconds: 0.5,
    connections: 32,
    loginSeconds: 1,
    loginRounds: 1,
    growthSeconds: 0.5,
    growthSizes: [1_000, 100_000],
  },
};

/** What the command line asked for. */
export interface BenchOptions {
  profile: Profile;
  /** Scenario ids to run (S1..S7); all when empty. */
  only: string[];
  /** PostgreSQL URL for the `.pg` variants, from DATABASE_URL when it is postgres://. */
  postgresUrl?: string;
  /** Pass --cpu-prof to the Rampart server; profiles land in bench/results/profiles. */
  cpuProf: boolean;
  /** Where latest.json goes (quick runs default elsewhere, so they never replace a full run's file). */
  output: string;
}

const usage = `Usage: npm run bench -- [--quick] [--only S1,S2,...] [--cpu-prof] [--output file.json]

  --quick      under a minute: Rampart against Fastify only, one round of short runs, no
               per-scenario warm-up (the one after start covers every scenario), S6
               without the 1,000,000-row table, no PostgreSQL variants
  --only       run only these scenarios (S1..S7)
  --cpu-prof   profile the Rampart server (node --cpu-prof); summarize with
               npx tsx bench/harness/profile-summary.ts bench/results/profiles/<file>.cpuprofile
  --output     where to write the JSON results (default bench/results/latest.json,
               bench/results/quick.json with --quick)

Set DATABASE_URL=postgres://... to also run S2-S4 and S7 on PostgreSQL (S2.pg, S3.pg, S4.pg, S7.pg).`;

/** Parses `argv` (without node and the script). */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      output: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const profile = profiles[values.quick ? 'quick' : 'full'];
  const only = (values.only ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const id of only) if (!/^S[1-7]$/.test(id)) throw new Error(`--only: unknown scenario ${id} (expected S1..S7)`);
  const url = env.DATABASE_URL;
  return {
    profile,
    only,
    postgresUrl: url && /^postgres(ql)?:\/\//.test(url) ? url : undefined,
    cpuProf: values['cpu-prof'],
    output: values.output ?? (values.quick ? 'bench/results/quick.json' : 'bench/results/latest.json'),
  };
}

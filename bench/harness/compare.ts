import type { Profile } from './options.js';
import { closedLatency, pacedLoad } from './paced-load.js';
import { expectSuccess, peakLoad } from './peak-load.js';
import type { RunningServer } from './processes.js';
import { progress } from './progress.js';
import type { PreparedRequest } from './request.js';
import type { ServerName } from './servers.js';
import { median, round } from './stats.js';

/*
 * One comparison scenario: the same requests against Rampart and each baseline.
 *
 * 1. Warm-up: every server runs the load closed-loop for a moment (JIT, caches,
 *    SQLite pages); nothing is recorded, but anything other than 2xx stops the run.
 * 2. Peak throughput, in rounds: each round runs every server once, alternating the
 *    order (Rampart first in even rounds, last in odd ones, ABBA), so drift in the
 *    machine's speed hits both sides of a pair alike. Each round gives one ratio per
 *    baseline, Rampart's rps over the baseline's; the reported ratio is their median.
 * 3. Latency: every server at a fixed rate of 70% of its own median peak, paced evenly
 *    (paced-load.ts): p50 and p99 at a load the server can sustain.
 */

/** One server's numbers in a scenario. */
export interface ServerResult {
  /** Median peak throughput over the rounds (2xx per second). */
  rps: number;
  /** Latency at the fixed rate, ms. */
  p50: number;
  p99: number;
  /** Resident memory after its peak runs, MB (the largest seen in this scenario). */
  rssMb: number;
  /** Each round's peak rps. */
  rounds: number[];
  /** The fixed rate of the latency run. */
  rate: number;
  /**
   * Responses per second the latency run got. Below the rate, the server could not
   * sustain 70% of the peak it showed (a noisy peak, or a pause of the machine) and its
   * latencies include the queue that built up.
   */
  achieved: number;
}

/** Rampart's throughput over a baseline's, per round and their median. */
export interface Ratio {
  pairs: number[];
  median: number;
}

export interface ScenarioResult {
  servers: Partial<Record<ServerName, ServerResult>>;
  /** Keyed by baseline name. */
  ratios: Partial<Record<ServerName, Ratio>>;
}

/** Runs one comparison scenario; `servers` starts with Rampart. */
export async function compare(
  id: string,
  servers: readonly RunningServer[],
  requests: readonly PreparedRequest[],
  profile: Profile,
): Promise<ScenarioResult> {
  const run = (server: RunningServer, seconds: number) =>
    peakLoad({ origin: server.origin, requests, connections: profile.connections, seconds });

  for (const server of profile.warmupSeconds > 0 ? servers : []) {
    const port = Number(new URL(server.origin).port);
    const warm = await closedLatency({ port, requests, seconds: profile.warmupSeconds, connections: profile.connections });
    expectSuccess(`${id} warm-up on ${server.name}`, { ...warm, errors: 0 });
  }

  const rounds = new Map<string, number[]>(servers.map((s) => [s.name, []]));
  const rss = new Map<string, number>(servers.map((s) => [s.name, 0]));
  for (let r = 0; r < profile.rounds; r++) {
    const order = r % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const result = await run(server, profile.peakSeconds);
      expectSuccess(`${id} peak on ${server.name}`, result);
      rounds.get(server.name)?.push(result.rps);
      rss.set(server.name, Math.max(rss.get(server.name) ?? 0, server.rssMb()));
    }
  }
  const peak = (name: string) => median(rounds.get(name) ?? []);
  progress(`  ${id} peak rps: ${servers.map((s) => `${s.name} ${Math.round(peak(s.name))}`).join(', ')}`);

  const result: ScenarioResult = { servers: {}, ratios: {} };
  for (const server of servers) {
    const rate = Math.max(1, Math.round(peak(server.name) * 0.7));
    const paced = await pacedLoad({ port: Number(new URL(server.origin).port), requests, rate, seconds: profile.pacedSeconds, connections: 32 });
    if (paced.non2xx > 0) throw new Error(`${id} fixed-rate run on ${server.name}: ${paced.non2xx} non-2xx answers`);
    result.servers[server.name as ServerName] = {
      rps: round(peak(server.name), 0),
      p50: round(paced.p50, 3),
      p99: round(paced.p99, 3),
      rssMb: rss.get(server.name) ?? 0,
      rounds: (rounds.get(server.name) ?? []).map((v) => round(v, 0)),
      rate,
      achieved: round(paced.achieved, 0),
    };
  }
  const [rampart, ...baselines] = servers;
  const mine = rounds.get(rampart?.name ?? '') ?? [];
  for (const baseline of baselines) {
    const theirs = rounds.get(baseline.name) ?? [];
    const pairs = mine.map((v, i) => round(v / (theirs[i] as number), 3));
    result.ratios[baseline.name as ServerName] = { pairs, median: round(median(pairs), 3) };
  }
  return result;
}

/**
 * The warm-up right after servers start: each runs every scenario's requests, closed
 * loop, for `startWarmupSeconds`, so V8 has optimized each server's code before any
 * scenario measures it.
 */
export async function warmUp(servers: readonly RunningServer[], requests: readonly PreparedRequest[], profile: Profile): Promise<void> {
  progress(`warm-up: ${profile.startWarmupSeconds} s per server`);
  for (const server of servers) {
    const port = Number(new URL(server.origin).port);
    const warm = await closedLatency({ port, requests, seconds: profile.startWarmupSeconds, connections: profile.connections });
    expectSuccess(`warm-up on ${server.name}`, { ...warm, errors: 0 });
  }
}

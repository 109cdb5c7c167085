import type { Fixtures } from './fixtures.js';
import { loginRequests, positionRequests } from './fixtures.js';
import type { Profile } from './options.js';
import { closedLatency, pacedLoad, type PacedResult } from './paced-load.js';
import { expectSuccess, peakLoad } from './peak-load.js';
import type { RunningServer } from './processes.js';
import { progress } from './progress.js';
import { median, round } from './stats.js';

/*
 * S5, logins under load, on one Rampart server pinned to one core (argon2id runs on
 * libuv's thread pool, which shares that core with the event loop):
 *
 * 1. peak logins per second: closed loop, 8 connections, every login a success;
 * 2. in alternating rounds, S2 reads at a fixed 25% of S2's peak alone, then the same
 *    reads while logins run at a fixed 50% of their peak: each round's ratio of the two
 *    p99s, and their median (plus the logins' own latency).
 *
 * A second passes after login runs, so hashes still running when one ends cannot spill
 * into the next run.
 *
 * The target asks for 80 logins a second per core, and for S2's p99 during logins to
 * stay within 2x of its p99 without them.
 */

export interface LoginResult {
  loginsPerSecond: number;
  loginsPerSecondPerCore: number;
  serverCores: number;
  s2Rate: number;
  s2P99Alone: number;
  s2P99WithLogins: number;
  /** Each round's p99 with logins over its p99 alone. */
  s2P99Ratios: number[];
  /** Their median. */
  s2P99Ratio: number;
  loginRateDuring: number;
  loginP50During: number;
  loginP99During: number;
  rssMb: number;
}

/** Runs S5 against `server`; `s2Peak` is Rampart's S2 peak (measured here when unknown). */
export async function loginScenario(
  server: RunningServer,
  fixtures: Fixtures,
  profile: Profile,
  serverCores: number,
  s2Peak?: number,
): Promise<LoginResult> {
  const port = Number(new URL(server.origin).port);
  const reads = positionRequests(fixtures);
  // Every run logs in from addresses of its own: the per-address budget is 10 a minute.
  let block = 0;
  const logins = () => loginRequests(block++);
  const peak = (requests: ReturnType<typeof logins>, seconds: number, connections: number) =>
    peakLoad({ origin: server.origin, requests, connections, seconds });

  const warm = async (label: string, requests: typeof reads, seconds: number, connections: number) =>
    expectSuccess(label, { ...(await closedLatency({ port, requests, seconds, connections })), errors: 0 });
  // A fresh server: the same warm-up as the comparison servers had.
  await warm('S5 warm-up (reads)', reads, profile.startWarmupSeconds, profile.connections);
  await warm('S5 warm-up (logins)', logins(), 0.5, 8);
  let readPeak = s2Peak;
  if (!readPeak) {
    const measured = await peak(reads, profile.peakSeconds, profile.connections);
    expectSuccess('S5 S2 peak', measured);
    readPeak = measured.rps;
  }
  // Logins still being hashed when a run ends would spill into the next one.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
  await settle();
  const loginPeak = await peak(logins(), Math.ceil(profile.loginSeconds), 8);
  expectSuccess('S5 peak logins', loginPeak);
  await settle();

  const s2Rate = Math.max(1, Math.round(readPeak * 0.25));
  const loginRate = Math.max(1, Math.round(loginPeak.rps * 0.5));
  const check = (label: string, run: PacedResult) => {
    if (run.non2xx > 0 || run.errors > 0) throw new Error(`S5 ${label}: ${run.non2xx} non-2xx, ${run.errors} errors`);
    return run;
  };
  // Alternating pairs, like the comparisons: a p99 is a rare event, and one pause of
  // the machine in one run would otherwise decide the ratio.
  const alone: PacedResult[] = [];
  const together: PacedResult[] = [];
  const during: PacedResult[] = [];
  for (let r = 0; r < profile.loginRounds; r++) {
    alone.push(check('S2 alone', await pacedLoad({ port, requests: reads, rate: s2Rate, seconds: profile.loginSeconds })));
    const [withLogins, loginRun] = await Promise.all([
      pacedLoad({ port, requests: reads, rate: s2Rate, seconds: profile.loginSeconds }),
      pacedLoad({ port, requests: logins(), rate: loginRate, seconds: profile.loginSeconds, connections: 16, drainMs: 5000 }),
    ]);
    together.push(check('S2 with logins', withLogins));
    during.push(check('logins', loginRun));
    await settle();
  }
  const ratios = together.map((run, i) => run.p99 / (alone[i] as PacedResult).p99);
  const p99Alone = median(alone.map((run) => run.p99));
  const p99With = median(together.map((run) => run.p99));
  progress(`  S5 logins/s ${Math.round(loginPeak.rps)}; S2 p99 at ${s2Rate}/s: ${p99Alone.toFixed(2)} ms alone, ${p99With.toFixed(2)} ms with ${loginRate} logins/s`);
  return {
    loginsPerSecond: round(loginPeak.rps, 1),
    loginsPerSecondPerCore: round(loginPeak.rps / serverCores, 1),
    serverCores,
    s2Rate,
    s2P99Alone: round(p99Alone, 3),
    s2P99WithLogins: round(p99With, 3),
    s2P99Ratios: ratios.map((v) => round(v, 2)),
    s2P99Ratio: round(median(ratios), 2),
    loginRateDuring: round(median(during.map((run) => run.achieved)), 1),
    loginP50During: round(median(during.map((run) => run.p50)), 1),
    loginP99During: round(median(during.map((run) => run.p99)), 1),
    rssMb: server.rssMb(),
  };
}

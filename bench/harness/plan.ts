import type { Profile } from './options.js';

/*
 * Keeping a run inside its bound. Each block of work has an estimate from the profile;
 * when PostgreSQL variants double the comparisons, the comparison runs are shortened to
 * fit; and a block that would overrun the remaining time is skipped with a note rather
 * than cutting the whole run short.
 */

const perRunOverhead = 0.1; // seconds: connecting, autocannon's start and stop
const serversOf = (profile: Profile) => 1 + profile.baselines.length;

/** Seconds one comparison scenario takes with `profile`. */
export function comparisonSeconds(profile: Profile): number {
  const runs = 1 + profile.rounds + 1;
  return serversOf(profile) * (profile.warmupSeconds + profile.rounds * profile.peakSeconds + profile.pacedSeconds + runs * perRunOverhead);
}

/** Seconds S5 takes. */
export function loginSeconds(profile: Profile): number {
  return profile.startWarmupSeconds + 0.5 + Math.ceil(profile.loginSeconds) + 1 + profile.loginRounds * (2 * profile.loginSeconds + 2) + 2;
}

/** Seconds S6 takes for one table size (its server already started). */
export function growthSeconds(profile: Profile, size: number): number {
  return profile.startWarmupSeconds + 2 * (0.5 + profile.growthSeconds) + (size >= 1_000_000 ? 2 : 0.3);
}

/** Seconds of the warm-up right after the servers start. */
export function startWarmupSeconds(profile: Profile): number {
  return serversOf(profile) * (profile.startWarmupSeconds + perRunOverhead);
}

/** Shortens the comparison runs so `count` comparison scenarios take at most `seconds`. */
export function fitComparisons(profile: Profile, count: number, seconds: number): Profile {
  const needed = count * comparisonSeconds(profile);
  if (needed <= seconds) return profile;
  const scale = Math.max(0.3, seconds / needed);
  return {
    ...profile,
    rounds: scale < 0.7 ? Math.max(1, profile.rounds - 1) : profile.rounds,
    warmupSeconds: Math.round(Math.max(0.5, profile.warmupSeconds * scale) * 10) / 10,
    // Whole seconds: autocannon runs at least to the next whole second anyway.
    peakSeconds: Math.max(1, Math.round(profile.peakSeconds * scale)),
    pacedSeconds: Math.round(Math.max(1, profile.pacedSeconds * scale) * 10) / 10,
  };
}

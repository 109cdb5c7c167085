/**
 * How much a standing suite runs, from the environment: CI runs the full count, a
 * developer's machine a small one unless told otherwise.
 *
 * @example
 * const runs = countFromEnv('RAMPART_FUZZ_RUNS', { ci: 5000, local: 500 });
 */
export function countFromEnv(name: string, defaults: { ci: number; local: number }): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return process.env.CI === 'true' ? defaults.ci : defaults.local;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * The fast-check seed: `RAMPART_FUZZ_SEED` to replay a run, a fresh one otherwise
 * (every failure message prints it).
 */
export function seedFromEnv(): number {
  const raw = process.env.RAMPART_FUZZ_SEED;
  if (raw === undefined || raw === '') return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  if (!/^-?\d{1,10}$/.test(raw)) throw new Error(`RAMPART_FUZZ_SEED must be an integer, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

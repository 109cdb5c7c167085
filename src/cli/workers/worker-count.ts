import { availableParallelism } from 'node:os';
import { StartupError } from '../../errors/app-error.js';

const maxWorkers = 1024;

/**
 * How many processes `rampart start` runs: `--workers` when given, else the
 * `WEB_CONCURRENCY` variable (the convention of Heroku and other platforms), else 1.
 * `auto` means one per CPU this process may use.
 *
 * One is the default because it is right for the default stack: several processes on
 * in-memory stores each keep their own rate limits, login budgets and cache, so more
 * than one is a choice made together with REDIS_URL.
 *
 * @example
 * resolveWorkerCount('auto', process.env); // 8 on an 8-core machine
 * resolveWorkerCount(undefined, { WEB_CONCURRENCY: '4' }); // 4
 */
export function resolveWorkerCount(flag: string | undefined, env: Record<string, string | undefined>): number {
  const fromEnv = env.WEB_CONCURRENCY?.trim();
  const [source, raw] = flag !== undefined ? ['--workers', flag.trim()] : fromEnv ? ['WEB_CONCURRENCY', fromEnv] : [undefined, '1'];
  if (raw === 'auto') return availableParallelism();
  if (/^\d{1,4}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= maxWorkers) return Number(raw);
  throw new StartupError('RAMPART_CONFIG_INVALID', `${source}: expected a whole number from 1 to ${maxWorkers}, or auto (one per CPU); got "${raw}"`);
}

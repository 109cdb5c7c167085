import { pino } from 'pino';
import type { HookContext } from './hooks.js';

function unavailable(what: string): never {
  throw new TypeError(`${what} is only available to hooks of a resource served by an app (createApp)`);
}

/** What hooks get from a service built outside an app (unit tests of the service itself). */
export const detachedHookEnvironment: Omit<HookContext, 'trx' | 'user'> = {
  records: () => unavailable('records()'),
  jobs: { enqueue: async () => unavailable('jobs.enqueue()') },
  log: pino({ level: 'silent' }),
};

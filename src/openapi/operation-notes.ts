import type { RateLimitBudget } from '../rate-limit/route-budget.js';
import type { OperationObject, PathItemObject } from './openapi-objects.js';

/** The app-wide request budgets (RATE_LIMIT_IP_PER_MINUTE, RATE_LIMIT_USER_PER_MINUTE). */
export interface GlobalRateLimit {
  ipPerMinute: number;
  userPerMinute: number;
}

/**
 * `x-rampart-rate-limit`: the budget that counts an operation's requests. `operation`:
 * its own (a route's or resource's `rateLimit`, the auth routes'), keyed per user when
 * signed in, else per address; `global`: the app's; `none`: outside every budget
 * (health probes, metrics scrapes).
 */
export type RateLimitNote =
  | { budget: 'operation'; max: number; timeWindow: string }
  | { budget: 'global'; perIp: number; perUser: number; timeWindow: '1 minute' }
  | { budget: 'none' };

const units: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** `60000` → `1 minute`; a text window (`'1 minute'`) as declared. */
function windowText(timeWindow: string | number): string {
  if (typeof timeWindow === 'string') return timeWindow;
  const [size, unit] = units.find(([ms]) => timeWindow % ms === 0) ?? [1, 'ms'];
  const n = timeWindow / size;
  return unit === 'ms' ? `${n} ms` : `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * The `x-rampart-rate-limit` of an operation with a budget of its own, or nothing (the
 * global budget then applies, filled in by {@link annotateOperations}).
 *
 * @example
 * ownRateLimit({ max: 5, timeWindow: 60_000 });
 * // { 'x-rampart-rate-limit': { budget: 'operation', max: 5, timeWindow: '1 minute' } }
 */
export function ownRateLimit(budget: RateLimitBudget | undefined): Pick<OperationObject, 'x-rampart-rate-limit'> {
  return budget ? { 'x-rampart-rate-limit': { budget: 'operation', max: budget.max, timeWindow: windowText(budget.timeWindow) } } : {};
}

function accessText(rule: string): string {
  if (rule === 'public') return 'public: anyone, signed in or not';
  if (rule === 'authenticated') return 'any signed-in user';
  return `\`${rule}\` (signed in, and the rule must allow the caller)`;
}

function rateLimitText(note: RateLimitNote): string {
  if (note.budget === 'none') return 'none (an infrastructure endpoint)';
  if (note.budget === 'global') return `${note.perUser} requests a minute per signed-in user, ${note.perIp} per address otherwise`;
  return `${note.max} requests per ${note.timeWindow}, per signed-in user or else per address (this operation's own budget)`;
}

/**
 * Gives every operation the global budget where it has none of its own, and a closing
 * line to its description that says who may call it and how often, the same words the
 * docs page shows beside the operation:
 * `**Access:** any signed-in user · **Rate limit:** 100 requests a minute per signed-in user, …`.
 * Without `global` (a document generated outside an app) only declared budgets are named.
 *
 * @example
 * annotateOperations(paths, { ipPerMinute: 1000, userPerMinute: 100 });
 */
export function annotateOperations(paths: Record<string, PathItemObject>, global?: GlobalRateLimit): void {
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (!operation) continue;
      if (!operation['x-rampart-rate-limit'] && global) {
        operation['x-rampart-rate-limit'] = { budget: 'global', perIp: global.ipPerMinute, perUser: global.userPerMinute, timeWindow: '1 minute' };
      }
      const parts = [`**Access:** ${accessText(operation['x-rampart-access'])}`];
      const limit = operation['x-rampart-rate-limit'];
      if (limit) parts.push(`**Rate limit:** ${rateLimitText(limit)}`);
      const line = parts.join(' · ');
      operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
    }
  }
}

/** A request budget of its own: at most `max` requests per `timeWindow` (ms, or e.g. `'1 minute'`). */
export interface RateLimitBudget {
  max: number;
  timeWindow: string | number;
}

/** A resource's `rateLimit`: one budget for each of its routes, or one per operation. */
export type ResourceBudgets<Op extends string = string> = RateLimitBudget | Partial<Record<Op, RateLimitBudget>>;

// What @fastify/rate-limit's duration parser reads; anything else would leave the window undefined.
const windowText = /^\d+\s*(ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/i;

const isBudget = (value: unknown): value is RateLimitBudget => typeof value === 'object' && value !== null && 'max' in value;

/**
 * The Fastify route options that give a route `op` of `resource` its budget from
 * `budgets`, or none when it has no budget of its own (the global one then applies).
 * A nonsensical budget stops the app at startup rather than silently allowing all.
 *
 * @example
 * app.route({ ...routeOptions, ...budgetConfig({ create: { max: 5, timeWindow: '1 minute' } }, 'create', 'markets') });
 */
export function budgetConfig(budgets: ResourceBudgets | undefined, op: string, resource: string): { config?: { rateLimit: RateLimitBudget } } {
  const budget = budgets === undefined ? undefined : isBudget(budgets) ? budgets : budgets[op];
  if (!budget) return {};
  const { max, timeWindow } = budget;
  const window = typeof timeWindow === 'number' ? Number.isSafeInteger(timeWindow) && timeWindow > 0 : windowText.test(timeWindow);
  if (!Number.isSafeInteger(max) || max < 1 || !window) {
    throw new TypeError(`${resource}: rateLimit${isBudget(budgets) ? '' : `.${op}`} needs a positive whole max and a time window such as '1 minute' or 60000`);
  }
  return { config: { rateLimit: { max, timeWindow } } };
}

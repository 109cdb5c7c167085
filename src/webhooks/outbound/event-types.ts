/*
 * Event types are `<resource>.<action>` names such as `markets.created`. An endpoint
 * subscribes to exact names, to every action of one resource (`markets.*`), or to
 * everything (`*`). Patterns stop there: anything richer would be a query language
 * for admins to get wrong.
 */

/** What an event type or subscription pattern may look like. */
export const eventTypePattern = /^(\*|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*(\.\*)?)$/;

/**
 * Whether an endpoint subscribed to `patterns` wants events of `type`.
 *
 * @example
 * matchesEventType(['markets.*'], 'markets.created');   // true
 * matchesEventType(['markets.created'], 'posts.created'); // false
 * matchesEventType(['*'], 'anything.at.all');             // true
 */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*' || pattern === type) return true;
    return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
  });
}

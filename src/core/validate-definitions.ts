import { StartupError } from '../errors/app-error.js';
import { nestingProblems } from '../resources/nesting.js';
import { relationsOf } from '../resources/relations/resolve-relations.js';
import { viewProblems } from '../resources/views.js';
import { aggregateProblems } from '../resources/aggregates.js';
import { eventProblems } from '../webhooks/outbound/domain-events.js';
import { operations, type AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';
import { pathClashes } from '../wire/paths.js';
import { includable } from '../resources/query/parse-projection.js';

/**
 * Checks what the type system cannot: resource names are unique and custom routes are
 * well formed. Every problem is listed at once. References and indexes are checked
 * where the schema is built from them (db/migrations/desired-schema.ts).
 */
export function validateDefinitions(resources: readonly AnyResource[], routes: readonly AnyRoute[]): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const resource of resources) {
    if (names.has(resource.name)) problems.push(`resource "${resource.name}" is declared twice`);
    names.add(resource.name);
  }
  problems.push(...nestingProblems(resources));
  problems.push(...pathClashes(resources));
  for (const resource of resources) problems.push(...misspelledKeys(resource));
  for (const resource of resources) {
    const known = includable(resource);
    for (const name of resource.definition.embed ?? []) {
      if (!known.includes(name)) problems.push(`${resource.name}: embed "${name}" is not a reference field or relation; those are ${known.join(', ') || 'none'}`);
    }
  }
  const lookup = (name: string) => resources.find((r) => r.name === name);
  for (const resource of resources) problems.push(...relationsOf(resource, lookup).problems);
  problems.push(...viewProblems(resources));
  problems.push(...aggregateProblems(resources));
  problems.push(...eventProblems(resources));
  for (const route of routes) {
    const bound = route.bound?.resource;
    if (bound && !resources.includes(bound) && !resources.some((r) => r.name === bound.name)) {
      problems.push(`route ${route.method} ${route.path}: its resource ${bound.name} is not part of the app`);
    }
    if (!route.path.startsWith('/')) problems.push(`route ${route.method} ${route.path}: the path must start with "/"`);
    if (typeof route.handler !== 'function') problems.push(`route ${route.method} ${route.path} has no handler`);
  }
  if (problems.length > 0) {
    throw new StartupError('RAMPART_DEFINITION_INVALID', problems.join('; '));
  }
}

// What a resource definition and its access map may hold: plain JavaScript (or a cast)
// can pass anything, and a misspelled key would otherwise be ignored in silence.
const definitionKeys = new Set([
  'fields', 'access', 'operations', 'path', 'envelope', 'statuses', 'embed', 'put', 'external', 'indexes', 'unique', 'lookup',
  'parent', 'relations', 'computed', 'views', 'filters', 'aggregates', 'events', 'defaultSort', 'description', 'owner',
  'rateLimit', 'cache', 'hooks', 'audit',
]);

/** Keys of a resource's definition and access map that mean nothing (`destroy:` for `delete:`). */
function misspelledKeys(resource: AnyResource): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(resource.definition)) {
    if (!definitionKeys.has(key)) problems.push(`${resource.name}: "${key}" is not a resource option`);
  }
  for (const key of Object.keys(resource.definition.access ?? {})) {
    if (!(operations as readonly string[]).includes(key)) problems.push(`${resource.name}: access.${key} is not an operation; the operations are ${operations.join(', ')}`);
  }
  return problems;
}

import { StartupError } from '../errors/app-error.js';
import type { AnyResource } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';

/**
 * Checks what the type system cannot: names are unique, references and indexes point at
 * declared things, custom paths are well formed. Every problem is listed at once.
 */
export function validateDefinitions(resources: readonly AnyResource[], routes: readonly AnyRoute[]): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const resource of resources) {
    if (names.has(resource.name)) problems.push(`resource "${resource.name}" is declared twice`);
    names.add(resource.name);
  }
  for (const resource of resources) {
    for (const f of resource.writable) {
      const target = f.field.spec.reference?.resource;
      if (target && !names.has(target)) {
        problems.push(`${resource.name}.${f.name} references "${target}", which is not a declared resource`);
      }
    }
    for (const index of resource.definition.indexes ?? []) {
      for (const name of index) {
        if (!resource.field(name)) problems.push(`${resource.name} index [${index.join(', ')}] names unknown field "${name}"`);
      }
    }
  }
  for (const route of routes) {
    if (!route.path.startsWith('/')) problems.push(`route ${route.method} ${route.path}: the path must start with "/"`);
    if (typeof route.handler !== 'function') problems.push(`route ${route.method} ${route.path} has no handler`);
  }
  if (problems.length > 0) {
    throw new StartupError('RAMPART_DEFINITION_INVALID', problems.join('; '));
  }
}

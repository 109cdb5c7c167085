import type { ResourceLookup } from '../include.js';
import type { AnyResource } from '../resource.js';
import { usersTarget } from '../user-profiles.js';
import { relationsOf } from './resolve-relations.js';

/**
 * The resource whose records an include name embeds: a reference's target, or a
 * relation's far side (through a junction) or rows. Undefined for the bare users table,
 * whose public profile has nothing to include further.
 *
 * @example
 * includedResource(articles, 'comments', lookup); // comments
 */
export function includedResource(resource: AnyResource, name: string, lookup: ResourceLookup): AnyResource | undefined {
  const relation = relationsOf(resource, lookup).relations.get(name);
  if (relation) return relation.far ? (relation.far.target === usersTarget ? undefined : relation.far.target) : relation.rows;
  const ref = resource.field(name)?.field.spec.reference;
  return ref ? lookup(ref.resource) : undefined;
}

/** `['comments', 'comments.author']` → `{ top: ['comments'], nested: Map { 'comments' => ['author'] } }`. */
export function splitIncludes(include: readonly string[]): { top: string[]; nested: Map<string, string[]> } {
  const top: string[] = [];
  const nested = new Map<string, string[]>();
  for (const name of include) {
    const dot = name.indexOf('.');
    if (dot < 0) {
      if (!top.includes(name)) top.push(name);
      continue;
    }
    const first = name.slice(0, dot);
    nested.set(first, [...(nested.get(first) ?? []), name.slice(dot + 1)]);
    if (!top.includes(first)) top.push(first);
  }
  return { top, nested };
}

/** The resources one include name reads: a reference's target, or a relation's rows and far side (cache dependencies). */
export function includeTargetsOf(resource: AnyResource, name: string, lookup: ResourceLookup): AnyResource[] {
  const relation = relationsOf(resource, lookup).relations.get(name);
  if (relation) return [relation.rows, ...(relation.far && relation.far.target !== usersTarget ? [relation.far.target] : [])];
  const ref = resource.field(name)?.field.spec.reference;
  const target = ref && lookup(ref.resource);
  return target ? [target] : [];
}

import type { ResourceLookup } from '../include.js';
import { aliasProblem, isAliasPath } from '../query/filter-aliases.js';
import { listControls } from '../query/list-query.js';
import type { AnyResource, ResolvedField } from '../resource.js';
import { userPathFieldsOf, usersTarget } from '../user-profiles.js';
import type { ResolvedRelation } from './resolve-relations.js';

/** Where a path's leaf lives: a declared resource, or the users' public fields. */
export type PathTarget = AnyResource | typeof usersTarget;

/**
 * A declared relation filter, e.g. `author: 'author.name'`: one hop (a reference, or a
 * declared relation) and a leaf field on the far side.
 */
export interface ResolvedPath {
  /** The public parameter name and the path it stands for. */
  name: string;
  path: string;
  hop: { kind: 'reference'; field: ResolvedField } | { kind: 'relation'; relation: ResolvedRelation };
  /** The table the leaf is read from, and the leaf field there. */
  target: PathTarget;
  leaf: ResolvedField;
  /** Whether `me` (the caller) is a value the leaf can take: it holds user ids. */
  takesMe: boolean;
}

const listed = (names: string[]) => `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
const tableOf = (target: PathTarget) => (target === usersTarget ? usersTarget : target.table);

/**
 * Resolves a resource's `filters` (`{ author: 'author.name' }`); every declared path is
 * also accepted under its own dotted name. Entries without a dot are aliases of the
 * resource's own fields (query/filter-aliases.ts): checked here, with every other
 * definition problem, but parsed as the field's own filters. Problems are startup messages.
 */
export function resolvePaths(
  resource: AnyResource,
  relations: ReadonlyMap<string, ResolvedRelation>,
  lookup: ResourceLookup,
  problem: (message: string) => void,
): Map<string, ResolvedPath> {
  const paths = new Map<string, ResolvedPath>();
  for (const [name, path] of Object.entries(resource.definition.filters ?? {})) {
    const where = `${resource.name}.filters.${name}`;
    // A name may be a field's: the filter (a path or an alias alike) then replaces that
    // field's own filters (Conduit's `?author=jake` filters by the author's name, not the
    // author's id). A control name would be unreachable in its bare form.
    if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) {
      problem(`${where}: a filter name is letters and digits`);
      continue;
    }
    if ((listControls as readonly string[]).includes(name)) {
      problem(`${where}: "${name}" is a parameter of the query language (${listControls.join(', ')}); choose another name`);
      continue;
    }
    if (isAliasPath(path)) {
      const message = aliasProblem(resource, path);
      if (message) problem(`${where}: ${message}`);
      continue;
    }
    const [first, leafName, ...rest] = path.split('.');
    if (!first || !leafName || rest.length > 0) {
      problem(`${where}: a path is a reference or relation, a dot and a field, e.g. "author.name" (or a field of ${resource.name} itself, for an alias)`);
      continue;
    }
    const resolved = resolveOne(resource, relations, lookup, name, path, first, leafName, (message) => problem(`${where}: ${message}`));
    if (!resolved) continue;
    paths.set(name, resolved);
    paths.set(path, { ...resolved, name: path });
  }
  return paths;
}

function resolveOne(
  resource: AnyResource,
  relations: ReadonlyMap<string, ResolvedRelation>,
  lookup: ResourceLookup,
  name: string,
  path: string,
  first: string,
  leafName: string,
  problem: (message: string) => void,
): ResolvedPath | undefined {
  let hop: ResolvedPath['hop'];
  let target: PathTarget | undefined;
  const reference = resource.field(first);
  const relation = relations.get(first);
  if (reference?.field.spec.reference) {
    const targetName = reference.field.spec.reference.resource;
    hop = { kind: 'reference', field: reference };
    target = lookup(targetName) ?? (targetName === usersTarget ? usersTarget : undefined);
  } else if (relation) {
    hop = { kind: 'relation', relation };
    target = relation.far ? relation.far.target : relation.rows;
  } else {
    return void problem(`"${first}" is not a reference field or relation of ${resource.name}`);
  }
  if (!target) return void problem(`"${first}" references an undeclared resource`);
  if (tableOf(target) === resource.table) return void problem('a path back to the same table is not supported');
  const leaf = target === usersTarget ? userPathFieldsOf(resource).get(leafName) : target.field(leafName);
  if (!leaf) {
    const known = target === usersTarget ? `users expose only ${listed([...userPathFieldsOf(resource).keys()])}` : `${target.name} has no field "${leafName}"`;
    return void problem(known);
  }
  if (target !== usersTarget && leaf.name !== 'id' && !leaf.field.flags.filterable && !leaf.field.spec.reference) {
    return void problem(`${target.name}.${leafName} is not filterable`);
  }
  // Users' ids, whether users are the bare table or a declared usersResource.
  const takesMe = (tableOf(target) === usersTarget && leaf.name === 'id') || leaf.field.spec.reference?.resource === usersTarget;
  return { name, path, hop, target, leaf, takesMe };
}

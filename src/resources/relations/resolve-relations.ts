import type { ResourceLookup } from '../include.js';
import { parseSort } from '../query/parse-sort.js';
import type { SortKey } from '../query/list-query.js';
import type { AnyResource, ResolvedField } from '../resource.js';
import { usersTarget } from '../user-profiles.js';
import type { Computed } from './computed.js';
import type { Relation } from './relation.js';
import { resolvePaths, type ResolvedPath } from './resolve-paths.js';

/** A declared relation with its tables and columns found. */
export interface ResolvedRelation {
  name: string;
  relation: Relation;
  /** Where the related rows live: the child (has-many) or the junction (through). */
  rows: AnyResource;
  /** The rows' reference to this resource. */
  fk: ResolvedField;
  /** Order of embedded rows, over `rows`. */
  sort: SortKey[];
  /** For `through`: the junction's reference to the far side and what it names. */
  far?: { field: ResolvedField; target: AnyResource | typeof usersTarget };
}

/** A declared computed field with its relation resolved. */
export interface ResolvedComputed {
  name: string;
  computed: Computed;
  relation: ResolvedRelation;
  /** The `where` entries as columns of the related rows. */
  where: { column: string; field: ResolvedField; value: Computed['where'][string] }[];
}

/** A resource's relations and computed fields, resolved against the app's resources. */
export interface ResourceRelations {
  relations: ReadonlyMap<string, ResolvedRelation>;
  computed: ReadonlyMap<string, ResolvedComputed>;
  /** Declared relation filters, by parameter name (alias and dotted path). */
  paths: ReadonlyMap<string, ResolvedPath>;
  /** Every problem found, as startup messages. */
  problems: string[];
}

const cache = new WeakMap<AnyResource, ResourceRelations>();

/**
 * Resolves `relations` and `computed` of a resource once (memoized per resource). The
 * problems are what `createApp` lists at startup, all at once.
 *
 * @example
 * relationsOf(articles, lookup).relations.get('comments')?.fk.column; // 'article'
 */
export function relationsOf(resource: AnyResource, lookup: ResourceLookup): ResourceRelations {
  const known = cache.get(resource);
  if (known) return known;
  const problems: string[] = [];
  const relations = new Map<string, ResolvedRelation>();
  for (const [name, relation] of Object.entries(resource.definition.relations ?? {})) {
    const where = `${resource.name}.relations.${name}`;
    if (resource.field(name)) {
      problems.push(`${where}: the name is taken by a field`);
      continue;
    }
    const resolved = resolveRelation(resource, name, relation, lookup, (message) => problems.push(`${where}: ${message}`));
    if (resolved) relations.set(name, resolved);
  }
  const computedFields = new Map<string, ResolvedComputed>();
  for (const [name, c] of Object.entries(resource.definition.computed ?? {})) {
    const where = `${resource.name}.computed.${name}`;
    if (resource.field(name) || relations.has(name)) {
      problems.push(`${where}: the name is taken by a field or relation`);
      continue;
    }
    const relation = relations.get(c.relation);
    if (!relation) {
      problems.push(`${where}: "${c.relation}" is not a declared relation of ${resource.name}`);
      continue;
    }
    const conditions: ResolvedComputed['where'] = [];
    for (const [fieldName, value] of Object.entries(c.where)) {
      const f = relation.rows.field(fieldName);
      if (!f) problems.push(`${where}: where names "${fieldName}", which is not a field of ${relation.rows.name}`);
      else conditions.push({ column: f.column, field: f, value });
    }
    computedFields.set(name, { name, computed: c, relation, where: conditions });
  }
  const paths = resolvePaths(resource, relations, lookup, (message) => problems.push(message));
  const result = { relations, computed: computedFields, paths, problems };
  // Unresolved targets may be declared later (tests build apps of their own): keep only complete answers.
  if (problems.length === 0) cache.set(resource, result);
  return result;
}

function resolveRelation(
  resource: AnyResource,
  name: string,
  relation: Relation,
  lookup: ResourceLookup,
  problem: (message: string) => void,
): ResolvedRelation | undefined {
  const rowsName = relation.kind === 'hasMany' ? relation.child : relation.junction;
  const rows = lookup(rowsName);
  if (!rows) return void problem(`"${rowsName}" is not a declared resource`);
  const fk = rows.field(relation.via);
  if (fk?.field.spec.reference?.resource !== resource.name) {
    return void problem(`${rowsName}.${relation.via} must be a reference to ${resource.name}`);
  }
  let sort: SortKey[];
  try {
    sort = parseSort(rows, relation.sort);
  } catch {
    return void problem(`sort "${relation.sort}" must name sortable fields of ${rowsName}`);
  }
  const resolved: ResolvedRelation = { name, relation, rows, fk, sort };
  if (relation.kind === 'through') {
    const far = rows.field(relation.to);
    const targetName = far?.field.spec.reference?.resource;
    const target = targetName === usersTarget && !lookup(usersTarget) ? usersTarget : targetName && lookup(targetName);
    if (!far || !target) return void problem(`${rowsName}.${relation.to} must be a reference to a declared resource or to users`);
    // One junction row per pair, or the far side would repeat and counts would lie.
    const pairs = rows.uniqueGroups.some((g) => g.length === 2 && g.includes(fk) && g.includes(far));
    if (!pairs) problem(`${rowsName} needs unique: [['${relation.via}', '${relation.to}']] to be a junction`);
    resolved.far = { field: far, target };
  }
  return resolved;
}

/** Every resource a resource's answers may carry rows of or depend on: referenced, related, computed over, read by views. */
export function relatedResources(resource: AnyResource, lookup: ResourceLookup): string[] {
  const names = new Set<string>();
  for (const f of resource.fields.values()) {
    const target = f.field.spec.reference?.resource;
    const found = target ? lookup(target) : undefined;
    if (!found) continue;
    names.add(found.name);
    // An included record carries its computed fields (an author's `following`): their rows count too.
    for (const c of relationsOf(found, lookup).computed.values()) names.add(c.relation.rows.name);
  }
  for (const r of relationsOf(resource, lookup).relations.values()) {
    names.add(r.rows.name);
    if (r.far && r.far.target !== usersTarget) names.add(r.far.target.name);
  }
  for (const v of Object.values(resource.definition.views ?? {})) for (const name of v.dependsOn ?? []) names.add(name);
  return [...names];
}

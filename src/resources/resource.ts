import { envelopeProblems, type EnvelopeSpec } from '../wire/envelopes.js';
import { checkCacheOptions, type ResourceCacheOptions } from '../cache/cache-options.js';
import type { Access } from '../policies/rule.js';
import type { ResourceHooks } from './hooks.js';
import type { ResourceBudgets } from '../rate-limit/route-budget.js';
import type { AnyField, Field } from './fields/field.js';
import { reference, uuid } from './fields/kinds.js';
import { timestamp } from './fields/timestamp.js';
import type { Computed } from './relations/computed.js';
import type { Relation } from './relations/relation.js';
import type { View } from './views.js';
import type { Aggregate } from './aggregates.js';
import type { ZodType } from 'zod';
import type { AuditDeclaration } from '../audit/audit-declaration.js';

/** The generated operations of a resource. */
export type Operation = 'list' | 'read' | 'create' | 'update' | 'delete';

/** Every operation, in route-table order. */
export const operations: readonly Operation[] = ['list', 'read', 'create', 'update', 'delete'];

/** The declaration of a resource, as passed to {@link resource}. */
export interface ResourceDefinition<F extends Record<string, AnyField>> {
  /** The client-visible fields. `id`, `createdAt` and `updatedAt` are added by Rampart. */
  fields: F;
  /** One access rule per enabled operation. A missing rule stops the app at startup. */
  access: Partial<Record<Operation, Access>>;
  /** Which operations get routes (default: all five). */
  operations?: readonly Operation[];
  /**
   * The path segment of its routes under the API's base path (default: the name), e.g.
   * `'team-members'` or `'catalog/items'`: literal segments, no parameters. A nested
   * resource's segment follows its parent's record (`/articles/:slug/<segment>`).
   */
  path?: string;
  /**
   * How its answers and request bodies are wrapped, over the app's `api.envelope`:
   * `envelope.named({ count: false })` gives `{ comment }` / `{ comments }`. See
   * docs/http.md#envelopes.
   */
  envelope?: EnvelopeSpec;
  /**
   * Success statuses other than the conventional ones, for specs that ask for them:
   * `{ create: 200 }` (default 201; `Location` is sent either way), `{ delete: 200 }`
   * (default 204; 200 with an empty body).
   */
  statuses?: { create?: 200 | 201; delete?: 200 | 204 };
  /**
   * References and relations every answer embeds, as if `?include=` named them, e.g.
   * `['author']` (RealWorld's articles): reads, lists, views and the answers of writes.
   * OpenAPI shows the embedded record in their place.
   */
  embed?: readonly string[];
  /**
   * What `PUT` means: `'replace'` (the default: every writable field is set, left-out
   * ones take their defaults) or `'merge'` (only the fields sent change, as `PATCH`), for
   * specs whose PUT is partial (RealWorld's articles).
   */
  put?: 'replace' | 'merge';
  /** @internal The table is Rampart's own (users): no migration of its own, no writes through resource code. */
  external?: boolean;
  /** Extra composite indexes, by field name, e.g. `[['status', 'volume']]`. */
  indexes?: readonly (readonly string[])[];
  /**
   * Combinations of fields no two records may share, e.g. `[['user', 'article']]`: a
   * user favorites an article once. The owner field may take part. A write that would
   * repeat one answers 409 naming every field of the combination. For a single field,
   * use `.unique()` on it.
   */
  unique?: readonly (readonly string[])[];
  /**
   * The field that addresses one record in paths instead of `id`, e.g. `'slug'` for
   * `/articles/how-to-train-your-dragon`. It must be a `.unique()` string or
   * integer field that every record has (required, defaulted or derived).
   */
  lookup?: string;
  /**
   * A reference field naming the record each one belongs to, e.g. `'article'` for
   * comments: the routes nest under the parent's (`/articles/:slug/comments`),
   * the field comes from the path (never the body), lists hold the parent's records only,
   * and a parent that is missing or that the caller may not read answers 404.
   */
  parent?: string;
  /**
   * Named to-many relations: `hasMany('comments', { via: 'article' })` and
   * `through('favorites', { via: 'article', to: 'user' })`. They can be embedded with
   * `?include=` (capped per record) and computed over. See docs/resources.md#relations.
   */
  relations?: Readonly<Record<string, Relation>>;
  /**
   * Values derived per record from relations, e.g. `computed.count('favoritedBy')`:
   * in every answer (and `?fields=`), never writable, one query per page.
   */
  computed?: Readonly<Record<string, Computed>>;
  /**
   * Named lists beside the plain one, served at `<collection>/<name>` (`GET
   * /articles/feed`) with their own rule and condition. See docs/resources.md#views.
   */
  views?: Readonly<Record<string, View>>;
  /**
   * Filters through a reference or relation, by public name: `{ author: 'author.name',
   * favorited: 'favoritedBy.id' }` allows `?author=jake` and `?favorited=me` (and the
   * dotted path itself); a name without a dot aliases an own filterable field
   * (`{ tag: 'tagList' }`: `?tag=x`). See docs/resources.md#relation-filters.
   */
  filters?: Readonly<Record<string, string>>;
  /**
   * Distinct values and counts per value of a field, for server code
   * (`records(r).aggregate(name)`) and, with `route`, as `GET <api base><route>`.
   * See docs/resources.md#aggregates.
   */
  aggregates?: Readonly<Record<string, Aggregate>>;
  /**
   * Domain events the resource's code emits, by action, with their payload schemas:
   * `events: { completed: z.object({ by: z.string() }) }` declares `tasks.completed`,
   * emitted with `ctx.events.emit(...)`. See docs/outbound-webhooks.md#domain-events.
   */
  events?: Readonly<Record<string, ZodType>>;
  /** The list order when the client gives no `sort` (default `-createdAt`). */
  defaultSort?: string;
  /** A description shown in the OpenAPI document. */
  description?: string;
  /**
   * The name of the field that records who created each record, e.g. `creator`. It is
   * set from the signed-in user on create, never accepted from a client, immutable,
   * and what `allow.owner` compares with the caller.
   */
  owner?: string;
  /**
   * Request budgets of the resource's own, replacing the global one on its routes:
   * one for each route (`{ max: 60, timeWindow: '1 minute' }`) or per operation
   * (`{ create: { max: 5, timeWindow: '1 minute' } }`). Counted per address, per user
   * when signed in; with Redis down they fail closed (see docs/auth.md#rate-limits).
   */
  rateLimit?: ResourceBudgets<Operation>;
  /**
   * Caches GET answers (one record and lists) for `ttl` seconds; every write through
   * Rampart invalidates them at once. See docs/resources.md#caching.
   */
  cache?: ResourceCacheOptions;
  /**
   * Code run inside each write's transaction, before and after it (see
   * docs/resources.md#hooks): keep other records in step, enqueue jobs, refuse a write.
   */
  hooks?: ResourceHooks;
  /**
   * Checks of `rampart audit` this resource is exempt from, each with its reason:
   * `{ waive: { RA010: 'a few hundred rows at most' } }`. See docs/audit.md#waivers.
   */
  audit?: AuditDeclaration;
}

/** A field of a resource with its names resolved. */
export interface ResolvedField {
  name: string;
  column: string;
  field: AnyField;
  /** `id`, `createdAt`, `updatedAt`: set by the server, never by a client. */
  system: boolean;
}

type OutputOf<F> = F extends Field<infer T, infer P> ? (P extends 'optional' ? T | null : T) : never;
type InputOf<F> = F extends Field<infer T, infer P> ? (P extends 'required' ? T : T | null | undefined) : never;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends Field<unknown, 'required'> ? K : never }[keyof F];

/** The JSON shape of a record of a resource with fields `F`. */
export type InferRecord<F extends Record<string, AnyField>> = {
  id: string;
  createdAt: string;
  updatedAt: string;
} & { [K in keyof F]: OutputOf<F[K]> };

/** The JSON values of computed fields `C`: a count is a number, an exists a boolean. */
export type InferComputed<C> = { [K in keyof C]: C[K] extends { kind: 'count' } ? number : boolean };

/**
 * The JSON shape of a record of a declared resource, computed fields included.
 *
 * @example
 * type Article = RecordOf<typeof articles>; // { id, createdAt, updatedAt, title, ..., favoritesCount: number, favorited: boolean }
 */
export type RecordOf<R extends { readonly _record: unknown }> = R['_record'];

/** The JSON body a client sends to create a record of a resource with fields `F`. */
export type InferCreate<F extends Record<string, AnyField>> = {
  [K in RequiredKeys<F>]: InputOf<F[K]>;
} & { [K in Exclude<keyof F, RequiredKeys<F>>]?: InputOf<F[K]> };

const systemFields: Record<string, AnyField> = {
  id: uuid().filterable(),
  createdAt: timestamp().filterable().sortable(),
  updatedAt: timestamp().filterable().sortable(),
};

const namePattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const fieldPattern = /^[a-z][a-zA-Z0-9]*$/;

const allowedStatuses: Record<string, readonly number[]> = { create: [200, 201], delete: [200, 204] };

function statusProblems(name: string, statuses: Record<string, unknown> | undefined): string[] {
  return Object.entries(statuses ?? {}).flatMap(([op, status]) => {
    const allowed = allowedStatuses[op];
    if (!allowed) return [`${name}: statuses.${op} cannot be set; only create and delete can`];
    return allowed.includes(status as number) ? [] : [`${name}: statuses.${op} must be ${allowed.join(' or ')}`];
  });
}

const segmentPattern = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

function segmentOf(name: string, path: string | undefined): string {
  if (path === undefined) return name;
  if (typeof path !== 'string' || !segmentPattern.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
    throw new TypeError(`${name}: path ${JSON.stringify(path)} must be literal segments joined by "/", without a leading "/" (e.g. "team-members")`);
  }
  return path;
}

/** `createdAt` → `created_at`: SQL columns stay snake_case for people writing raw SQL. */
export function snakeCase(name: string): string {
  return name.replace(/-/g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A declared resource: its routes, table and schemas derive from it. */
export class Resource<F extends Record<string, AnyField> = Record<string, AnyField>> {
  /** @internal type carrier for inference; never set at run time. */
  declare readonly _record: InferRecord<F>;
  readonly table: string;
  /** Its routes' segment under the API's base path: `/<name>`, or `/<path>` when declared. */
  readonly segment: string;
  readonly fields: ReadonlyMap<string, ResolvedField>;
  readonly enabled: readonly Operation[];
  /** The checked `cache` option; undefined when the resource is not cached. */
  readonly cache: ResourceCacheOptions | undefined;

  constructor(
    readonly name: string,
    readonly definition: ResourceDefinition<F>,
  ) {
    if (!namePattern.test(name)) {
      throw new TypeError(`resource name "${name}" must be lower-case plural words joined by "-", e.g. "markets"`);
    }
    this.table = snakeCase(name);
    this.segment = `/${segmentOf(name, definition.path)}`;
    const envelopeIssues = [...envelopeProblems(definition.envelope, `${name}: envelope`), ...statusProblems(name, definition.statuses)];
    if (envelopeIssues.length > 0) throw new TypeError(envelopeIssues.join('; '));
    this.enabled = definition.operations ?? operations;
    this.cache = checkCacheOptions(name, definition.cache);
    const fields = new Map<string, ResolvedField>();
    for (const [fieldName, f] of Object.entries(systemFields)) {
      fields.set(fieldName, { name: fieldName, column: snakeCase(fieldName), field: f, system: true });
    }
    if (definition.owner !== undefined) {
      if (!fieldPattern.test(definition.owner) || definition.owner in definition.fields || fields.has(definition.owner)) {
        throw new TypeError(`${name}: owner "${definition.owner}" must be a new camelCase field name`);
      }
      // Users are Rampart's own table; deleting a user deletes what they own.
      const ownerField = reference('users', { onDelete: 'cascade' }).filterable().index();
      fields.set(definition.owner, { name: definition.owner, column: snakeCase(definition.owner), field: ownerField, system: true });
    }
    for (const [fieldName, f] of Object.entries(definition.fields)) {
      if (!fieldPattern.test(fieldName)) {
        throw new TypeError(`${name}.${fieldName}: field names are camelCase letters and digits`);
      }
      if (fields.has(fieldName)) {
        throw new TypeError(`${name}.${fieldName} is managed by Rampart and cannot be declared`);
      }
      if (f.flags.sortable && f.flags.presence === 'optional') {
        throw new TypeError(`${name}.${fieldName}: a sortable field must be required or have a default`);
      }
      if ((f.flags.sortable || f.flags.filterable) && f.spec.operators.length === 0) {
        throw new TypeError(`${name}.${fieldName}: ${f.spec.kind} fields cannot be filtered or sorted`);
      }
      if (f.flags.sortable && f.spec.kind === 'string' && Number(f.spec.output.maxLength) > 1000) {
        // A cursor carries the last row's sort values through the URL.
        throw new TypeError(`${name}.${fieldName}: a sortable string field needs max <= 1000`);
      }
      if (f.flags.readOnly && f.flags.presence === 'required') {
        throw new TypeError(`${name}.${fieldName}: a read-only field needs a default or .optional(), since clients cannot send it`);
      }
      if (f.flags.searchable && f.spec.kind !== 'string') {
        throw new TypeError(`${name}.${fieldName}: only string fields can be searchable`);
      }
      fields.set(fieldName, { name: fieldName, column: snakeCase(fieldName), field: f, system: false });
    }
    this.fields = fields;
    this.uniqueGroups = uniqueGroupsOf(name, fields, definition.unique ?? []);
    this.lookup = lookupOf(name, fields, definition.lookup);
    this.writable = [...fields.values()].filter((f) => !f.system);
    this.parent = parentOf(name, fields, definition.parent);
    // The parent comes from the path: a body may not set or move it.
    this.clientWritable = this.writable.filter((f) => !f.field.flags.readOnly && f !== this.parent);
    this.searchable = this.writable.filter((f) => f.field.flags.searchable);
  }

  /** The reference field to the parent record, for resources declared with `parent`. */
  readonly parent: ResolvedField | undefined;
  /** The field that addresses a record in its paths: `id`, or the declared `lookup`. */
  readonly lookup: ResolvedField;
  /** The `id` field. */
  get lookupById(): ResolvedField {
    return this.fields.get('id') as ResolvedField;
  }
  /** Every set of fields that must be unique together: `.unique()` fields, then `unique`. */
  readonly uniqueGroups: readonly (readonly ResolvedField[])[];
  /** The declared fields: what server code may write. */
  readonly writable: readonly ResolvedField[];
  /** The declared fields a client may write (all but `.readOnly()` ones). */
  readonly clientWritable: readonly ResolvedField[];
  /** The fields `?q=` searches. */
  readonly searchable: readonly ResolvedField[];

  /** The owner field's names, when the resource declares one. */
  get owner(): { field: string; column: string } | undefined {
    const f = this.definition.owner === undefined ? undefined : this.fields.get(this.definition.owner);
    return f && { field: f.name, column: f.column };
  }

  /** Looks up a field by its client-visible name. */
  field(name: string): ResolvedField | undefined {
    return this.fields.get(name);
  }
}

function parentOf(name: string, fields: ReadonlyMap<string, ResolvedField>, parent: string | undefined): ResolvedField | undefined {
  if (parent === undefined) return undefined;
  const f = fields.get(parent);
  const target = f?.field.spec.reference?.resource;
  if (!f || f.system || !target) throw new TypeError(`${name}: parent "${parent}" must be a declared reference field`);
  if (f.field.flags.presence === 'optional') throw new TypeError(`${name}: parent field "${parent}" cannot be optional: every record belongs to one`);
  return f;
}

function lookupOf(name: string, fields: ReadonlyMap<string, ResolvedField>, lookup = 'id'): ResolvedField {
  const f = fields.get(lookup);
  if (!f) throw new TypeError(`${name}: lookup "${lookup}" is not a field`);
  if (lookup === 'id') return f;
  const { flags, spec } = f.field;
  if (!flags.unique) throw new TypeError(`${name}: lookup field "${lookup}" must be .unique()`);
  if (spec.kind !== 'string' && spec.kind !== 'integer') throw new TypeError(`${name}: lookup field "${lookup}" must be a string or integer field`);
  if (flags.presence === 'optional') throw new TypeError(`${name}: lookup field "${lookup}" cannot be optional: every record needs one`);
  return f;
}

function uniqueGroupsOf(
  name: string,
  fields: ReadonlyMap<string, ResolvedField>,
  declared: readonly (readonly string[])[],
): ResolvedField[][] {
  const groups = [...fields.values()].filter((f) => f.field.flags.unique).map((f) => [f]);
  for (const names of declared) {
    if (names.length < 2) throw new TypeError(`${name}: a unique combination needs two or more fields; use .unique() on a single field`);
    if (new Set(names).size !== names.length) throw new TypeError(`${name}: unique [${names.join(', ')}] repeats a field`);
    const unknown = names.filter((n) => !fields.has(n));
    if (unknown.length > 0) throw new TypeError(`${name}: unique [${names.join(', ')}] names unknown field ${unknown.join(', ')}`);
    groups.push(names.map((n) => fields.get(n) as ResolvedField));
  }
  return groups;
}

/** Any resource, whatever its fields. */
export type AnyResource = Resource<Record<string, AnyField>>;

/**
 * Declares a resource. Its name is the plural used in paths (`/api/v1/<name>` by
 * default; see `path` and the app's `api.basePath`).
 *
 * @example
 * export const markets = resource('markets', {
 *   fields: {
 *     name: field.string({ min: 1, max: 200 }).searchable(),
 *     status: field.enum(['active', 'closed']).default('active').filterable(),
 *   },
 *   access: { list: allow.public, read: allow.public, create: allow.role('admin'), update: allow.role('admin'), delete: allow.role('admin') },
 * });
 */
export function resource<F extends Record<string, AnyField>, const C extends Readonly<Record<string, Computed>> = Record<never, Computed>>(
  name: string,
  definition: ResourceDefinition<F> & { computed?: C },
): Resource<F> & { readonly _record: InferComputed<C> } {
  // `_record` is a type carrier only (declared, never set): the cast adds the computed fields' types.
  return new Resource(name, definition) as Resource<F> & { readonly _record: InferComputed<C> };
}

import type { ApiOptions } from '../wire/paths.js';
import { apiPaths } from '../wire/paths.js';
import { resolveEnvelope, type Envelope } from '../wire/envelopes.js';
import { routesShape } from '../resources/nesting.js';
import type { RecordData } from '../resources/records.js';
import type { AnyResource } from '../resources/resource.js';

/** Where a resource's routes are and how its bodies are wrapped, as the app serves them. */
export interface ResourceWire {
  /** The collection URL; a nested resource's needs its parent record. */
  collection(parent?: RecordData): string;
  item(record: RecordData, parent?: RecordData): string;
  /** A request body as the app's envelope wants it. */
  wrap(body: Record<string, unknown>): unknown;
  /** The rows of a list answer. */
  rows(body: unknown): RecordData[];
  /** The record of a one-record answer. */
  one(body: unknown): RecordData | undefined;
}

/**
 * The resource's wire, from the same path and envelope code the app mounts its routes with.
 *
 * @example
 * resourceWire(comments, lookup, { basePath: '/api' }).collection(article); // '/api/articles/how-to/comments'
 */
export function resourceWire(resource: AnyResource, lookup: (name: string) => AnyResource | undefined, api: ApiOptions = {}): ResourceWire {
  const shape = routesShape(resource, lookup, apiPaths(api).base);
  const envelope: Envelope = resolveEnvelope(resource.definition.envelope ?? api.envelope, resource.name);
  const target = shape.nest?.target;
  const fill = (path: string, values: Record<string, unknown>) =>
    path.replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) => (values[name] === undefined ? whole : encodeURIComponent(String(values[name]))));
  const parentValues = (parent?: RecordData): Record<string, unknown> =>
    shape.nest && target && parent ? { [shape.nest.param]: parent[target.lookup.name] } : {};
  return {
    collection: (parent) => fill(shape.collection, parentValues(parent)),
    item: (record, parent) => fill(shape.item, { ...parentValues(parent), [shape.own.name]: record[resource.lookup.name] }),
    wrap: (body) => (envelope.bodyKey ? { [envelope.bodyKey]: body } : body),
    rows: (body) => {
      if (Array.isArray(body)) return body as RecordData[];
      if (envelope.kind === 'data') return ((body as { data?: unknown }).data as RecordData[] | undefined) ?? [];
      const list = Object.values((body ?? {}) as Record<string, unknown>).find(Array.isArray);
      return (list as RecordData[] | undefined) ?? [];
    },
    one: (body) => {
      if (envelope.kind === 'bare') return body as RecordData;
      const value = envelope.kind === 'data' ? (body as { data?: unknown } | null)?.data : Object.values((body ?? {}) as Record<string, unknown>)[0];
      return value && typeof value === 'object' ? (value as RecordData) : undefined;
    },
  };
}

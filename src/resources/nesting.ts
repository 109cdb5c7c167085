import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { ResourceLookup } from './include.js';
import { itemParams, type ItemParams } from './item-params.js';
import type { RecordKey } from './record-key.js';
import type { AnyResource, ResolvedField } from './resource.js';

/** Where a resource's routes live, and for a nested resource how its parent is named. */
export interface RoutesShape {
  /** Fastify paths under the API's base: `/api/v1/comments` or `/api/v1/articles/:slug/comments`. */
  collection: string;
  /** The collection path plus the record's own parameter. */
  item: string;
  /** Path parameters of the collection routes (none unless nested) and of the item routes. */
  collectionParams: z.ZodType;
  itemParams: z.ZodType;
  /** The record's own parameter. */
  own: ItemParams;
  /** An item's text for cache keys: with the parent's, so an item is never served under another parent. */
  itemText(params: unknown): string;
  nest?: {
    /** The child's reference field to the parent. */
    field: ResolvedField;
    target: AnyResource;
    /** The parent's path parameter name. */
    param: string;
    key(params: unknown): RecordKey;
    text(params: unknown): string;
  };
}

/**
 * The paths and parameters of a resource's routes. A nested resource's parent parameter
 * is named after the parent's lookup (`slug`, `id`), or `<parent field><Lookup>` when the
 * child's own parameter has that name (`/projects/:projectId/tasks/:id`).
 *
 * @example
 * routesShape(comments, lookup, '/api/v1').collection; // '/api/v1/articles/:slug/comments'
 */
export function routesShape(resource: AnyResource, lookup: ResourceLookup, base: string): RoutesShape {
  const own = itemParams(resource);
  const field = resource.parent;
  const target = field && lookup(field.field.spec.reference?.resource ?? '');
  if (!field || !target) {
    return {
      collection: `${base}${resource.segment}`,
      item: `${base}${resource.segment}/:${own.name}`,
      collectionParams: z.strictObject({}),
      itemParams: own.schema,
      own,
      itemText: own.text,
    };
  }
  const parent = itemParams(target);
  const param = parent.name === own.name ? `${field.name}${parent.name[0]?.toUpperCase()}${parent.name.slice(1)}` : parent.name;
  const parentValue = shapeOf(parent.schema)[parent.name] as z.ZodType;
  // The parent's key reader finds its value under its own name.
  const asParent = (params: unknown) => ({ [parent.name]: (params as Record<string, unknown>)[param] });
  const collection = `${base}${target.segment}/:${param}${resource.segment}`;
  return {
    collection,
    item: `${collection}/:${own.name}`,
    collectionParams: z.strictObject({ [param]: parentValue }),
    itemParams: z.strictObject({ [param]: parentValue, ...shapeOf(own.schema) }),
    own,
    itemText: (params) => `${parent.text(asParent(params))}/${own.text(params)}`,
    nest: { field, target, param, key: (params) => parent.key(asParent(params)), text: (params) => parent.text(asParent(params)) },
  };
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  return (schema as z.ZodObject).shape as Record<string, z.ZodType>;
}

/**
 * What nesting needs of the other resources: the parent is declared, readable, and not
 * nested itself (one level keeps paths short and the parent check to one query).
 */
export function nestingProblems(resources: readonly AnyResource[]): string[] {
  const problems: string[] = [];
  for (const r of resources) {
    if (!r.parent) continue;
    const name = r.parent.field.spec.reference?.resource;
    const target = resources.find((t) => t.name === name);
    if (!target) problems.push(`${r.name}: parent "${r.parent.name}" references "${name}", which is not a declared resource`);
    else if (target.parent) problems.push(`${r.name}: its parent ${target.name} is nested itself; nest one level only`);
    else if (!target.enabled.includes('read')) problems.push(`${r.name}: its parent ${target.name} has no read operation`);
  }
  return problems;
}

/** The 404 of a nested request whose parent is missing or not readable by the caller. */
export function parentNotFound(target: AnyResource, text: string): AppError {
  return new AppError('RAMPART_NOT_FOUND', `No ${target.name} record with ${target.lookup.name} ${text}.`);
}

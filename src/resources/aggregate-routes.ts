import type { Aggregate } from './aggregates.js';
import type { JsonSchema } from './fields/field.js';
import type { AnyResource } from './resource.js';
import { fieldJsonSchema } from './schemas.js';

/** List parameters an aggregate route refuses: it takes filters and `q` only. */
export const aggregateControls = ['limit', 'offset', 'cursor', 'sort', 'fields', 'include', 'total'];

/** `/tags` of a resource under `/api/v1/articles` → `/api/v1/tags`: routes are relative to the API base. */
export function aggregatePath(resource: AnyResource, route: string): string {
  return `${resource.path.slice(0, resource.path.lastIndexOf('/'))}${route}`;
}

/** `{ data: [...values], truncated }`, values typed as the field's (an array's: as its elements). */
export function aggregateResponseSchema(resource: AnyResource, agg: Aggregate): JsonSchema {
  const f = resource.field(agg.field);
  // An array field's aggregate lists its elements.
  const element = f?.field.spec.element;
  const { readOnly: _readOnly, ...value }: JsonSchema = element ? { ...element.output } : f ? fieldJsonSchema(f) : {};
  const item: JsonSchema =
    agg.kind === 'countBy'
      ? { type: 'object', required: ['value', 'count'], properties: { value, count: { type: 'integer' } }, additionalProperties: false }
      : value;
  return {
    type: 'object',
    required: ['data', 'truncated'],
    properties: {
      data: { type: 'array', items: item, maxItems: agg.max },
      truncated: { type: 'boolean', description: `More than ${agg.max} values exist; the first ${agg.max} are listed.` },
    },
    additionalProperties: false,
  };
}

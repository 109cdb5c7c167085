import type { Aggregate } from './aggregates.js';
import type { JsonSchema } from './fields/field.js';
import type { AnyResource } from './resource.js';
import type { Envelope } from '../wire/envelopes.js';
import { fieldJsonSchema } from './schemas.js';

/** List parameters an aggregate route refuses: it takes filters and `q` only. */
export const aggregateControls = ['limit', 'offset', 'cursor', 'sort', 'fields', 'include', 'total'];

/** `/tags` → `/api/v1/tags`: aggregate routes are relative to the API's base path, not to their resource. */
export function aggregatePath(base: string, route: string): string {
  return `${base}${route}`;
}

/**
 * The values, typed as the field's (an array's: as its elements), in the resource's
 * envelope: `{ data: [...values], truncated }` by default.
 */
export function aggregateResponseSchema(resource: AnyResource, agg: Aggregate, envelope: Envelope, name: string): JsonSchema {
  const f = resource.field(agg.field);
  // An array field's aggregate lists its elements.
  const element = f?.field.spec.element;
  const { readOnly: _readOnly, ...value }: JsonSchema = element ? { ...element.output } : f ? fieldJsonSchema(f) : {};
  const item: JsonSchema =
    agg.kind === 'countBy'
      ? { type: 'object', required: ['value', 'count'], properties: { value, count: { type: 'integer' } }, additionalProperties: false }
      : value;
  return envelope.valuesSchema(
    name,
    { type: 'array', items: item, maxItems: agg.max },
    { type: 'boolean', description: `More than ${agg.max} values exist; the first ${agg.max} are listed.` },
  );
}

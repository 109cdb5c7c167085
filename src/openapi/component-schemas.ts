import type { z } from 'zod';
import type { JsonSchema } from '../resources/fields/field.js';
import { schemaRef, type Reference } from './openapi-objects.js';
import { rebaseRefs, zodJsonSchema } from './zod-json-schema.js';

/**
 * The `components.schemas` section under construction. Names stay unique: a clash
 * (two routes deriving the same name) gets a numeric suffix instead of silently
 * replacing the first schema.
 *
 * @example
 * const schemas = new ComponentSchemas();
 * const ref = schemas.addZod('MarketSummary', summarySchema, 'output');
 * // ref = { $ref: '#/components/schemas/MarketSummary' }
 */
export class ComponentSchemas {
  readonly schemas: Record<string, JsonSchema> = {};

  /** Registers a JSON Schema under `name` (or a free variant of it) and returns its ref. */
  add(name: string, schema: JsonSchema): Reference {
    const free = this.freeName(name);
    this.schemas[free] = rebaseRefs(schema, `#/components/schemas/${free}`);
    return schemaRef(free);
  }

  /** Converts a zod schema and registers it; see {@link zodJsonSchema} for `io`. */
  addZod(name: string, schema: z.ZodType, io: 'input' | 'output'): Reference {
    return this.add(name, zodJsonSchema(schema, io));
  }

  private freeName(name: string): string {
    let candidate = name;
    for (let n = 2; candidate in this.schemas; n++) candidate = `${name}${n}`;
    return candidate;
  }
}

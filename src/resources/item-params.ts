import { z } from 'zod';
import type { RecordKey } from './record-key.js';
import type { AnyResource } from './resource.js';

const idSchema = z.uuid({ error: 'expected a UUID' }).transform((v) => v.toLowerCase());

/** How a resource's item routes read the record's key from the path. */
export interface ItemParams {
  /** The path parameter's name: `id`, or the `lookup` field's. */
  name: string;
  schema: z.ZodType;
  /** The validated params as the service's key. */
  key(params: unknown): RecordKey;
  /** The key as text, for cache keys. */
  text(params: unknown): string;
}

/**
 * The `/:id` (or `/:slug`) parameter of a resource's item routes. A lookup value is
 * parsed like a filter value of its field (an integer lookup takes digits only), so a
 * malformed one is a 400 naming the parameter, and any other a lookup that may 404.
 *
 * @example
 * itemParams(articles).key({ slug: 'hello' }); // { slug: 'hello' }
 */
export function itemParams(resource: AnyResource): ItemParams {
  const f = resource.lookup;
  if (f.name === 'id') {
    return { name: 'id', schema: z.strictObject({ id: idSchema }), key: (params) => (params as { id: string }).id, text: (params) => (params as { id: string }).id };
  }
  const value = z.string().transform((raw, ctx) => {
    try {
      return f.field.spec.parseQueryValue(raw) as string | number;
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'invalid value' });
      return z.NEVER;
    }
  });
  const read = (params: unknown) => (params as Record<string, string | number>)[f.name] as string | number;
  return {
    name: f.name,
    schema: z.strictObject({ [f.name]: value }),
    key: (params) => ({ [f.name]: read(params) }),
    text: (params) => String(read(params)),
  };
}

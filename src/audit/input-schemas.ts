import type { z } from 'zod';

interface ZodDef {
  type?: string;
  catchall?: { _zod?: { def?: ZodDef } };
  shape?: Record<string, { _zod?: { def?: ZodDef } }>;
  innerType?: { _zod?: { def?: ZodDef } };
  in?: { _zod?: { def?: ZodDef } };
}

const defOf = (schema: unknown): ZodDef | undefined => (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;

/**
 * The paths of object schemas inside `schema` that strip unknown keys (`z.object`) rather
 * than refuse them (`z.strictObject`) or keep them on purpose (`z.looseObject`), e.g.
 * `['(root)', 'user']`. Wrappers (optional, nullable, default, pipe) are looked through.
 *
 * @example
 * strippingObjects(z.object({ user: z.strictObject({}) })); // ['(root)']
 */
export function strippingObjects(schema: z.ZodType | undefined, path = '(root)', depth = 0): string[] {
  let def = defOf(schema);
  for (let i = 0; def && i < 8 && (def.innerType || (def.type === 'pipe' && def.in)); i++) def = defOf(def.innerType ?? def.in);
  if (!def || def.type !== 'object' || depth > 6) return [];
  const own = def.catchall === undefined ? [path] : [];
  const nested = Object.entries(def.shape ?? {}).flatMap(([key, value]) => strippingObjects(value as unknown as z.ZodType, path === '(root)' ? key : `${path}.${key}`, depth + 1));
  return [...own, ...nested];
}

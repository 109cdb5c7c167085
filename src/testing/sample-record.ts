import { fromUnits, toUnits } from '../resources/fields/decimal.js';
import type { AnyField, JsonSchema } from '../resources/fields/index.js';
import type { AnyResource } from '../resources/resource.js';

/** Options of {@link sampleRecord}. */
export interface SampleOptions {
  /** Ids for the reference fields (field name → id of the referenced record). */
  refs?: Record<string, string>;
  /** Also fill optional and defaulted fields (default: required fields only, plus references given). */
  all?: boolean;
}

let counter = 0;

function clamp(n: number, min: unknown, max: unknown): number {
  let value = n;
  if (typeof max === 'number') value = Math.min(value, max);
  if (typeof min === 'number') value = Math.max(value, min);
  return value;
}

/** A value the schema accepts; strings and numbers differ from call to call (unique fields). */
function sampleOf(schema: JsonSchema, name: string, n: number): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return true;
    case 'integer':
      return clamp(n, schema.minimum, schema.maximum);
    case 'number':
      return clamp(n + 0.5, schema.minimum, schema.maximum);
    case 'array':
      return [sampleOf((schema.items as JsonSchema | undefined) ?? { type: 'string' }, name, n)];
    case 'object':
      return { sample: n };
    case 'string':
      break;
    default:
      return { sample: n };
  }
  if (schema.format === 'date-time') return new Date(Date.UTC(2026, 0, 1 + (n % 28), 12)).toISOString();
  if (schema.format === 'email') return `${name}${n}@example.com`;
  if (schema.format === 'uri' || schema.format === 'url') return `https://example.com/${name}/${n}`;
  if (typeof schema.pattern === 'string') throw new Error(`sampleRecord: ${name} has a pattern (${schema.pattern}); pass its value yourself`);
  const text = `${name} ${n}`;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 200;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return (text.length > max ? text.slice(-max) : text).padEnd(min, 'x');
}

/** A decimal within the field's bounds: `n` whole units, moved inside them. */
function sampleDecimal(field: AnyField, n: number): string {
  const { scale } = field.spec.decimal!;
  const { min, max, exclusiveMin } = field.spec.decimalBounds ?? {};
  const units = (text: string) => toUnits(text, scale)!;
  let value = BigInt(n) * 10n ** BigInt(scale);
  if (max !== undefined && value > units(max)) value = units(max);
  if (min !== undefined && (exclusiveMin ? value <= units(min) : value < units(min))) value = units(min) + (exclusiveMin ? 1n : 0n);
  return fromUnits(value, scale);
}

/**
 * A valid create body for `resource`, from its field declarations: every required field
 * (and with `all`, every field) gets a value its schema accepts, references the ids in
 * `refs`. Strings and numbers change from call to call, so unique fields do not clash.
 * The owner field is never filled: the server sets it.
 *
 * @example
 * const body = sampleRecord(tasks, { refs: { project: project.id } });
 * await t.post(t.url(tasks), body, { as: ann });
 */
export function sampleRecord(resource: AnyResource, options: SampleOptions = {}): Record<string, unknown> {
  const n = ++counter;
  const fields = resource.definition.fields as Record<string, AnyField>;
  const body: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (name === resource.owner?.field || field.flags.readOnly || field.flags.derive) continue;
    if (field.spec.reference) {
      const id = options.refs?.[name];
      if (id !== undefined) body[name] = id;
      else if (field.flags.presence === 'required') throw new Error(`sampleRecord: ${resource.name}.${name} references ${field.spec.reference.resource}; pass its id in refs.${name}`);
      continue;
    }
    if (field.flags.presence !== 'required' && !options.all) continue;
    body[name] = field.spec.decimal ? sampleDecimal(field, n) : sampleOf(field.spec.output, name, n);
  }
  return body;
}

import { randomUUID } from 'node:crypto';
import type { AnyField } from '../resources/fields/field.js';

/**
 * Valid values for a field, made from its declaration: the matrix writes records through
 * the app's own validation, so a value is only offered once the field's input schema
 * accepts it. `n` makes values distinct (unique fields, a changed value for updates).
 * References are the arranger's business (they need a record to point at).
 */
export function sampleValue(f: AnyField, n: number, where: string): unknown {
  for (const candidate of candidates(f, n)) {
    const checked = f.spec.input.safeParse(candidate);
    if (checked.success) return checked.data;
  }
  throw new Error(`test:authz cannot make a valid value for ${where} (${f.spec.kind}); give it a default or make it optional, or report the field`);
}

function candidates(f: AnyField, n: number): unknown[] {
  const out = f.spec.output;
  switch (f.spec.kind) {
    case 'string':
      return stringCandidates(out, n);
    case 'integer':
    case 'number': {
      const min = typeof out.minimum === 'number' ? out.minimum : typeof out.exclusiveMinimum === 'number' ? out.exclusiveMinimum + 1 : 1;
      const max = typeof out.maximum === 'number' ? out.maximum : Number.MAX_SAFE_INTEGER;
      return [Math.min(min + n, max), min, max, 1, 0];
    }
    case 'decimal':
      return [`${n + 1}`, `${n + 1}.00`, `${n + 1}.5`, '1', '0.01', '0'];
    case 'boolean':
      return [n % 2 === 0, n % 2 !== 0];
    case 'enum': {
      const values = Array.isArray(out.enum) ? (out.enum as unknown[]) : [];
      return values.length === 0 ? [] : [values[n % values.length], ...values];
    }
    case 'timestamp':
      return [new Date(Date.UTC(2030, 0, 1) + n * 60_000).toISOString()];
    case 'json':
      return [{ sample: n }];
    case 'uuid':
      return [randomUUID()];
    default:
      if (f.spec.element) return arrayCandidates(f, n);
      return [`sample${n}`, n, true, {}];
  }
}

function stringCandidates(out: Record<string, unknown>, n: number): string[] {
  const min = typeof out.minLength === 'number' ? out.minLength : 0;
  const max = typeof out.maxLength === 'number' ? out.maxLength : 10_000;
  const fit = (s: string) => (s.length < min ? s.padEnd(min, 'x') : s).slice(0, max);
  if (out.format === 'email') return [fit(`sample${n}@example.com`)];
  if (out.format === 'uri') return [fit(`https://example.com/s${n}`)];
  return [fit(`sample ${n}`), fit(`sample${n}`), fit(`s${n}`), fit(String(n)), fit('a'.repeat(Math.max(min, 1)))];
}

function arrayCandidates(f: AnyField, n: number): unknown[] {
  const min = typeof f.spec.output.minItems === 'number' ? f.spec.output.minItems : 0;
  if (min === 0) return [[]];
  const element = f.spec.element;
  if (!element) return [];
  const items: unknown[] = [];
  for (let i = 0; i < min; i++) {
    const value = (candidatesOfKind(element, n * 100 + i) as unknown[]).find((c) => element.input.safeParse(c).success);
    items.push(value);
  }
  return [items];
}

function candidatesOfKind(spec: AnyField['spec'], n: number): unknown[] {
  return candidates({ spec, flags: { presence: 'required', unique: false, index: false, filterable: false, sortable: false, searchable: false } } as unknown as AnyField, n);
}

import type { AnyResource } from '../resource.js';
import { fail } from './query-issues.js';

function names(param: string, raw: string): string[] {
  const parts = raw.split(',');
  if (parts.some((p) => p === '')) fail(param, 'expected comma-separated field names, e.g. id,name');
  return [...new Set(parts)];
}

/**
 * Parses `fields`: declared field names (system fields included). `id` always comes
 * first, because clients and `include` need it to identify each record.
 *
 * @example
 * parseFields(markets, 'name,volume'); // ['id', 'name', 'volume']
 */
export function parseFields(resource: AnyResource, raw: string): string[] {
  const requested = names('fields', raw);
  const computed = Object.keys(resource.definition.computed ?? {});
  const unknown = requested.filter((n) => !resource.field(n) && !computed.includes(n));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `"${n}"`).join(', ');
    fail('fields', `unknown field ${list}; fields are ${[...resource.fields.keys(), ...computed].join(', ')}`);
  }
  return ['id', ...requested.filter((n) => n !== 'id')];
}

/**
 * Parses `include`: names of reference fields whose records to embed, and of declared
 * relations whose records to embed as arrays; `a.b` also embeds what `b` names in each
 * embedded `a` (one level deeper at most, checked against `a`'s resource when loading).
 * `a.b` implies `a`.
 *
 * @example
 * parseInclude(articles, 'comments.author'); // ['comments', 'comments.author']
 */
export function parseInclude(resource: AnyResource, raw: string): string[] {
  const requested = names('include', raw);
  const references = includable(resource);
  const tooDeep = requested.filter((n) => n.split('.').length > 2 || n.split('.').some((part) => part === ''));
  if (tooDeep.length > 0) fail('include', `${tooDeep.map((n) => `"${n}"`).join(', ')} goes deeper than one nested level (a.b)`);
  const bad = requested.filter((n) => !references.includes(n.split('.')[0] as string));
  if (bad.length > 0) {
    const list = bad.map((n) => `"${n}"`).join(', ');
    const allowed = references.length > 0 ? `reference fields and relations are ${references.join(', ')}` : 'there are none';
    fail('include', `${list} is not a reference field or relation; ${allowed}`);
  }
  const implied = requested.flatMap((n) => (n.includes('.') ? [n.split('.')[0] as string] : []));
  return [...new Set([...requested.filter((n) => !n.includes('.')), ...implied, ...requested.filter((n) => n.includes('.'))])];
}

/** What `?include=` may name: reference fields, then declared relations. */
export function includable(resource: AnyResource): string[] {
  const references = [...resource.fields.values()].filter((f) => f.field.spec.reference).map((f) => f.name);
  return [...references, ...Object.keys(resource.definition.relations ?? {})];
}

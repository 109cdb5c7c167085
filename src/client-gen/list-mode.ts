import type { Json } from './schema-types.js';

/** How a list operation's pages follow each other (see the runtime's page iterator). */
export type ListMode = { kind: 'cursor' } | { kind: 'link' } | { kind: 'offset'; items: string };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * How a list operation pages, read from its document: Rampart's default envelope carries
 * `pagination.nextCursor`; a bare envelope answers an array with the next page in a
 * `Link` header; a named envelope (`{ articles, articlesCount }`) pages by `offset`.
 * Undefined for an operation that is not a list (no `limit` and `cursor`/`offset`
 * query parameters, or no 200 answer of one of those shapes).
 *
 * @example
 * listMode(document.paths['/api/v1/markets'].get, deref); // { kind: 'cursor' }
 */
export function listMode(operation: Json, deref: (value: unknown) => Json): ListMode | undefined {
  const query = (Array.isArray(operation.parameters) ? operation.parameters : []).map(deref).filter((p) => p.in === 'query').map((p) => p.name);
  if (!query.includes('limit') || !(query.includes('cursor') || query.includes('offset'))) return undefined;
  const ok = deref(isObject(operation.responses) ? operation.responses['200'] : undefined);
  const content = isObject(ok.content) ? ok.content['application/json'] : undefined;
  const schema = deref(isObject(content) ? content.schema : undefined);
  if (schema.type === 'array') return isObject(ok.headers) && 'Link' in ok.headers && query.includes('cursor') ? { kind: 'link' } : undefined;
  const properties = isObject(schema.properties) ? schema.properties : {};
  if ('pagination' in properties && query.includes('cursor')) return { kind: 'cursor' };
  const items = Object.keys(properties).find((name) => deref(properties[name]).type === 'array');
  return items !== undefined && query.includes('offset') ? { kind: 'offset', items } : undefined;
}

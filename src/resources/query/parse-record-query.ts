import type { AnyResource } from '../resource.js';
import { parseFields, parseInclude } from './parse-projection.js';
import { IssueCollector, invalidQuery } from './query-issues.js';

/** A parsed query string of a single-record request (`GET /:id`). */
export interface RecordQuery {
  /** The fields to return (always with `id`); undefined for all. */
  fields?: string[];
  /** Reference fields whose records to embed. */
  include: string[];
}

/**
 * Parses the query string of a single-record request: only `fields` and `include`
 * exist there; anything else (filters, `limit`, a repeated parameter) is a 400 naming
 * it, as on lists. Included reference fields are added to `fields`.
 *
 * @example
 * parseRecordQuery(markets, { fields: 'name', include: 'creator' });
 * // { fields: ['id', 'name', 'creator'], include: ['creator'] }
 */
export function parseRecordQuery(resource: AnyResource, query: Record<string, unknown>): RecordQuery {
  const issues = new IssueCollector();
  let fields: string[] | undefined;
  let include: string[] = [];
  for (const [param, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const known = param === 'fields' || param === 'include';
    if (!known) {
      issues.list.push({ param, message: 'unknown parameter; expected fields or include', unknown: true });
    } else if (typeof value !== 'string') {
      const message = Array.isArray(value) ? 'given more than once; give it once' : 'expected a single value';
      issues.list.push({ param, message });
    } else if (param === 'fields') {
      fields = issues.attempt(() => parseFields(resource, value));
    } else {
      include = issues.attempt(() => parseInclude(resource, value)) ?? [];
    }
  }
  if (issues.list.length > 0) throw invalidQuery(issues.list);
  const out: RecordQuery = { include };
  if (fields) out.fields = [...fields, ...include.filter((name) => !fields?.includes(name))];
  return out;
}

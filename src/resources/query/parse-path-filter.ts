import type { Operator } from '../fields/field.js';
import type { ResolvedPath } from '../relations/resolve-paths.js';
import type { PathFilter } from './list-query.js';
import { maxInValues } from './parse-filter.js';
import { fail, messageOf } from './query-issues.js';

const pathKey = /^([a-zA-Z][a-zA-Z0-9.]*)(?:\[([^\]]*)\])?$/;

/** The declared path a parameter names (`author`, `author.name`, `author[in]`), if any. */
export function pathTarget(paths: ReadonlyMap<string, ResolvedPath> | undefined, param: string): { path: ResolvedPath; op: string } | undefined {
  const match = pathKey.exec(param);
  const path = match?.[1] === undefined ? undefined : paths?.get(match[1]);
  return path && { path, op: match?.[2] ?? 'eq' };
}

/**
 * Parses a relation filter: the leaf field's operators and values, and `me` (eq, ne)
 * where the leaf holds user ids.
 *
 * @example
 * parsePathFilter(target, 'favorited', 'me'); // { param: 'favorited', op: 'eq', value: null, me: true }
 */
export function parsePathFilter(target: { path: ResolvedPath; op: string }, param: string, raw: string): PathFilter {
  const { path, op } = target;
  const spec = path.leaf.field.spec;
  if (!(spec.operators as readonly string[]).includes(op)) {
    fail(param, `unsupported operator "${op}"; "${path.name}" supports ${spec.operators.join(', ')}`);
  }
  const operator = op as Operator;
  if (raw === 'me' && path.takesMe) {
    if (operator !== 'eq' && operator !== 'ne') fail(param, '"me" goes with eq or ne only');
    return { param: path.name, op: operator, value: null, me: true };
  }
  const parse = (part: string, prefix = '') => {
    try {
      return spec.parseQueryValue(part);
    } catch (error) {
      return fail(param, prefix + messageOf(error));
    }
  };
  if (operator !== 'in') return { param: path.name, op: operator, value: parse(raw) };
  const parts = raw.split(',');
  if (parts.length > maxInValues) fail(param, `expected at most ${maxInValues} comma-separated values`);
  const values = parts.map((part, i) => parse(part, `value ${i + 1}: `));
  // An array leaf holding any of the values, as parseFilter spells it.
  if (spec.element) return { param: path.name, op: 'contains', value: values.flat() };
  return { param: path.name, op: operator, value: values };
}

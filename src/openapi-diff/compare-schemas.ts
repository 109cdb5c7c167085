import type { ChangeKind } from './change.js';
import { comparePatterns } from './compare-patterns.js';
import { isObject, shapeOf, type Deref, type Json, type Shape } from './schema-shape.js';

/**
 * Which way values flow: `input` (what a client sends: the new schema must accept all
 * the old one did) or `output` (what a client receives: the new schema must not produce
 * what the old one could not, nor drop what it promised).
 */
export type Direction = 'input' | 'output';

/** Where the comparison reports what it finds. */
export interface SchemaContext {
  direction: Direction;
  oldDeref: Deref;
  newDeref: Deref;
  report(kind: ChangeKind, reason: string): void;
}

const maxDepth = 12;

// [keyword, 'upper' | 'lower']: an upper bound lowered (or a lower bound raised) accepts less.
const bounds: [string, 'upper' | 'lower'][] = [
  ['maximum', 'upper'],
  ['exclusiveMaximum', 'upper'],
  ['maxLength', 'upper'],
  ['maxItems', 'upper'],
  ['maxProperties', 'upper'],
  ['minimum', 'lower'],
  ['exclusiveMinimum', 'lower'],
  ['minLength', 'lower'],
  ['minItems', 'lower'],
  ['minProperties', 'lower'],
];

const show = (value: unknown) => JSON.stringify(value);

/** A type the other allows, counting integer as a number. */
function allows(types: string[], type: string): boolean {
  return types.length === 0 || types.includes(type) || (type === 'integer' && types.includes('number'));
}

function compareTypes(before: Shape, after: Shape, where: string, ctx: SchemaContext): boolean {
  const dropped = before.types.length === 0 ? (after.types.length > 0 ? ['any type'] : []) : before.types.filter((t) => !allows(after.types, t));
  const added = after.types.length === 0 ? (before.types.length > 0 ? ['any type'] : []) : after.types.filter((t) => !allows(before.types, t));
  const text = `${before.types.join(' or ') || 'any'} → ${after.types.join(' or ') || 'any'}`;
  if (ctx.direction === 'input') {
    if (dropped.length > 0) ctx.report('type-narrowed', `${where}: type changed (${text}); ${dropped.join(', ')} no longer accepted`);
    else if (added.length > 0) ctx.report('type-widened', `${where}: now also accepts ${added.join(', ')}`);
  } else if (added.length > 0) {
    ctx.report('response-type-changed', `${where}: type changed (${text})`);
  } else if (dropped.length > 0) {
    ctx.report('type-widened', `${where}: narrowed to ${after.types.join(' or ')}`);
  }
  if (before.nullable !== after.nullable) {
    if (ctx.direction === 'input') ctx.report(before.nullable ? 'type-narrowed' : 'type-widened', `${where}: null ${before.nullable ? 'no longer' : 'now'} accepted`);
    else ctx.report(after.nullable ? 'response-type-changed' : 'type-widened', `${where}: ${after.nullable ? 'may now be null' : 'never null now'}`);
  }
  return dropped.length === 0 && added.length === 0;
}

function compareEnums(before: Json, after: Json, where: string, ctx: SchemaContext): void {
  const values = (s: Json): unknown[] | undefined => (Array.isArray(s.enum) ? s.enum : s.const !== undefined ? [s.const] : undefined);
  const old = values(before);
  const now = values(after);
  if (!old && !now) return;
  if (ctx.direction === 'input') {
    if (!now) return ctx.report('type-widened', `${where}: any value accepted now (was ${old!.map(show).join(', ')})`);
    if (!old) return ctx.report('type-narrowed', `${where}: now limited to ${now.map(show).join(', ')}`);
    const removed = old.filter((v) => !now.some((n) => show(n) === show(v)));
    const added = now.filter((v) => !old.some((o) => show(o) === show(v)));
    if (removed.length > 0) ctx.report('type-narrowed', `${where}: enum value${removed.length > 1 ? 's' : ''} ${removed.map(show).join(', ')} removed`);
    if (added.length > 0) ctx.report('type-widened', `${where}: enum value${added.length > 1 ? 's' : ''} ${added.map(show).join(', ')} added`);
    return;
  }
  if (!old) return ctx.report('type-widened', `${where}: now limited to ${now!.map(show).join(', ')}`);
  if (!now) return ctx.report('response-type-changed', `${where}: any value now (was ${old.map(show).join(', ')})`);
  const added = now.filter((v) => !old.some((o) => show(o) === show(v)));
  // A new value in an answer is how enums grow; clients should expect unknown values, so it passes, listed.
  if (added.length > 0) ctx.report('response-enum-value-added', `${where}: may now be ${added.map(show).join(', ')}`);
}

function compareBounds(before: Json, after: Json, where: string, ctx: SchemaContext): void {
  if (ctx.direction === 'output') return;
  for (const [keyword, side] of bounds) {
    const old = typeof before[keyword] === 'number' ? before[keyword] : undefined;
    const now = typeof after[keyword] === 'number' ? after[keyword] : undefined;
    if (old === now) continue;
    const tighter = now !== undefined && (old === undefined || (side === 'upper' ? now < old : now > old));
    const verb = now === undefined ? 'removed' : old === undefined ? 'added' : side === 'upper' ? (tighter ? 'lowered' : 'raised') : tighter ? 'raised' : 'lowered';
    const values = old === undefined ? `${now}` : now === undefined ? `was ${old}` : `${old} → ${now}`;
    ctx.report(tighter ? 'type-narrowed' : 'type-widened', `${where}: ${keyword} ${verb} (${values})`);
  }
}

function compareFormat(before: Json, after: Json, where: string, ctx: SchemaContext): void {
  const old = typeof before.format === 'string' ? before.format : undefined;
  const now = typeof after.format === 'string' ? after.format : undefined;
  if (old === now) return;
  if (ctx.direction === 'input') {
    if (now !== undefined) ctx.report('type-narrowed', `${where}: format ${old === undefined ? `${now} added` : `changed (${old} → ${now})`}`);
    else ctx.report('type-widened', `${where}: format ${old} dropped`);
  } else if (old !== undefined) {
    ctx.report('response-type-changed', `${where}: no longer promised to be ${old}${now ? ` (now ${now})` : ''}`);
  } else {
    ctx.report('type-widened', `${where}: format ${now} promised`);
  }
}

function requiredOf(schema: Json): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
}

function compareObjects(before: Json, after: Json, where: string, ctx: SchemaContext, depth: number): void {
  const oldProps = isObject(before.properties) ? before.properties : {};
  const newProps = isObject(after.properties) ? after.properties : {};
  const oldRequired = requiredOf(before);
  const newRequired = requiredOf(after);
  // `200 body data[].volume`, `body status`, `query parameter volume.gte`.
  const field = (name: string) => (where.endsWith('body') ? `${where} ${name}` : `${where}.${name}`);
  for (const name of Object.keys(oldProps)) {
    if (!(name in newProps)) {
      if (ctx.direction === 'output') ctx.report('response-field-removed', `${field(name)}: no longer returned`);
      else if (after.additionalProperties === false) ctx.report('input-removed', `${field(name)}: no longer accepted (unknown fields are refused)`);
      continue;
    }
    if (ctx.direction === 'output' && oldRequired.has(name) && !newRequired.has(name)) {
      ctx.report('response-field-removed', `${field(name)}: no longer always returned`);
    }
    if (ctx.direction === 'input' && !oldRequired.has(name) && newRequired.has(name)) {
      ctx.report('required-input-added', `${field(name)}: now required`);
    }
    compareSchemas(oldProps[name], newProps[name], field(name), ctx, depth + 1);
  }
  for (const name of Object.keys(newProps)) {
    if (name in oldProps) continue;
    if (ctx.direction === 'output') ctx.report('response-field-added', `${field(name)}: new field`);
    else if (newRequired.has(name)) ctx.report('required-input-added', `${field(name)}: new required field`);
    else ctx.report('optional-input-added', `${field(name)}: new optional field`);
  }
  if (ctx.direction === 'input' && before.additionalProperties !== false && after.additionalProperties === false && Object.keys(oldProps).length > 0) {
    ctx.report('input-removed', `${where || 'body'}: fields beyond the declared ones are refused now`);
  }
}

/**
 * Compares two versions of one schema (either may be a `$ref`) and reports each
 * difference with its kind, as seen from a client in the given direction. `where` names
 * the place in words (`body`, `200 body data[].status`, `query parameter limit`).
 *
 * Written for the regular schemas Rampart generates (objects, arrays, enums, strings
 * with formats, numbers, nullable forms, a reference's id-or-record alternatives), not
 * for every JSON Schema: no maintained JavaScript differ handles OpenAPI 3.1 today.
 *
 * @example
 * compareSchemas(oldBody, newBody, 'body', { direction: 'input', oldDeref, newDeref, report });
 */
export function compareSchemas(before: unknown, after: unknown, where: string, ctx: SchemaContext, depth = 0): void {
  if (depth > maxDepth) return;
  const old = shapeOf(before, ctx.oldDeref);
  const now = shapeOf(after, ctx.newDeref);
  if (old.alternatives || now.alternatives) return compareAlternatives(old, now, where, ctx, depth);
  const sameType = compareTypes(old, now, where, ctx);
  if (!sameType) return;
  compareEnums(old.schema, now.schema, where, ctx);
  compareBounds(old.schema, now.schema, where, ctx);
  compareFormat(old.schema, now.schema, where, ctx);
  if (ctx.direction === 'input') comparePatterns(old.schema.pattern, now.schema.pattern, where, ctx.report);
  if (old.types.includes('object') || isObject(old.schema.properties)) compareObjects(old.schema, now.schema, where, ctx, depth);
  if (old.types.includes('array') && (old.schema.items !== undefined || now.schema.items !== undefined)) {
    compareSchemas(old.schema.items, now.schema.items, `${where}[]`, ctx, depth + 1);
  }
}

/** Alternatives matched by type: a reference field's id (string) or included record (object). */
function compareAlternatives(old: Shape, now: Shape, where: string, ctx: SchemaContext, depth: number): void {
  const single = (s: Shape) => s.alternatives ?? new Map([[s.types.join('|') || 'any', s]]);
  const before = single(old);
  const after = single(now);
  for (const [key, shape] of before) {
    const match = after.get(key);
    if (match) compareSchemas(shape.schema, match.schema, where, ctx, depth + 1);
    else if (ctx.direction === 'input') ctx.report('type-narrowed', `${where}: ${key} no longer accepted`);
    else ctx.report('type-widened', `${where}: never ${key} now`);
  }
  for (const key of after.keys()) {
    if (before.has(key)) continue;
    if (ctx.direction === 'input') ctx.report('type-widened', `${where}: now also accepts ${key}`);
    else ctx.report('response-type-changed', `${where}: may now be ${key}`);
  }
  if (old.nullable !== now.nullable) compareTypes({ ...old, types: [] }, { ...now, types: [] }, where, ctx);
}

import type { ChangeKind } from './change.js';
import { compareAccess, compareRateLimits } from './compare-access.js';
import { compareSchemas, type SchemaContext } from './compare-schemas.js';
import { isObject, type Deref, type Json } from './schema-shape.js';

/** The two documents' `$ref` resolvers and where changes go. */
export interface OperationContext {
  oldDeref: Deref;
  newDeref: Deref;
  report(kind: ChangeKind, reason: string): void;
}

const isSuccess = (status: string) => /^2(\d\d|XX)$/i.test(status);

/** Parameters by place and name; path parameters by position, so renaming `{id}` changes nothing. */
function parametersOf(operation: Json, deref: Deref): Map<string, Json> {
  const out = new Map<string, Json>();
  let position = 0;
  for (const raw of Array.isArray(operation.parameters) ? operation.parameters : []) {
    const p = deref(raw);
    const place = String(p.in);
    const name = String(p.name);
    const key = place === 'path' ? `path:#${position++}` : `${place}:${place === 'header' ? name.toLowerCase() : name}`;
    out.set(key, p);
  }
  return out;
}

/** The list's page maximum is a limit of its own kind; the rest of `limit`'s schema compares as usual. */
function comparePageLimit(name: string, before: Json, after: Json, ctx: OperationContext): [unknown, unknown] {
  const oldSchema = ctx.oldDeref(before.schema);
  const newSchema = ctx.newDeref(after.schema);
  if (name !== 'limit' || typeof oldSchema.maximum !== 'number' || typeof newSchema.maximum !== 'number') return [before.schema, after.schema];
  if (newSchema.maximum !== oldSchema.maximum) {
    const kind = newSchema.maximum < oldSchema.maximum ? 'limit-lowered' : 'limit-raised';
    ctx.report(kind, `page size maximum ${oldSchema.maximum} → ${newSchema.maximum} (query parameter limit)`);
  }
  return [{ ...oldSchema, maximum: undefined }, { ...newSchema, maximum: undefined }];
}

function compareParameters(before: Json, after: Json, ctx: OperationContext, schemas: SchemaContext): void {
  const old = parametersOf(before, ctx.oldDeref);
  const now = parametersOf(after, ctx.newDeref);
  for (const [key, p] of old) {
    const q = now.get(key);
    const label = `${String(p.in)} parameter ${String(p.name)}`;
    if (!q) {
      ctx.report('input-removed', `${label}: removed${p.in === 'query' ? ' (unknown query parameters are refused)' : ''}`);
      continue;
    }
    if (p.required !== true && q.required === true) ctx.report('required-input-added', `${label}: now required`);
    const [a, b] = comparePageLimit(String(p.name), p, q, ctx);
    compareSchemas(a, b, label, schemas);
  }
  for (const [key, q] of now) {
    if (old.has(key)) continue;
    const label = `${String(q.in)} parameter ${String(q.name)}`;
    ctx.report(q.required === true ? 'required-input-added' : 'optional-input-added', `${label}: new${q.required === true ? ', required' : ''}`);
  }
}

function compareBodies(before: Json, after: Json, ctx: OperationContext, schemas: SchemaContext): void {
  const old = ctx.oldDeref(before.requestBody);
  const now = ctx.newDeref(after.requestBody);
  const oldContent = isObject(old.content) ? old.content : {};
  const newContent = isObject(now.content) ? now.content : {};
  if (Object.keys(newContent).length === 0) {
    if (Object.keys(oldContent).length > 0) ctx.report('input-removed', 'body: no longer accepted');
    return;
  }
  if (Object.keys(oldContent).length === 0) {
    ctx.report(now.required === true ? 'required-input-added' : 'optional-input-added', `body: new${now.required === true ? ', required' : ''}`);
    return;
  }
  if (old.required !== true && now.required === true) ctx.report('required-input-added', 'body: now required');
  for (const [type, media] of Object.entries(oldContent)) {
    const next = newContent[type];
    if (!isObject(next)) ctx.report('input-removed', `body: ${type} no longer accepted`);
    else compareSchemas(isObject(media) ? media.schema : undefined, next.schema, 'body', schemas);
  }
}

function compareResponse(status: string, before: Json, after: Json, ctx: OperationContext, schemas: SchemaContext): void {
  const oldHeaders = isObject(before.headers) ? before.headers : {};
  const newHeaders = isObject(after.headers) ? after.headers : {};
  for (const [name, header] of Object.entries(oldHeaders)) {
    if (!(name in newHeaders)) {
      if (isObject(header) && header.required === true) ctx.report('response-field-removed', `${status} header ${name}: no longer sent`);
    } else if (isObject(header) && header.required === true && ctx.newDeref(newHeaders[name]).required !== true) {
      ctx.report('response-field-removed', `${status} header ${name}: no longer always sent`);
    }
  }
  for (const name of Object.keys(newHeaders)) if (!(name in oldHeaders)) ctx.report('response-field-added', `${status} header ${name}: new`);
  const oldContent = isObject(before.content) ? before.content : {};
  const newContent = isObject(after.content) ? after.content : {};
  for (const [type, media] of Object.entries(oldContent)) {
    const next = newContent[type];
    if (!isObject(next)) ctx.report('response-field-removed', `${status} body: no ${type} body any more`);
    else compareSchemas(isObject(media) ? media.schema : undefined, next.schema, `${status} body`, schemas);
  }
}

function compareResponses(before: Json, after: Json, ctx: OperationContext, schemas: SchemaContext): void {
  const old = isObject(before.responses) ? before.responses : {};
  const now = isObject(after.responses) ? after.responses : {};
  const oldSuccess = Object.keys(old).filter(isSuccess);
  const newSuccess = Object.keys(now).filter(isSuccess);
  for (const status of oldSuccess) {
    if (!newSuccess.includes(status)) {
      ctx.report('success-status-changed', `success status ${status} removed (now ${newSuccess.join(', ') || 'none'})`);
    } else {
      compareResponse(status, ctx.oldDeref(old[status]), ctx.newDeref(now[status]), ctx, schemas);
    }
  }
  for (const status of newSuccess) if (!oldSuccess.includes(status)) ctx.report('success-status-added', `success status ${status} added`);
}

/**
 * Compares two versions of one operation: access rule, request budget, parameters
 * (with the page maximum), request body and success responses (statuses, headers and
 * bodies). Error responses are left out: Rampart's are one catalogued format.
 *
 * @example
 * compareOperation(oldDocument.paths['/api/v1/markets'].get, newDocument.paths['/api/v1/markets'].get, ctx);
 */
export function compareOperation(before: Json, after: Json, ctx: OperationContext): void {
  compareAccess(before['x-rampart-access'], after['x-rampart-access'], ctx.report);
  compareRateLimits(before['x-rampart-rate-limit'], after['x-rampart-rate-limit'], ctx.report);
  const input: SchemaContext = { direction: 'input', oldDeref: ctx.oldDeref, newDeref: ctx.newDeref, report: ctx.report };
  const output: SchemaContext = { ...input, direction: 'output' };
  compareParameters(before, after, ctx, input);
  compareBodies(before, after, ctx, input);
  compareResponses(before, after, ctx, output);
}

import fc from 'fast-check';
import { anyString, hostileValue, validValue, type Schema, type ValueContext } from './schema-values.js';

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof methods)[number];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: Schema;
}

/** One operation of the document, as the fuzzer needs it. */
export interface Operation {
  method: Method;
  path: string;
  id: string;
  parameters: Parameter[];
  body?: Schema;
  /** The statuses the document declares for it. */
  responses: Set<number>;
}

/** Every operation of an OpenAPI document, and the methods each path leaves undeclared. */
export function operationsOf(document: { paths: Record<string, Record<string, Record<string, unknown>>> }): {
  operations: Operation[];
  undeclared: { path: string; method: Method }[];
} {
  const operations: Operation[] = [];
  const undeclared: { path: string; method: Method }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) {
        undeclared.push({ path, method });
        continue;
      }
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      operations.push({
        method,
        path,
        id: op.operationId as string,
        parameters: (op.parameters ?? []) as Parameter[],
        body: content?.['application/json']?.schema,
        responses: new Set(Object.keys(op.responses as object).map(Number)),
      });
    }
  }
  return { operations, undeclared };
}

/** Who sends a request: each has a bearer token but `anonymous` (and `forged`, whose token is bad). */
export type Caller = 'anonymous' | 'user' | 'other' | 'admin' | 'forged';

/** A generated request, ready for `inject`, with what the oracle needs to judge the answer. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  caller: Caller;
  /** The operation it targets; undefined for a method the path does not declare. */
  operation?: Operation;
  /** A body was sent to an operation that declares none. */
  undeclaredBody: boolean;
}

/** What a request generator needs besides the operations. */
export interface RequestContext extends ValueContext {
  /** The bearer token of each caller that has one. */
  tokens: Partial<Record<Caller, string>>;
  /** Ids of existing records served under a collection path, e.g. `/api/v1/markets`. */
  idsUnder: (collection: string) => readonly string[];
  /** Extra ways to make a body (or headers) for one operation, e.g. a signed webhook event. */
  bodies?: Record<string, fc.Arbitrary<{ payload: string; headers?: Record<string, string> }>>;
}

const oddContentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/jsonx',
  'application/merge-patch+json',
  'application/json, text/plain',
  'application/octet-stream',
  '',
];

const badJson = ['{', '{"a":', 'nul', '\uFEFF{}', '[]', '"text"', '1', '{"a":1,"a":2}', '['.repeat(5000), '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}'];

// No dot segments: URL parsers (fetch's, inject's) resolve `..` and `%2e%2e` away before
// sending, so they reach another path rather than this operation.
const pathGarbage = ['%00', '%ZZ', '%', 'a'.repeat(120), '😀', '%F0%9F%98%80', 'null', '-1', '1e3', ' ', '%20'];

// encodeURIComponent throws on a lone surrogate; a URL can only carry it as U+FFFD.
const encode = (value: string) => encodeURIComponent(value.replace(/\p{Surrogate}/gu, '\uFFFD'));

function encodeValue(value: unknown, explode: boolean | undefined): string {
  if (Array.isArray(value) && explode === false) return value.map((v) => String(v)).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * `valid`: every part within its schema, to get past validation to access rules, hooks
 * and constraints; `hostile`: any part may be broken.
 */
type Mode = 'valid' | 'hostile';

const valueOf = (mode: Mode, schema: Schema, context: RequestContext, name?: string) =>
  mode === 'valid' ? validValue(schema, context, 0, name) : hostileValue(schema, context, 0, name);

// `market[in]` names markets.
const baseName = (parameter: string) => parameter.replace(/\[.*$/, '');

function pathValue(parameter: Parameter, collection: string, context: RequestContext, mode: Mode): fc.Arbitrary<string> {
  // A record of the kind the path serves, when there is one: it takes the request past
  // the lookup, to access rules, hooks and constraints.
  const known = fc.constant(null).chain(() => {
    const ids = context.idsUnder(collection);
    return ids.length ? fc.constantFrom(...ids) : fc.uuid();
  });
  if (mode === 'valid') return known;
  return fc.oneof(
    { arbitrary: known, weight: 8 },
    { arbitrary: hostileValue(parameter.schema ?? { type: 'string' }, context, 0, baseName(parameter.name)).map((v) => encode(encodeValue(v, false))), weight: 8 },
    { arbitrary: fc.constantFrom(...pathGarbage), weight: 2 },
  );
}

/**
 * The pairs one parameter puts in a query: `name=value`, or for `style: deepObject`
 * (a filter's operators) `name[key]=value` for each key of the object.
 */
function parameterPairs(p: Parameter, mode: Mode, context: RequestContext): fc.Arbitrary<[string, string][]> {
  return valueOf(mode, p.schema ?? { type: 'string' }, context, baseName(p.name)).map((v): [string, string][] =>
    p.style === 'deepObject' && typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.entries(v).map(([key, item]) => [`${p.name}[${key}]`, encodeValue(item, p.explode)])
      : [[p.name, encodeValue(v, p.explode)]],
  );
}

function queryString(operation: Operation, context: RequestContext, mode: Mode): fc.Arbitrary<string> {
  const query = operation.parameters.filter((p) => p.in === 'query');
  const declared = query.map((p) => parameterPairs(p, mode, context));
  if (mode === 'valid') {
    // Parameters each valid may still clash (cursor with offset): that is a 400 to expect.
    return (declared.length ? fc.uniqueArray(fc.integer({ min: 0, max: declared.length - 1 }), { maxLength: 3 }) : fc.constant([] as number[]))
      .chain((picked) => (picked.length ? fc.tuple(...picked.map((i) => declared[i]!)) : fc.constant([] as [string, string][][])))
      .map((groups) => groups.flat().map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
  }
  const unknown = fc.tuple(fc.oneof(fc.constantFrom('bogus', 'limit[gte]', 'sort[]', 'fields[0]', '__proto__'), fc.string({ maxLength: 10 })), anyString);
  const pairs = fc.tuple(
    declared.length ? fc.array(fc.oneof(...declared), { maxLength: 4 }).map((groups) => groups.flat()) : fc.constant([] as [string, string][]),
    fc.oneof({ arbitrary: fc.constant([] as [string, string][]), weight: 6 }, { arbitrary: fc.array(unknown, { minLength: 1, maxLength: 2 }), weight: 1 }),
  );
  return pairs.map(([a, b]) => [...a, ...b].map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
}

type Body = { payload?: string; contentType?: string; headers?: Record<string, string> };

function body(operation: Operation, context: RequestContext, mode: Mode): fc.Arbitrary<Body> {
  const schema = operation.body ?? { type: 'object' };
  const extra = context.bodies?.[`${operation.method} ${operation.path}`];
  if (mode === 'valid') {
    if (!operation.body) return fc.constant<Body>({});
    const valid = validValue(schema, context).map((v): Body => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
    return extra ? fc.oneof(valid, extra.map((b): Body => ({ ...b, contentType: 'application/json' }))) : valid;
  }
  const json = hostileValue(schema, context).map((v): Body => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' }));
  const broken = fc.oneof(
    fc.constantFrom(...badJson).map((payload): Body => ({ payload, contentType: 'application/json' })),
    fc.constant<Body>({ payload: '', contentType: 'application/json' }),
    fc.constant<Body>({}),
    fc.tuple(fc.constantFrom(...oddContentTypes), hostileValue(schema, context)).map(([contentType, v]): Body => ({ payload: JSON.stringify(v) ?? '', contentType })),
    // Past the body limit (the suite sets it low, so this stays cheap).
    fc.integer({ min: 70_000, max: 90_000 }).map((n): Body => ({ payload: JSON.stringify({ name: 'x'.repeat(n) }), contentType: 'application/json' })),
  );
  if (!operation.body) return fc.oneof({ arbitrary: fc.constant<Body>({}), weight: 9 }, { arbitrary: broken, weight: 1 });
  return fc.oneof(
    { arbitrary: json, weight: 7 },
    { arbitrary: broken, weight: 2 },
    ...(extra ? [{ arbitrary: extra.map((b): Body => ({ ...b, contentType: 'application/json' })), weight: 5 }] : []),
  );
}

function headers(operation: Operation | undefined): fc.Arbitrary<Record<string, string>> {
  const names = new Set(operation?.parameters.filter((p) => p.in === 'header').map((p) => p.name));
  const optional = (name: string, value: fc.Arbitrary<string>) =>
    names.has(name) ? fc.option(value, { freq: 3 }).map((v) => (v === null ? {} : { [name.toLowerCase()]: v })) : fc.constant({});
  const printable = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /^[\x20-\x7E]+$/.test(s));
  return fc
    .tuple(
      optional('Idempotency-Key', fc.oneof(printable, fc.constantFrom(' ', 'k'.repeat(300)))),
      optional('If-None-Match', fc.oneof(fc.constantFrom('*', '"x"', 'W/"x"', '"a", "b"', ''), printable)),
      fc.option(fc.oneof(fc.uuid(), printable, fc.constant('r'.repeat(300))), { freq: 8 }),
    )
    .map(([a, b, requestId]) => ({ ...a, ...b, ...(requestId === null ? {} : { 'x-request-id': requestId }) }));
}

const callers: Caller[] = ['anonymous', 'user', 'other', 'admin', 'forged'];
// Signed-in callers more often: they get past authentication to the rest.
const caller = fc.oneof(
  { arbitrary: fc.constantFrom<Caller>('user', 'other', 'admin'), weight: 7 },
  { arbitrary: fc.constant<Caller>('anonymous'), weight: 2 },
  { arbitrary: fc.constant<Caller>('forged'), weight: 1 },
);

function authorization(caller: Caller, context: RequestContext): Record<string, string> {
  if (caller === 'anonymous') return {};
  if (caller === 'forged') return { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' };
  return { authorization: `Bearer ${context.tokens[caller]}` };
}

/** The collection an operation's path parameter names a record of: the path up to it. */
export function collectionOf(path: string): string {
  return path.replace(/\/\{.*$/, '');
}

/** A request to one declared operation, every part drawn from its schemas or hostile. */
export function operationRequest(operation: Operation, context: RequestContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(requestIn('valid', operation, context), requestIn('hostile', operation, context));
}

function requestIn(mode: Mode, operation: Operation, context: RequestContext): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const path = fc
    .tuple(...pathParams.map((p) => fc.tuple(fc.constant(p.name), pathValue(p, collectionOf(operation.path), context, mode))))
    .map((values) => values.reduce((url, [name, value]) => url.replace(`{${name}}`, value), operation.path));
  return fc
    .tuple(caller, path, queryString(operation, context, mode), body(operation, context, mode), headers(operation))
    .map(([caller, url, query, b, h]) => ({
      method: operation.method.toUpperCase(),
      url: query ? `${url}?${query}` : url,
      headers: {
        ...h,
        ...b.headers,
        ...(b.contentType !== undefined && b.payload !== undefined ? { 'content-type': b.contentType } : {}),
        ...authorization(caller, context),
      },
      ...(b.payload !== undefined ? { payload: b.payload } : {}),
      caller,
      operation,
      undeclaredBody: !operation.body && b.payload !== undefined,
    }));
}

/** A request with a method its path does not declare (expected: 405 naming the allowed ones). */
export function undeclaredMethodRequest(target: { path: string; method: Method }, context: RequestContext): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...callers).map((who) => ({
    method: target.method.toUpperCase(),
    url: target.path.replace(/\{[^}]+\}/g, () => context.ids()[0] ?? '00000000-0000-7000-8000-000000000000'),
    headers: authorization(who, context),
    caller: who,
    undeclaredBody: false,
  }));
}

import { z } from 'zod';
import { StartupError } from '../errors/app-error.js';
import { singular } from '../openapi/operation-names.js';

// Inputs may be `$ref`s (OpenAPI) or inline schemas (the serializer): any object.
type SchemaIn = object;
type JsonSchema = Record<string, unknown>;

/** A page's information as the list pipeline has it. */
export interface PageInfo {
  limit: number;
  nextCursor: string | null;
  total?: number;
}

/** How one record, a list and a request body are wrapped: a declaration, resolved per resource. */
export interface EnvelopeSpec {
  readonly kind: 'data' | 'named' | 'bare';
  readonly one?: string;
  readonly many?: string;
  readonly count?: string | false;
  readonly cursor?: string | false;
  readonly body?: boolean;
}

/** Options of {@link envelope.named}: every key defaults from the resource's name. */
export interface NamedEnvelopeOptions {
  /** The key of one record (default the singular in camelCase: `article`, `orderItem`). */
  one?: string;
  /** The key of a list (default the name in camelCase: `articles`). */
  many?: string;
  /**
   * The key of the count of every matching record (default `<many>Count`), or false for
   * none. With a count key every list runs its count query (as `total=true` does).
   */
  count?: string | false;
  /** The key of the next page's cursor, or false (the default) for none: clients page with `offset`. */
  cursor?: string | false;
  /** Whether request bodies come wrapped too, `{ "article": { ... } }` (default true). */
  body?: boolean;
}

/**
 * The envelopes a resource's routes can answer in, as `createApp({ api: { envelope } })`
 * or per resource (`resource(name, { envelope })`):
 *
 * - `envelope.data()` (the default): `{ data }` and `{ data, pagination }`;
 * - `envelope.named()`: `{ article }` and `{ articles, articlesCount }`, request bodies
 *   `{ article: {...} }` (RealWorld's shape); keys and the count are options;
 * - `envelope.bare()`: the record itself and a JSON array, the page in `Link` and
 *   `X-Total-Count` headers.
 *
 * @example
 * createApp({ resources, api: { envelope: envelope.named() } });
 * resource('comments', { ..., envelope: envelope.named({ count: false }) });
 */
export const envelope = {
  data: (): EnvelopeSpec => ({ kind: 'data' }),
  named: (options: NamedEnvelopeOptions = {}): EnvelopeSpec => ({ kind: 'named', ...options }),
  bare: (): EnvelopeSpec => ({ kind: 'bare' }),
};

/** An envelope resolved for one resource: what the routes wrap with and what OpenAPI shows. */
export interface Envelope {
  readonly kind: EnvelopeSpec['kind'];
  /** Lists always count their rows (a count key in the body). */
  readonly counts: boolean;
  /** The key request bodies are wrapped in, when they are. */
  readonly bodyKey?: string;
  one(record: unknown): unknown;
  many(records: readonly unknown[], page: PageInfo): unknown;
  /** Aggregate values under the aggregate's name. */
  values(name: string, values: readonly unknown[], truncated: boolean): unknown;
  oneSchema(record: SchemaIn): JsonSchema;
  manySchema(record: SchemaIn, pagination: SchemaIn): JsonSchema;
  valuesSchema(name: string, values: SchemaIn, truncated: SchemaIn): JsonSchema;
  /** The body schema a client sends: the fields' own, or wrapped under `bodyKey`. */
  body<T extends z.ZodType>(schema: T): z.ZodType;
  unwrap(body: unknown): unknown;
  /**
   * A list's page information as headers, for shapes whose body has no room for it
   * (bare): `Link: <next>; rel="next"` (RFC 8288) and `X-Total-Count`. `next` builds the
   * next page's URL from its cursor.
   */
  pageHeaders?(page: PageInfo, next: (cursor: string) => string): Record<string, string> | undefined;
  /** The OpenAPI headers of {@link pageHeaders}. */
  pageHeadersDoc?: Record<string, JsonSchema>;
}

const keyPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const object = (properties: Record<string, SchemaIn>, required = Object.keys(properties)): JsonSchema => ({
  type: 'object',
  required,
  properties,
  additionalProperties: false,
});

/**
 * Checks an envelope declaration: a malformed one stops the app, naming where it is.
 *
 * @example
 * envelopeProblems(envelope.named({ one: 'a b' }), 'api.envelope'); // ['api.envelope.one ...']
 */
export function envelopeProblems(spec: EnvelopeSpec | undefined, where: string): string[] {
  if (spec === undefined) return [];
  if (typeof spec !== 'object' || spec === null || !['data', 'named', 'bare'].includes(spec.kind)) {
    return [`${where} must be envelope.data(), envelope.named() or envelope.bare()`];
  }
  const problems: string[] = [];
  for (const key of ['one', 'many', 'count', 'cursor'] as const) {
    const value = spec[key];
    if (value === undefined || (value === false && (key === 'count' || key === 'cursor'))) continue;
    if (typeof value !== 'string' || !keyPattern.test(value)) problems.push(`${where}.${key} must be a JSON key such as "articles"${key === 'count' || key === 'cursor' ? ' or false' : ''}`);
  }
  const keys = [spec.many, spec.count, spec.cursor].filter((k): k is string => typeof k === 'string');
  if (new Set(keys).size !== keys.length) problems.push(`${where}: the list keys (many, count, cursor) must differ`);
  return problems;
}

/**
 * The envelope one resource answers in: its own declaration, else the app's, else `data`.
 *
 * @example
 * resolveEnvelope(envelope.named(), 'articles').one({ title: 'x' }); // { article: { title: 'x' } }
 */
export function resolveEnvelope(spec: EnvelopeSpec | undefined, resourceName: string): Envelope {
  const problems = envelopeProblems(spec, `envelope of ${resourceName}`);
  if (problems.length > 0) throw new StartupError('RAMPART_DEFINITION_INVALID', problems.join('; '));
  if (spec?.kind === 'named') return named(spec, resourceName);
  if (spec?.kind === 'bare') return bare;
  return data;
}

const data: Envelope = {
  kind: 'data',
  counts: false,
  one: (record) => ({ data: record }),
  many: (records, page) => ({ data: records, pagination: page }),
  values: (_name, values, truncated) => ({ data: values, truncated }),
  oneSchema: (record) => object({ data: record }),
  manySchema: (record, pagination) => object({ data: { type: 'array', items: record }, pagination }),
  valuesSchema: (_name, values, truncated) => object({ data: values, truncated }),
  body: (schema) => schema,
  unwrap: (body) => body,
};

const bare: Envelope = {
  kind: 'bare',
  counts: false,
  one: (record) => record,
  many: (records) => records,
  values: (_name, values) => values,
  oneSchema: (record) => ({ ...record }),
  manySchema: (record) => ({ type: 'array', items: record }),
  valuesSchema: (_name, values) => ({ ...values }),
  body: (schema) => schema,
  unwrap: (body) => body,
  pageHeaders: (page, next) => {
    const headers: Record<string, string> = {};
    if (page.nextCursor) headers.link = `<${next(page.nextCursor)}>; rel="next"`;
    if (page.total !== undefined) headers['x-total-count'] = String(page.total);
    return Object.keys(headers).length > 0 ? headers : undefined;
  },
  pageHeadersDoc: {
    Link: { description: 'The next page, `<url>; rel="next"` (RFC 8288); absent on the last page.', schema: { type: 'string' } },
    'X-Total-Count': { description: 'Every matching record, with `total=true`.', schema: { type: 'integer', minimum: 0 } },
  },
};

function named(spec: EnvelopeSpec, resourceName: string): Envelope {
  const oneKey = spec.one ?? camel(singular(resourceName));
  const manyKey = spec.many ?? camel(resourceName);
  const countKey = spec.count === undefined ? `${manyKey}Count` : spec.count;
  const cursorKey = spec.cursor ?? false;
  const bodyKey = spec.body === false ? undefined : oneKey;
  return {
    kind: 'named',
    counts: countKey !== false,
    ...(bodyKey ? { bodyKey } : {}),
    one: (record) => ({ [oneKey]: record }),
    many: (records, page) => ({
      [manyKey]: records,
      ...(countKey ? { [countKey]: page.total ?? 0 } : {}),
      ...(cursorKey ? { [cursorKey]: page.nextCursor } : {}),
    }),
    values: (name, values) => ({ [name]: values }),
    oneSchema: (record) => object({ [oneKey]: record }),
    manySchema: (record) =>
      object({
        [manyKey]: { type: 'array', items: record },
        ...(countKey ? { [countKey]: { type: 'integer', minimum: 0, description: 'Every matching record, across pages.' } } : {}),
        ...(cursorKey ? { [cursorKey]: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last.' } } : {}),
      }),
    valuesSchema: (name, values) => object({ [name]: values }),
    body: (schema) => (bodyKey ? z.strictObject({ [bodyKey]: schema }) : schema),
    unwrap: (body) => (bodyKey ? (body as Record<string, unknown>)[bodyKey] : body),
  };
}

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { fromUnits } from '../fields/decimal.js';
import { applyListQuery, countListQuery } from './apply-list-query.js';
import { encodeCursor } from './cursor-codec.js';
import type { ListQuery } from './list-query.js';
import { markets, openMarketsDb, seedMarkets, type MarketRecord, type MarketsDb } from './markets-fixture.js';
import { pageResult } from './page-result.js';
import { parseListQuery } from './parse-list-query.js';

let store: MarketsDb;
let rows: MarketRecord[];

beforeAll(async () => {
  store = await openMarketsDb();
  await store.insert(seedMarkets(30));
  rows = (await store.db.selectFrom('markets').selectAll().execute()).map((r) => store.toRecord(r));
});
afterAll(async () => {
  await store.close();
});

// --- Generators: names and values a client could send, valid or not.

const controls = ['limit', 'offset', 'cursor', 'sort', 'fields', 'include', 'q', 'total'];
const fieldNames = [...markets.fields.keys(), 'bogus', 'Name', 'rowid', '__proto__', 'constructor'];
const operators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'foo', '', 'EQ', 'gte]'];
const uuid = fc.uuid({ version: [4, 7] });

const keyArb = fc.oneof(
  fc.constantFrom(...controls),
  fc.constantFrom(...fieldNames),
  fc.tuple(fc.constantFrom(...fieldNames), fc.constantFrom(...operators)).map(([f, o]) => `${f}[${o}]`),
  fc.string({ maxLength: 12 }),
);

const interesting = fc.constantFrom(
  '', ' ', '0', '1', '-1', '1.5', '12.50', '0.001', '100', '101', '1e3', '9007199254740993', 'NaN', 'Infinity',
  'true', 'false', 'active', 'closed', 'resolved', '2026-01-01T00:00:00Z', '2026-07-05T00:00:00+02:00',
  '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', 'name', '-volume', 'volume,-createdAt', '-name,rank,score',
  'featured,-updatedAt', 'creator', 'id,name', 'name,bogus', '%', '_', '\\', '"', "'", '*', 'OR', 'NEAR(', '\u0000',
  'é', '🎉', '\uD800', 'rain paris', ',', 'a,b', '-', '--',
);
const scalarArb = fc.oneof(
  { weight: 5, arbitrary: interesting },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 1, arbitrary: uuid },
  { weight: 1, arbitrary: fc.array(interesting, { minLength: 1, maxLength: 4 }).map((v) => v.join(',')) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: scalarArb },
  { weight: 1, arbitrary: fc.array(scalarArb, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 5, true, {}) },
);
const anyQuery = fc.dictionary(keyArb, valueArb, { maxKeys: 6 });

/** Queries made only of names the API knows, with values that are often valid. */
const filterKeys = [...markets.fields.values()].filter((f) => f.field.flags.filterable).flatMap((f) => [
  f.name,
  ...f.field.spec.operators.map((op) => `${f.name}[${op}]`),
]);
const nearValidQuery = fc.dictionary(fc.constantFrom(...controls, ...filterKeys), scalarArb, { maxKeys: 5 });

/** One valid query-string value per field kind. */
function kindValue(kind: string): fc.Arbitrary<string> {
  switch (kind) {
    case 'string':
      // Any text but U+0000, which text filters refuse (no row can hold it).
      return fc.string({ maxLength: 20, unit: 'binary' }).map((t) => t.replaceAll('\u0000', ''));
    case 'enum':
      return fc.constantFrom('active', 'closed', 'resolved');
    case 'decimal':
      return fc.bigInt(0n, 10n ** 15n - 1n).map((u) => fromUnits(u, 2));
    case 'integer':
      return fc.maxSafeInteger().map(String);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map(String);
    case 'boolean':
      return fc.constantFrom('true', 'false');
    case 'timestamp':
      return fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    default:
      return uuid;
  }
}

const sortable = [...markets.fields.values()].filter((f) => f.field.flags.sortable).map((f) => f.name);
const validPairs: fc.Arbitrary<[string, string]>[] = [
  fc.tuple(fc.constant('limit'), fc.integer({ min: 1, max: 100 }).map(String)),
  fc.tuple(fc.constant('offset'), fc.integer({ min: 0, max: 100 }).map(String)),
  fc.tuple(fc.constant('total'), fc.constantFrom('true', 'false')),
  fc.tuple(fc.constant('include'), fc.constant('creator')),
  fc.tuple(fc.constant('fields'), fc.subarray([...markets.fields.keys()], { minLength: 1 }).map((a) => a.join(','))),
  fc.tuple(
    fc.constant('q'),
    // eslint-disable-next-line no-control-regex -- the parser reads control characters as spaces
    fc.string({ minLength: 1, maxLength: 200 }).filter((t) => t.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() !== ''),
  ),
  fc.tuple(
    fc.constant('sort'),
    fc
      .shuffledSubarray(sortable, { minLength: 1, maxLength: 5 })
      .chain((keys) => fc.tuple(...keys.map((k) => fc.constantFrom(k, `-${k}`))))
      .map((keys) => keys.join(',')),
  ),
  ...[...markets.fields.values()]
    .filter((f) => f.field.flags.filterable)
    .flatMap((f) =>
      f.field.spec.operators.map((op) =>
        fc.tuple(
          fc.constant(op === 'eq' ? f.name : `${f.name}[${op}]`),
          op === 'in'
            ? fc.array(kindValue(f.field.spec.kind), { minLength: 1, maxLength: 5 }).map((v) => v.join(','))
            : kindValue(f.field.spec.kind),
        ),
      ),
    ),
];
/** Queries every part of which is valid: they must always parse. */
const validQuery = fc
  .array(fc.oneof(...validPairs), { maxLength: 8 })
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);

type Mutation = (q: Record<string, unknown>) => Record<string, unknown>;
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3, unit: 'binary' })).map(([k, at, text]): Mutation => (q) => {
    const key = Object.keys(q)[k % Math.max(1, Object.keys(q).length)];
    if (key === undefined || typeof q[key] !== 'string') return q;
    const v = q[key] as string;
    const i = at % (v.length + 1);
    return { ...q, [key]: v.slice(0, i) + text + v.slice(i + 1) };
  }),
  fc.nat().map((k) => (q: Record<string, unknown>) => {
    const key = Object.keys(q)[k % Math.max(1, Object.keys(q).length)];
    return key === undefined ? q : { ...q, [key]: [q[key], q[key]] };
  }),
  fc.tuple(fc.nat(), fc.constantFrom('[x]', '[', ']', 'x', '[in]')).map(([k, suffix]): Mutation => (q) => {
    const key = Object.keys(q)[k % Math.max(1, Object.keys(q).length)];
    if (key === undefined) return q;
    const { [key]: value, ...rest } = q;
    return { ...rest, [key + suffix]: value };
  }),
  keyArb.map((key) => (q: Record<string, unknown>) => ({ ...q, [key]: '1' })),
);
const mutatedQuery = fc
  .tuple(fc.oneof<fc.Arbitrary<Record<string, unknown>>[]>(nearValidQuery, validQuery), fc.array(mutationArb, { maxLength: 3 }))
  .map(([q, mutations]) => mutations.reduce<Record<string, unknown>>((acc, m) => m(acc), q));

/**
 * A record with arbitrary but well-formed values, to build cursors no row has. Names are
 * any text a row can hold: everything but U+0000, which string fields refuse.
 */
const cursorRecordArb = fc.record({
  id: uuid,
  name: fc.string({ maxLength: 40, unit: 'binary' }).map((s) => s.replaceAll('\u0000', '')),
  volume: fc.bigInt(0n, 10n ** 15n - 1n).map((u) => fromUnits(u, 2)),
  rank: fc.maxSafeInteger(),
  score: fc.double({ noNaN: true, noDefaultInfinity: true }),
  featured: fc.boolean(),
  createdAt: fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  updatedAt: fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
});

function parseOrRefuse(query: Record<string, unknown>): ListQuery | undefined {
  try {
    return parseListQuery(markets, query);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe('RAMPART_INVALID_QUERY');
    expect(error.status).toBe(400);
    expect(error.errors?.length).toBeGreaterThan(0);
    for (const issue of error.errors ?? []) {
      expect(issue.path.startsWith('query.')).toBe(true);
      expect(error.message).toContain(`"${issue.path.slice('query.'.length)}"`);
    }
    return undefined;
  }
}

async function execute(listQuery: ListQuery): Promise<void> {
  const found = await applyListQuery(store.db.selectFrom('markets').selectAll(), markets, listQuery, 'sqlite').execute();
  expect(found.length).toBeLessThanOrEqual(listQuery.limit + 1);
  const page = pageResult(found.map((r) => store.toRecord(r)), listQuery);
  if (page.nextCursor) expect(parseListQuery(markets, { ...sortOf(listQuery), cursor: page.nextCursor }).cursor).toBeDefined();
  if (listQuery.total) await countListQuery(store.db, markets, listQuery, 'sqlite');
}

function sortOf(listQuery: ListQuery): Record<string, string> {
  const text = listQuery.sort.map((k) => (k.direction === 'desc' ? '-' : '') + k.field);
  // The id tiebreaker is implied; leaving it out of `sort` must rebuild the same order.
  return { sort: text.slice(0, -1).join(',') };
}

describe('property: the parser only ever refuses with a 400', () => {
  it('for arbitrary query objects', async () => {
    await fc.assert(
      fc.asyncProperty(anyQuery, async (query) => {
        const listQuery = parseOrRefuse(query);
        if (listQuery) await execute(listQuery);
      }),
      { numRuns: 1500 },
    );
  });

  it('for mutations of plausible queries', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedQuery, async (query) => {
        const listQuery = parseOrRefuse(query);
        if (listQuery) await execute(listQuery);
      }),
      { numRuns: 1500 },
    );
  });

  it('for arbitrary cursors', () => {
    const cursorArb = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
      fc
        .record({ s: fc.constantFrom('-createdAt,-id', '-volume,-id', 'x'), k: fc.array(fc.oneof(fc.string(), uuid), { maxLength: 3 }) })
        .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
    );
    fc.assert(
      fc.property(cursorArb, fc.constantFrom(undefined, '-volume'), (cursor, sort) => {
        parseOrRefuse(sort ? { cursor, sort } : { cursor });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('property: every query that parses executes on SQLite', () => {
  it('valid queries always parse and execute, also from cursors of real and invented rows', async () => {
    await fc.assert(
      fc.asyncProperty(validQuery, fc.nat(), cursorRecordArb, fc.boolean(), async (query, pick, invented, real) => {
        const listQuery = parseListQuery(markets, query);
        await execute(listQuery);
        const record = real ? rows[pick % rows.length] : invented;
        const { offset: _offset, ...rest } = query;
        const next = parseListQuery(markets, { ...rest, cursor: encodeCursor(listQuery, record as Record<string, unknown>) });
        expect(next.cursor?.values).toHaveLength(listQuery.sort.length);
        await execute(next);
      }),
      { numRuns: 1000 },
    );
  });

  it('with arbitrary search text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ maxLength: 60, unit: 'binary' }), fc.array(interesting).map((a) => a.join(' '))),
        async (q) => {
          const listQuery = parseOrRefuse({ q });
          if (listQuery) await execute(listQuery);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

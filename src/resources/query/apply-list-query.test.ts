import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toUnits } from '../fields/decimal.js';
import { applyListQuery, countListQuery, countQuery, type ExtraWhere } from './apply-list-query.js';
import type { Filter, ListQuery } from './list-query.js';
import { creatorIds, markets, openMarketsDb, seedMarkets, type MarketRecord, type MarketsDb } from './markets-fixture.js';
import { pageResult } from './page-result.js';
import { parseListQuery } from './parse-list-query.js';

let store: MarketsDb;
let seed: MarketRecord[];

beforeAll(async () => {
  store = await openMarketsDb();
  seed = seedMarkets(60);
  await store.insert(seed);
});
afterAll(async () => {
  await store.close();
});

async function fetchPage(listQuery: ListQuery) {
  const rows = await applyListQuery(store.db.selectFrom('markets').selectAll(), markets, listQuery, 'sqlite').execute();
  return pageResult(rows.map((row) => store.toRecord(row)), listQuery);
}

async function list(query: Record<string, unknown>) {
  return fetchPage(parseListQuery(markets, query));
}

/** Follows nextCursor to the end; `between` runs after each page (to write concurrently). */
async function walk(query: Record<string, unknown>, between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await list(cursor ? { ...query, cursor } : query);
    ids.push(...page.records.map((r) => r.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
    await between?.();
  }
  throw new Error('pagination did not end');
}

// --- A plain JavaScript model of the query language, to compare SQL results against.

function compare(fieldName: string, a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (fieldName === 'volume') return Number((toUnits(a as string, 2) as bigint) - (toUnits(b as string, 2) as bigint));
  // SQLite compares text byte by byte (BINARY collation), i.e. by UTF-8.
  if (typeof a === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b as string));
  return Number(a) - Number(b);
}

function matches(record: MarketRecord, filter: Filter): boolean {
  const v = record[filter.field];
  const c = () => (v === null ? NaN : compare(filter.field, v, filter.value));
  switch (filter.op) {
    case 'eq':
      return c() === 0;
    case 'ne':
      return v === null || c() !== 0;
    case 'gt':
      return c() > 0;
    case 'gte':
      return c() >= 0;
    case 'lt':
      return c() < 0;
    case 'lte':
      return c() <= 0;
    case 'in':
      return (filter.value as unknown[]).some((x) => v !== null && compare(filter.field, v, x) === 0);
    case 'contains': {
      // SQLite LIKE folds ASCII letters only.
      const fold = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
      return v !== null && fold(v as string).includes(fold(filter.value as string));
    }
  }
}

function expected(records: MarketRecord[], listQuery: ListQuery): string[] {
  return records
    .filter((r) => listQuery.filters.every((f) => matches(r, f)))
    .sort((a, b) => {
      for (const key of listQuery.sort) {
        const d = compare(key.field, a[key.field], b[key.field]);
        if (d !== 0) return key.direction === 'asc' ? d : -d;
      }
      return 0;
    })
    .map((r) => r.id);
}

describe('filters', () => {
  const [alice, bob] = creatorIds;
  const cases: Record<string, string>[] = [
    { status: 'active' },
    { 'status[ne]': 'closed' },
    { 'status[in]': 'active,resolved' },
    { volume: '12.5' },
    { 'volume[ne]': '12.50' },
    { 'volume[gt]': '7.25' },
    { 'volume[gte]': '12.5' },
    { 'volume[lt]': '12.50' },
    { 'volume[lte]': '0.01' },
    { 'volume[in]': '0,100' },
    { rank: '3' },
    { 'rank[gt]': '2' },
    { 'rank[lte]': '1' },
    { 'rank[in]': '0,4' },
    { 'score[lt]': '0' },
    { 'score[gte]': '0.25' },
    { featured: 'true' },
    { 'featured[ne]': 'true' },
    { closesAt: '2026-07-03T00:00:00Z' },
    { 'closesAt[gte]': '2026-07-05T00:00:00Z' },
    { 'closesAt[ne]': '2026-07-05T00:00:00Z' },
    { 'closesAt[in]': '2026-07-02T00:00:00Z,2026-07-09T00:00:00+00:00' },
    { creator: alice as string },
    { 'creator[ne]': alice as string },
    { 'creator[in]': `${alice},${bob}` },
    { name: 'Rain in Paris' },
    { 'name[gt]': 'N' },
    { 'name[lt]': 'a' },
    { 'name[contains]': 'rain' },
    { 'name[contains]': 'ELECTION' },
    { 'name[contains]': '100%' },
    { 'name[contains]': '%' },
    { 'name[contains]': '_' },
    { 'name[contains]': 'n_p' },
    { 'name[contains]': '\\' },
    { 'name[contains]': '"' },
    { 'name[contains]': 'café' },
    { 'name[in]': 'rain tomorrow,naïve café ☃' },
    { 'createdAt[gte]': '2026-01-01T00:10:00Z', 'createdAt[lt]': '2026-01-01T00:15:00Z' },
    { 'updatedAt[gt]': '2026-05-31T23:59:30Z' },
    { status: 'active', 'volume[gte]': '10', 'featured[ne]': 'false' },
  ];
  it.each(cases)('%j returns exactly the matching rows', async (query) => {
    const listQuery = parseListQuery(markets, { ...query, limit: '100' });
    const page = await fetchPage(listQuery);
    const want = expected(seed, listQuery);
    expect(page.records.map((r) => r.id)).toEqual(want);
    expect(page.nextCursor).toBeNull();
    expect(await countListQuery(store.db, markets, listQuery, 'sqlite')).toBe(want.length);
  });

  it('matches ids exactly', async () => {
    const picked = [seed[3], seed[40]].map((r) => r?.id as string);
    const page = await list({ 'id[in]': picked.join(','), sort: 'createdAt' });
    expect(page.records.map((r) => r.id)).toEqual(picked);
    expect((await list({ id: picked[0]?.toUpperCase() })).records.map((r) => r.id)).toEqual([picked[0]]);
  });

  it('exercises non-empty results in the interesting cases', async () => {
    expect((await list({ 'name[contains]': '%' })).records).toHaveLength(5);
    // Unescaped, `_` would match the space of "Rain in Paris".
    expect((await list({ 'name[contains]': 'n_p' })).records).toHaveLength(0);
    expect((await list({ 'name[contains]': 'n p' })).records.length).toBeGreaterThan(0);
    expect((await list({ 'closesAt[ne]': '2026-07-05T00:00:00Z', 'closesAt[lt]': '2027-01-01T00:00:00Z' })).records.length).toBeGreaterThan(0);
  });
});

describe('sort', () => {
  const sorts = [undefined, '-volume', 'volume,-createdAt', 'name,-rank', '-featured,score', 'updatedAt', '-rank,volume,name'];
  it.each(sorts)('sort=%s orders like the model, id breaking ties', async (sort) => {
    const listQuery = parseListQuery(markets, sort ? { sort, limit: '100' } : { limit: '100' });
    expect((await fetchPage(listQuery)).records.map((r) => r.id)).toEqual(expected(seed, listQuery));
  });
});

describe('keyset pagination', () => {
  const walks: [string | undefined, string][] = [
    [undefined, '1'],
    [undefined, '7'],
    ['-volume', '4'],
    ['volume,-createdAt', '9'],
    ['name,-rank', '5'],
    ['-featured,score,-name', '3'],
    ['updatedAt', '60'],
    ['-volume', '59'],
  ];
  it.each(walks)('sort=%s limit=%s visits every row exactly once, in order', async (sort, limit) => {
    const query: Record<string, string> = { limit };
    if (sort) query.sort = sort;
    const ids = await walk(query);
    expect(ids).toEqual(expected(seed, parseListQuery(markets, query)));
  });

  it('walks a filtered list', async () => {
    const query = { sort: '-volume', limit: '4', status: 'active' };
    expect(await walk(query)).toEqual(expected(seed, parseListQuery(markets, query)));
  });

  it.each(['-volume,name', 'createdAt', undefined])(
    'sort=%s stays stable while rows are inserted between pages',
    async (sort) => {
      const local = await openMarketsDb();
      const previous = store;
      store = local;
      try {
        const original = seedMarkets(40);
        await local.insert(original);
        let next = 1000;
        const query: Record<string, string> = { limit: '6' };
        if (sort) query.sort = sort;
        const ids = await walk(query, async () => {
          // New rows land before, at and after the cursor position of every order.
          await local.insert(seedMarkets(3, next));
          next += 17;
        });
        expect(new Set(ids).size).toBe(ids.length);
        const seen = new Set(ids);
        expect(original.filter((r) => !seen.has(r.id))).toEqual([]);
        const originalIds = new Set(original.map((r) => r.id));
        expect(ids.filter((i) => originalIds.has(i))).toEqual(expected(original, parseListQuery(markets, query)));
      } finally {
        store = previous;
        await local.close();
      }
    },
  );
});

describe('offset', () => {
  it('skips rows in the sort order', async () => {
    const listQuery = parseListQuery(markets, { sort: '-volume', limit: '10', offset: '20' });
    expect((await fetchPage(listQuery)).records.map((r) => r.id)).toEqual(expected(seed, listQuery).slice(20, 30));
  });

  it('ends with an empty page past the end', async () => {
    const page = await list({ offset: '60' });
    expect(page).toEqual({ records: [], nextCursor: null });
    expect((await list({ offset: '55', limit: '5' })).nextCursor).toBeNull();
    expect((await list({ offset: '54', limit: '5' })).nextCursor).not.toBeNull();
  });
});

describe('full-text search', () => {
  const ids = (names: string[]) => seed.filter((r) => names.includes(r.name as string)).map((r) => r.id).sort();
  const cases: [string, string[]][] = [
    ['rain', ['Rain in Paris', 'rain tomorrow']],
    ['RAIN paris', ['Rain in Paris']],
    ['rain OR paris', []],
    ['election', ['Election 2026', 'Élection présidentielle', 'ELECTION recount']],
    ['"quoted"', ['say "quoted" OR not']],
    ['OR', ['say "quoted" OR not']],
    ['NEAR(', ['NEAR( the end']],
    ['NEAR(the end)', ['NEAR( the end']],
    ['cafe', ['naïve café ☃']],
    ['東京', ['東京 weather']],
    ['rain *', ['Rain in Paris', 'rain tomorrow']],
    ['rain*', ['Rain in Paris', 'rain tomorrow']],
    ['🎉', []],
  ];
  it.each(cases)('q=%j finds the matching rows', async (q, names) => {
    const page = await list({ q, limit: '100' });
    expect(page.records.map((r) => r.id).sort()).toEqual(ids(names));
  });

  const awkward = ['"', '""', "'", '*', '-', '^rain', 'name:rain', '{name}: rain', '(', ')', 'NOT', 'AND AND', ';--',
    '\\', '\uD800', 'a\u0000b', '+', '%', 'rain" OR "x', 'NEAR(rain paris, 2)', 'a'.repeat(200), 'é'];
  it.each(awkward)('q=%j never errors', async (q) => {
    await expect(list({ q })).resolves.toBeDefined();
  });

  it('combines with filters, order and total', async () => {
    const listQuery = parseListQuery(markets, { q: 'election', status: 'active', sort: '-volume' });
    const page = await fetchPage(listQuery);
    const model = seed.filter((r) => /election/i.test((r.name as string).normalize('NFD').replace(/\p{M}/gu, '')));
    expect(page.records.map((r) => r.id)).toEqual(expected(model, listQuery));
    expect(await countListQuery(store.db, markets, listQuery, 'sqlite')).toBe(page.records.length);
  });
});

describe('total and the extra condition', () => {
  const mine: ExtraWhere = (eb) => eb('markets.creator', '=', creatorIds[1]);

  it('counts every matching row whatever the page', async () => {
    const listQuery = parseListQuery(markets, { limit: '5', sort: '-volume', 'volume[gte]': '12.5' });
    expect(await countListQuery(store.db, markets, listQuery, 'sqlite')).toBe(expected(seed, listQuery).length);
    const row = await countQuery(store.db.selectFrom('markets'), markets, listQuery, 'sqlite').executeTakeFirstOrThrow();
    expect(Number(row.total)).toBe(expected(seed, listQuery).length);
  });

  it('restricts both page and count with the extra where', async () => {
    const listQuery = parseListQuery(markets, { limit: '100', status: 'closed' });
    const rows = await applyListQuery(store.db.selectFrom('markets').selectAll(), markets, listQuery, 'sqlite', {
      where: mine,
    }).execute();
    const model = seed.filter((r) => r.creator === creatorIds[1]);
    expect(rows.map((r) => r.id)).toEqual(expected(model, listQuery));
    expect(await countListQuery(store.db, markets, listQuery, 'sqlite', { where: mine })).toBe(rows.length);
  });
});

describe('PostgreSQL SQL', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- compile-only, no schema
  const pg = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const base = () => pg.selectFrom('markets').selectAll();

  it('uses ILIKE, IS DISTINCT FROM, native values and a keyset', () => {
    const first = parseListQuery(markets, { 'name[contains]': 'a_b', 'featured[ne]': 'true', sort: '-volume' });
    const cursor = pageResult([{ id: '01900000-0000-7000-8000-000000000001', volume: '2.50' }, { id: 'x' }], {
      ...first,
      limit: 1,
    }).nextCursor as string;
    const listQuery = parseListQuery(markets, { 'name[contains]': 'a_b', 'featured[ne]': 'true', sort: '-volume', cursor });
    const compiled = applyListQuery(base(), markets, listQuery, 'postgres').compile();
    expect(compiled.sql).toContain('"markets"."name" ilike $1 escape \'\\\'');
    expect(compiled.sql).toContain('"markets"."featured" is distinct from $2');
    expect(compiled.sql).toContain('order by "markets"."volume" desc, "markets"."id" desc limit $');
    expect(compiled.parameters).toEqual(['%a\\_b%', true, '2.50', '2.50', '2.50', '01900000-0000-7000-8000-000000000001', 21]);
  });

  it('compiles q to the search index expression with the text bound, never spliced', () => {
    const listQuery = parseListQuery(markets, { q: "rain' OR 1=1 --" });
    const compiled = applyListQuery(base(), markets, listQuery, 'postgres').compile();
    expect(compiled.sql).toMatch(
      /to_tsvector\('simple'::regconfig, regexp_replace\(coalesce\("\w+", ''\)( \|\| ' ' \|\| coalesce\("\w+", ''\))*, .*\) @@ plainto_tsquery\('simple'::regconfig, regexp_replace\(\$1, /,
    );
    expect(compiled.parameters[0]).toBe("rain' OR 1=1 --");
  });

  it('compiles the SQLite search as a rowid lookup with one bound expression', () => {
    const listQuery = parseListQuery(markets, { q: 'a "b' });
    const compiled = applyListQuery(pg.selectFrom('markets').select(sql.lit(1).as('one')), markets, listQuery, 'sqlite').compile();
    expect(compiled.sql).toContain('"markets".rowid in (select rowid from "markets_fts" where "markets_fts" match $1)');
    expect(compiled.parameters[0]).toBe('"a" AND """b"');
  });
});

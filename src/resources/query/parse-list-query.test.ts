import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { field } from '../fields/index.js';
import { allow } from '../../policies/rule.js';
import { resource } from '../resource.js';
import { encodeCursor } from './cursor-codec.js';
import { markets, tags } from './markets-fixture.js';
import { parseListQuery } from './parse-list-query.js';
import { defaultSortOf } from './parse-sort.js';

const id = '01900000-0000-7000-8000-000000000001';

function invalid(query: Record<string, unknown>, r = markets): AppError {
  try {
    parseListQuery(r, query);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('RAMPART_INVALID_QUERY');
    expect(e.status).toBe(400);
    return e;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be refused`);
}

describe('parseListQuery: defaults', () => {
  it('gives limit 20, the default sort with id, no filters', () => {
    expect(parseListQuery(markets, {})).toEqual({
      filters: [],
      sort: [
        { field: 'createdAt', column: 'created_at', direction: 'desc' },
        { field: 'id', column: 'id', direction: 'desc' },
      ],
      limit: 20,
      include: [],
      total: false,
    });
  });

  it("uses the resource's defaultSort", () => {
    expect(parseListQuery(tags, {}).sort.map((k) => `${k.direction}:${k.field}`)).toEqual(['asc:label', 'asc:id']);
  });

  it('honours ListQueryOptions', () => {
    expect(parseListQuery(markets, {}, { defaultLimit: 5 }).limit).toBe(5);
    expect(parseListQuery(markets, { limit: '500' }, { maxLimit: 500 }).limit).toBe(500);
    expect(invalid({ limit: '101' }).message).toContain('from 1 to 100');
  });

  it('ignores undefined values', () => {
    expect(parseListQuery(markets, { limit: undefined }).limit).toBe(20);
  });

  it('refuses a broken defaultSort as a developer error, not a 400', () => {
    const broken = resource('widgets', { fields: { n: field.integer() }, access: {}, defaultSort: 'n' });
    expect(() => parseListQuery(broken as never, {})).toThrow(TypeError);
    expect(() => defaultSortOf(broken as never)).toThrow(/defaultSort "n" is invalid/);
  });
});

describe('parseListQuery: accepted values', () => {
  const cases: [string, Record<string, unknown>, (q: ReturnType<typeof parseListQuery>) => unknown, unknown][] = [
    ['limit', { limit: '1' }, (q) => q.limit, 1],
    ['limit max', { limit: '100' }, (q) => q.limit, 100],
    ['offset', { offset: '0' }, (q) => q.offset, 0],
    ['offset cap', { offset: '10000000' }, (q) => q.offset, 10_000_000],
    ['total true', { total: 'true' }, (q) => q.total, true],
    ['total false', { total: 'false' }, (q) => q.total, false],
    [
      'sort mixed',
      { sort: '-volume,createdAt' },
      (q) => q.sort.map((k) => `${k.direction}:${k.column}`),
      ['desc:volume', 'asc:created_at', 'asc:id'],
    ],
    ['sort single asc', { sort: 'name' }, (q) => q.sort.map((k) => k.direction), ['asc', 'asc']],
    ['sort five keys', { sort: 'name,-volume,rank,score,featured' }, (q) => q.sort.length, 6],
    ['fields', { fields: 'name,volume' }, (q) => q.fields, ['id', 'name', 'volume']],
    ['fields with id and dups', { fields: 'name,id,name,createdAt' }, (q) => q.fields, ['id', 'name', 'createdAt']],
    ['include', { include: 'creator' }, (q) => q.include, ['creator']],
    ['include adds to fields', { fields: 'name', include: 'creator' }, (q) => q.fields, ['id', 'name', 'creator']],
    ['q trimmed', { q: '  rain  ' }, (q) => q.q, 'rain'],
    ['q control chars', { q: 'a\u0000b' }, (q) => q.q, 'a b'],
  ];
  it.each(cases)('%s', (_name, query, pick, expected) => {
    expect(pick(parseListQuery(markets, query))).toEqual(expected);
  });
});

describe('parseListQuery: filters', () => {
  const cases: [string, string, unknown][] = [
    ['status', 'active', { field: 'status', column: 'status', op: 'eq', value: 'active' }],
    ['status[ne]', 'closed', { field: 'status', column: 'status', op: 'ne', value: 'closed' }],
    ['status[in]', 'active,closed', { field: 'status', column: 'status', op: 'in', value: ['active', 'closed'] }],
    ['volume[gte]', '100', { field: 'volume', column: 'volume', op: 'gte', value: '100.00' }],
    ['volume[lt]', '7.5', { field: 'volume', column: 'volume', op: 'lt', value: '7.50' }],
    ['rank[gt]', '2', { field: 'rank', column: 'rank', op: 'gt', value: 2 }],
    ['score[lte]', '-0.5', { field: 'score', column: 'score', op: 'lte', value: -0.5 }],
    ['featured', 'true', { field: 'featured', column: 'featured', op: 'eq', value: true }],
    ['closesAt[gt]', '2026-07-03T00:00:00+02:00', { field: 'closesAt', column: 'closes_at', op: 'gt', value: '2026-07-02T22:00:00.000Z' }],
    ['name[contains]', '50%_', { field: 'name', column: 'name', op: 'contains', value: '50%_' }],
    ['creator', id.toUpperCase(), { field: 'creator', column: 'creator', op: 'eq', value: id }],
    ['id[in]', id, { field: 'id', column: 'id', op: 'in', value: [id] }],
    ['createdAt[gte]', '2026-01-01T00:00:00Z', { field: 'createdAt', column: 'created_at', op: 'gte', value: '2026-01-01T00:00:00.000Z' }],
    ['updatedAt[eq]', '2026-01-01T00:00:00.000Z', { field: 'updatedAt', column: 'updated_at', op: 'eq', value: '2026-01-01T00:00:00.000Z' }],
  ];
  it.each(cases)('%s=%s', (param, value, expected) => {
    expect(parseListQuery(markets, { [param]: value }).filters).toEqual([expected]);
  });

  it('keeps several filters on one field', () => {
    const q = parseListQuery(markets, { 'volume[gte]': '1', 'volume[lte]': '50', status: 'active' });
    expect(q.filters.map((f) => f.op)).toEqual(['gte', 'lte', 'eq']);
  });

  it('accepts 100 values for in', () => {
    const values = Array.from({ length: 100 }, (_, i) => String(i));
    expect((parseListQuery(markets, { 'rank[in]': values.join(',') }).filters[0]?.value as unknown[]).length).toBe(100);
  });
});

describe('parseListQuery: refusals name the parameter', () => {
  const validCursor = encodeCursor(parseListQuery(markets, {}), { id, createdAt: '2026-01-01T00:00:00.000Z' });
  const cases: [string, Record<string, unknown>, string, RegExp?][] = [
    ['limit too big', { limit: '1000' }, 'limit', /from 1 to 100/],
    ['limit zero', { limit: '0' }, 'limit'],
    ['limit text', { limit: 'abc' }, 'limit'],
    ['limit fraction', { limit: '1.5' }, 'limit'],
    ['limit exponent', { limit: '1e1' }, 'limit'],
    ['limit negative', { limit: '-1' }, 'limit'],
    ['limit empty', { limit: '' }, 'limit'],
    ['offset negative', { offset: '-1' }, 'offset'],
    ['offset too deep', { offset: '10000001' }, 'offset'],
    ['offset text', { offset: 'x' }, 'offset'],
    ['offset with cursor', { offset: '0', cursor: validCursor }, 'offset', /cursor/],
    ['total other', { total: 'yes' }, 'total'],
    ['sort secret', { sort: 'notes' }, 'sort', /"notes" is not a sortable field/],
    ['sort unknown', { sort: '-bogus' }, 'sort', /"bogus"/],
    ['sort non-sortable status', { sort: 'status' }, 'sort', /"status"/],
    ['sort id', { sort: 'id' }, 'sort', /"id"/],
    ['sort duplicate', { sort: 'volume,-volume' }, 'sort', /more than once/],
    ['sort empty item', { sort: 'volume,' }, 'sort'],
    ['sort bare minus', { sort: '-' }, 'sort'],
    ['sort six keys', { sort: 'name,volume,rank,score,featured,createdAt' }, 'sort', /at most 5/],
    ['fields unknown', { fields: 'name,bogus' }, 'fields', /"bogus"/],
    ['fields empty', { fields: '' }, 'fields'],
    ['include non-reference', { include: 'name' }, 'include', /"name" is not a reference/],
    ['include unknown', { include: 'owner' }, 'include'],
    ['q too long', { q: 'x'.repeat(201) }, 'q', /1 to 200/],
    ['q empty', { q: '' }, 'q'],
    ['q blank', { q: '  \t ' }, 'q', /search term/],
    ['cursor garbage', { cursor: '!!!' }, 'cursor'],
    ['cursor not json', { cursor: 'abcd' }, 'cursor'],
    ['bogus', { bogus: '1' }, 'bogus', /Unknown query parameter "bogus"/],
    ['non-filterable field', { notes: 'x' }, 'notes', /Unknown query parameter/],
    ['non-filterable with op', { 'notes[eq]': 'x' }, 'notes[eq]'],
    ['json field', { meta: '{}' }, 'meta'],
    ['unknown operator', { 'volume[foo]': '1' }, 'volume[foo]', /unsupported operator "foo"/],
    ['empty operator', { 'volume[]': '1' }, 'volume[]'],
    ['operator not for kind', { 'status[gt]': 'active' }, 'status[gt]', /supports eq, ne, in/],
    ['contains on decimal', { 'volume[contains]': '1' }, 'volume[contains]'],
    ['bad decimal', { 'volume[gte]': 'abc' }, 'volume[gte]', /decimal/],
    ['decimal scale', { volume: '1.234' }, 'volume', /2 digits after/],
    ['bad enum', { status: 'open' }, 'status', /one of active, closed, resolved/],
    ['bad boolean', { featured: '1' }, 'featured', /true or false/],
    ['bad integer', { 'rank[gt]': '1.5' }, 'rank[gt]', /whole number/],
    ['bad number', { score: 'NaN' }, 'score'],
    ['bad timestamp', { 'closesAt[lt]': 'tomorrow' }, 'closesAt[lt]', /ISO-8601/],
    ['bad uuid', { creator: 'me' }, 'creator', /UUID/],
    ['bad in item', { 'status[in]': 'active,nope' }, 'status[in]', /value 2/],
    ['too many in values', { 'rank[in]': Array(101).fill('1').join(',') }, 'rank[in]', /at most 100/],
    ['long text', { 'name[contains]': 'x'.repeat(1001) }, 'name[contains]', /1000/],
    ['repeated', { status: ['active', 'closed'] }, 'status', /more than once/],
    ['repeated control', { limit: ['1', '2'] }, 'limit', /more than once/],
    ['non-string', { limit: 5 }, 'limit', /single value/],
    ['repeated unknown', { bogus: ['1', '2'] }, 'bogus', /Unknown/],
    ['bracket junk', { 'status[eq][x]': 'a' }, 'status[eq][x]'],
    ['proto', { __proto__: 'x', constructor: 'y' } as Record<string, unknown>, 'constructor'],
  ];
  it.each(cases)('%s', (_name, query, param, pattern) => {
    const error = invalid(query);
    expect(error.message).toContain(`"${param}"`);
    if (pattern) expect(error.message).toMatch(pattern);
    expect(error.errors?.map((e) => e.path)).toContain(`query.${param}`);
  });

  it('refuses q where nothing is searchable, as an unknown parameter', () => {
    expect(invalid({ q: 'x' }, tags).message).toBe('Unknown query parameter "q".');
  });

  it('reports every bad parameter at once', () => {
    const error = invalid({ limit: '0', bogus: '1', 'volume[gte]': 'x', sort: 'notes' });
    expect(error.errors?.map((e) => e.path).sort()).toEqual(
      ['query.bogus', 'query.limit', 'query.sort', 'query.volume[gte]'].sort(),
    );
    for (const p of ['limit', 'bogus', 'volume[gte]', 'sort']) expect(error.message).toContain(`"${p}"`);
  });

  it('lets a field named like a control parameter be filtered with brackets', () => {
    const odd = resource('odds', { fields: { total: field.integer().filterable() }, access: {} });
    const q = parseListQuery(odd as never, { total: 'true', 'total[gte]': '3' });
    expect(q.total).toBe(true);
    expect(q.filters).toEqual([{ field: 'total', column: 'total', op: 'gte', value: 3 }]);
  });
});

describe('size of the 400', () => {
  it('reports at most 20 bad parameters and says how many more there were', () => {
    const tiny = resource('tinies', { fields: { n: field.integer() }, access: { list: allow.public, read: allow.public } });
    const query = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`junk${i}`, 'x']));
    try {
      parseListQuery(tiny, query);
      expect.unreachable();
    } catch (error) {
      const e = error as { errors: unknown[]; message: string };
      expect(e.errors).toHaveLength(20);
      expect(e.message).toContain('And 480 more invalid parameters.');
      expect(e.message.length).toBeLessThan(2000);
    }
  });
});

describe('parseListQuery: aliases of own fields', () => {
  const posts = resource('posts', {
    fields: {
      body: field.string(),
      tagList: field.array(field.string({ max: 40 })).default([]).filterable(),
    },
    filters: { tag: 'tagList', words: 'body', since: 'createdAt' },
    access: {},
  });

  it('parses an alias as its field, so both spellings are one filter (and one cache key)', () => {
    const aliased = parseListQuery(posts as never, { tag: 'x', 'since[gte]': '2020-01-01T00:00:00Z' });
    const direct = parseListQuery(posts as never, { 'tagList[contains]': 'x', 'createdAt[gte]': '2020-01-01T00:00:00Z' });
    expect(aliased.filters).toEqual(direct.filters);
    expect(aliased.filters[0]).toEqual({ field: 'tagList', column: 'tag_list', op: 'contains', value: ['x'] });
  });

  it('never opens a field that is not filterable, even where startup checks did not run', () => {
    expect(invalid({ words: 'x' }, posts as never).message).toBe('Unknown query parameter "words".');
    expect(invalid({ body: 'x' }, posts as never).errors?.[0]?.message).toBe('unknown parameter; filterable fields are id, createdAt, updatedAt, tagList, tag, since');
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { decodeCursor, encodeCursor, maxCursorLength } from './cursor-codec.js';
import { markets } from './markets-fixture.js';
import { parseListQuery } from './parse-list-query.js';
import { parseSort } from './parse-sort.js';

const id = '01900000-0000-7000-8000-00000000abcd';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('cursor codec', () => {
  it('round-trips the sort values and id of a record', () => {
    const listQuery = parseListQuery(markets, { sort: '-volume,score,featured' });
    const cursor = encodeCursor(listQuery, { id, volume: '12.50', score: -0.75, featured: true, name: 'x' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const next = parseListQuery(markets, { sort: '-volume,score,featured', cursor });
    expect(next.cursor).toEqual({ values: ['12.50', -0.75, true, id] });
  });

  it('round-trips timestamps and large integers', () => {
    const sort = parseSort(markets, 'updatedAt,rank');
    const record = { id, updatedAt: '2026-03-04T05:06:07.089Z', rank: Number.MAX_SAFE_INTEGER };
    expect(decodeCursor(markets, sort, encodeCursor({ sort }, record)).values).toEqual([
      record.updatedAt,
      record.rank,
      id,
    ]);
  });

  it('refuses to encode a record missing a sort field', () => {
    const sort = parseSort(markets, '-volume');
    expect(() => encodeCursor({ sort }, { id })).toThrow(/"volume"/);
    expect(() => encodeCursor({ sort }, { id, volume: { units: 1 } })).toThrow(TypeError);
  });

  const sort = parseSort(markets, '-volume');
  const cases: [string, string, RegExp][] = [
    ['another sort', encodeCursor({ sort: parseSort(markets, 'volume') }, { id, volume: '1.00' }), /another sort/],
    ['not base64url', 'a+b/c=', /not a cursor/],
    ['empty', '', /not a cursor/],
    ['too long', 'a'.repeat(maxCursorLength + 1), /not a cursor/],
    ['not JSON', Buffer.from('{oops').toString('base64url'), /not a cursor/],
    ['JSON null', b64(null), /not a cursor/],
    ['JSON array', b64(['-volume,-id', []]), /not a cursor/],
    ['signature not a string', b64({ s: 1, k: [] }), /not a cursor/],
    ['values not strings', b64({ s: '-volume,-id', k: [1, id] }), /not a cursor/],
    ['too few values', b64({ s: '-volume,-id', k: [id] }), /another sort/],
    ['bad decimal', b64({ s: '-volume,-id', k: ['1.234', id] }), /"volume".*digits after/],
    ['bad id', b64({ s: '-volume,-id', k: ['1.00', "1' or '1'='1"] }), /"id".*UUID/],
  ];
  it.each(cases)('refuses a cursor: %s', (_name, cursor, pattern) => {
    const error = refusal(() => decodeCursor(markets, sort, cursor));
    expect(error.code).toBe('RAMPART_INVALID_QUERY');
    expect(error.message).toContain('"cursor"');
    expect(error.message).toMatch(pattern);
    expect(error.errors).toEqual([{ path: 'query.cursor', message: expect.any(String) }]);
  });

  it('does not check a cursor when the sort itself is bad', () => {
    const error = refusal(() => parseListQuery(markets, { sort: 'notes', cursor: 'junk!' }));
    expect(error.errors?.map((e) => e.path)).toEqual(['query.sort']);
  });
});

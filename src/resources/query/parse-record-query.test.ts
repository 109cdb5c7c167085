import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { markets } from './markets-fixture.js';
import { parseRecordQuery } from './parse-record-query.js';

describe('parseRecordQuery', () => {
  it('parses fields and include', () => {
    expect(parseRecordQuery(markets, {})).toEqual({ include: [] });
    expect(parseRecordQuery(markets, { fields: 'name', include: 'creator', x: undefined })).toEqual({
      fields: ['id', 'name', 'creator'],
      include: ['creator'],
    });
  });

  const cases: [Record<string, unknown>, string][] = [
    [{ limit: '5' }, 'limit'],
    [{ status: 'active' }, 'status'],
    [{ fields: ['id', 'name'] }, 'fields'],
    [{ include: 7 }, 'include'],
    [{ fields: 'bogus' }, 'fields'],
    [{ include: 'name' }, 'include'],
  ];
  it.each(cases)('refuses %j naming %s', (query, param) => {
    try {
      parseRecordQuery(markets, query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toContain(`"${param}"`);
      expect((error as AppError).errors?.[0]?.path).toBe(`query.${param}`);
    }
  });
});

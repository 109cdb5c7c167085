import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../resources/query/cursor-codec.js';
import { markets } from '../resources/query/markets-fixture.js';
import { parseListQuery } from '../resources/query/parse-list-query.js';
import { cacheKey, type CacheCaller } from './cache-key.js';

const id = '01900000-0000-7000-8000-000000000001';
const ann = { id: '01900000-0000-7000-8000-0000000000a1', role: 'user' };
const list = (query: Record<string, string>, caller: CacheCaller = undefined) =>
  cacheKey('markets', { route: 'list', query: parseListQuery(markets, query) }, caller);

describe('cacheKey', () => {
  it('names the resource and route in clear and hashes the rest', () => {
    expect(list({})).toMatch(/^markets:list:[A-Za-z0-9_-]{43}$/);
    expect(cacheKey('markets', { route: 'read', id, include: [] }, undefined)).toMatch(/^markets:read:/);
  });

  it('is the same for the same query written in another order', () => {
    expect(list({ status: 'active', 'volume[gte]': '10' })).toBe(list({ 'volume[gte]': '10', status: 'active' }));
    expect(list({ 'status[in]': 'active,closed' })).toBe(list({ 'status[in]': 'closed,active' }));
    expect(list({ fields: 'name,volume' })).toBe(list({ fields: 'volume,name' }));
    // The default limit and sort are the same query as the explicit ones.
    expect(list({})).toBe(list({ limit: '20', sort: '-createdAt' }));
  });

  it.each([
    ['a filter', { status: 'active' }],
    ['another filter value', { status: 'closed' }],
    ['an operator', { 'volume[gt]': '10' }],
    ['a sort', { sort: 'volume' }],
    ['the sort direction', { sort: '-volume' }],
    ['a limit', { limit: '5' }],
    ['an offset', { offset: '5' }],
    ['fields', { fields: 'name' }],
    ['include', { include: 'creator' }],
    ['a search', { q: 'rain' }],
    ['total', { total: 'true' }],
  ])('changes with %s', (_name, query) => {
    const keys = new Set([list({}), list(query as Record<string, string>)]);
    expect(keys.size).toBe(2);
  });

  it('changes with the cursor', () => {
    const query = parseListQuery(markets, {});
    const first = encodeCursor(query, { createdAt: '2026-01-01T00:00:00.000Z', id });
    const second = encodeCursor(query, { createdAt: '2026-01-02T00:00:00.000Z', id });
    expect(list({ cursor: first })).not.toBe(list({ cursor: second }));
    expect(list({ cursor: first })).not.toBe(list({}));
  });

  it('covers the id, fields and include of a single read', () => {
    const read = (over: object = {}) => cacheKey('markets', { route: 'read', id, include: [], ...over }, undefined);
    expect(read()).not.toBe(read({ id: '01900000-0000-7000-8000-000000000002' }));
    expect(read()).not.toBe(read({ fields: ['id', 'name'] }));
    expect(read()).not.toBe(read({ include: ['creator'] }));
    expect(read({ fields: ['name', 'id'] })).toBe(read({ fields: ['id', 'name'] }));
  });

  it('covers the caller when the answer depends on it: user, role, anonymous, everyone', () => {
    const keys = [
      list({}, undefined),
      list({}, null),
      list({}, ann),
      list({}, { ...ann, role: 'admin' }),
      list({}, { ...ann, id: '01900000-0000-7000-8000-0000000000b2' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(list({}, ann)).toBe(list({}, { ...ann }));
  });

  it('differs between resources and routes', () => {
    expect(cacheKey('markets', { route: 'read', id, include: [] }, undefined)).not.toBe(
      cacheKey('positions', { route: 'read', id, include: [] }, undefined),
    );
  });
});

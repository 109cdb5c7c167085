import { describe, expect, it } from 'vitest';
import { allow, field, resource } from 'rampart';
import { checkCacheOptions } from './cache-options.js';

describe('checkCacheOptions', () => {
  it('accepts whole seconds from 1 to a day, and no option at all', () => {
    expect(checkCacheOptions('markets', { ttl: 1 })).toEqual({ ttl: 1 });
    expect(checkCacheOptions('markets', { ttl: 86_400 })).toEqual({ ttl: 86_400 });
    expect(checkCacheOptions('markets', undefined)).toBeUndefined();
  });

  it.each([
    [{ ttl: 0 }, 'got 0'],
    [{ ttl: -5 }, 'got -5'],
    [{ ttl: 1.5 }, 'got 1.5'],
    [{ ttl: 86_401 }, 'got 86401'],
    [{ ttl: '30' }, 'got "30"'],
    [{ ttl: Number.NaN }, 'got NaN'],
    [{}, 'got nothing'],
  ])('refuses %j naming the resource and the value', (value, got) => {
    expect(() => checkCacheOptions('markets', value)).toThrow(
      new TypeError(`markets: cache.ttl must be a whole number of seconds from 1 to 86400, ${got}`),
    );
  });

  it('refuses unknown keys and non-objects', () => {
    expect(() => checkCacheOptions('markets', { ttl: 5, tll: 5 })).toThrow('markets: cache accepts only ttl; unknown: tll');
    expect(() => checkCacheOptions('markets', 30)).toThrow('markets: cache must be an object such as { ttl: 30 }');
    expect(() => checkCacheOptions('markets', true)).toThrow('markets: cache must be an object');
  });

  it('runs when a resource is declared', () => {
    const access = { list: allow.public, read: allow.public };
    const fields = { name: field.string() };
    expect(() => resource('boards', { fields, access, operations: ['list', 'read'], cache: { ttl: 0 } })).toThrow(
      'boards: cache.ttl must be a whole number of seconds from 1 to 86400, got 0',
    );
    expect(resource('boards', { fields, access, operations: ['list', 'read'], cache: { ttl: 30 } }).cache).toEqual({ ttl: 30 });
    expect(resource('boards', { fields, access, operations: ['list', 'read'] }).cache).toBeUndefined();
  });
});

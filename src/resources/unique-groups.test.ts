import { describe, expect, it } from 'vitest';
import { allow } from '../policies/rule.js';
import { field } from './fields/index.js';
import { resource } from './resource.js';

const access = { list: allow.public };
const fields = { a: field.string().unique(), b: field.integer(), c: field.string() };

describe('unique combinations', () => {
  it('lists .unique() fields and declared combinations, owner included', () => {
    const r = resource('things', { fields, owner: 'maker', unique: [['maker', 'b']], access });
    expect(r.uniqueGroups.map((g) => g.map((f) => f.name))).toEqual([['a'], ['maker', 'b']]);
  });

  it.each([
    [[['b']], 'things: a unique combination needs two or more fields; use .unique() on a single field'],
    [[['b', 'b']], 'things: unique [b, b] repeats a field'],
    [[['b', 'nope']], 'things: unique [b, nope] names unknown field nope'],
  ])('refuses %j', (unique, message) => {
    expect(() => resource('things', { fields, unique, access })).toThrow(message);
  });
});

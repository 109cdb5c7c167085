import { describe, expect, it } from 'vitest';
import { allow } from '../policies/rule.js';
import { field } from './fields/index.js';
import { resource } from './resource.js';
import { responseSchemas } from './response-schemas.js';
import { resolveEnvelope } from '../wire/envelopes.js';

const open = { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public };
const markets = resource('markets', { fields: { name: field.string({ max: 50 }) }, access: open });
const bets = resource('bets', { fields: { market: field.reference('markets'), stake: field.integer() }, access: open });
const lookup = (name: string) => (name === 'markets' ? markets : undefined);

describe('response schemas', () => {
  const schemas = responseSchemas(bets, lookup, resolveEnvelope(undefined, 'bets'));

  it('keeps anyOf out of the schemas every plain request is serialized with', () => {
    expect(JSON.stringify(schemas.one)).not.toContain('anyOf');
    expect(JSON.stringify(schemas.many)).not.toContain('anyOf');
  });

  it('serializes embedded records with ?include=, dropping undeclared properties at both levels', () => {
    const m1 = '0190a0d0-0000-7000-8000-000000000001';
    const b1 = '0190a0d0-0000-7000-8000-000000000002';
    const market = { id: m1, name: 'Rain', secret: 'x' };
    const text = schemas.includeOne({ data: { id: b1, market, stake: 3, passwordHash: 'y' } });
    expect(JSON.parse(text)).toEqual({ data: { id: b1, market: { id: m1, name: 'Rain' }, stake: 3 } });
    const list = JSON.parse(schemas.includeMany({ data: [{ id: b1, market: m1, stake: 1 }], pagination: { limit: 20, nextCursor: null } }));
    expect(list.data[0].market).toBe(m1);
  });
});

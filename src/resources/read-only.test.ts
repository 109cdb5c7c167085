import { describe, expect, it } from 'vitest';
import { allow } from '../policies/rule.js';
import { field } from './fields/index.js';
import { resource } from './resource.js';
import { createBodySchema, patchBodySchema, serverBodySchemas } from './schemas.js';

const access = { list: allow.public, read: allow.public, create: allow.public, update: allow.public, delete: allow.public };

describe('.readOnly() fields', () => {
  it('stay out of client bodies and in server ones', () => {
    const accounts = resource('accounts', { fields: { name: field.string(), balance: field.decimal().default('0').readOnly() }, access });
    expect(createBodySchema(accounts).safeParse({ name: 'a', balance: '5' }).success).toBe(false);
    expect(patchBodySchema(accounts).safeParse({ balance: '5' }).success).toBe(false);
    expect(serverBodySchemas(accounts).patch.safeParse({ balance: '5' }).success).toBe(true);
    expect(accounts.clientWritable.map((f) => f.name)).toEqual(['name']);
  });

  it('need a default or optional: clients could not create records otherwise', () => {
    expect(() => resource('accounts', { fields: { balance: field.decimal().readOnly() }, access })).toThrow(/read-only field needs a default/);
  });
});

import { describe, expect, it } from 'vitest';
import { StartupError } from '../../errors/app-error.js';
import { field } from '../../resources/fields/index.js';
import { resource } from '../../resources/resource.js';
import { buildDesiredSchema } from './desired-schema.js';
import type { TableModel } from './schema-model.js';
import { openAccess } from './test-database.js';

const markets = resource('markets', {
  fields: {
    name: field.string({ max: 200 }).searchable(),
    description: field.string().optional().searchable(),
    status: field.enum(['active', 'closed']).default('active').filterable(),
    volume: field.decimal({ precision: 12, scale: 2 }).default('12.50').sortable(),
    featured: field.boolean().default(false),
    slug: field.string().unique(),
    endsAt: field.timestamp().optional().index(),
    meta: field.json().default({ tags: ["it's"] }),
  },
  access: openAccess,
  indexes: [['status', 'volume']],
});

const marketPositions = resource('market-positions', {
  fields: { market: field.reference('markets', { onDelete: 'cascade' }), ratio: field.number().optional() },
  access: openAccess,
});

function table(name: string, tables: TableModel[]): TableModel {
  const found = tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

describe('buildDesiredSchema', () => {
  const { tables } = buildDesiredSchema([markets, marketPositions], { dialect: 'sqlite' });

  it('starts every table with id, created_at and updated_at, then the fields in order', () => {
    const t = table('markets', tables);
    expect(t.columns.map((c) => c.name)).toEqual([
      'id', 'created_at', 'updated_at', 'name', 'description', 'status', 'volume', 'featured', 'slug', 'ends_at', 'meta',
    ]);
    expect(t.columns[0]).toEqual({ name: 'id', type: 'uuid', notNull: true, primaryKey: true });
    expect(t.columns[1]).toEqual({ name: 'created_at', type: 'timestamp', notNull: true });
  });

  it('makes only optional fields nullable and renders defaults with toDb for the dialect', () => {
    const byName = new Map(table('markets', tables).columns.map((c) => [c.name, c]));
    expect(byName.get('description')).toEqual({ name: 'description', type: 'text', notNull: false });
    expect(byName.get('status')?.default).toBe("'active'");
    expect(byName.get('volume')).toMatchObject({ type: 'decimal', decimal: { precision: 12, scale: 2 }, default: '1250' });
    expect(byName.get('featured')?.default).toBe('0');
    expect(byName.get('meta')?.default).toBe(`'{"tags":["it''s"]}'`);

    const pg = buildDesiredSchema([markets, marketPositions], { dialect: 'postgres' });
    const pgColumns = new Map(table('markets', pg.tables).columns.map((c) => [c.name, c]));
    expect(pgColumns.get('volume')?.default).toBe("'12.50'");
    expect(pgColumns.get('featured')?.default).toBe('FALSE');
  });

  it('turns references into foreign keys to the snake_case table of the resource', () => {
    const t = table('market_positions', tables);
    expect(t.columns.find((c) => c.name === 'market')).toEqual({
      name: 'market',
      type: 'uuid',
      notNull: true,
      references: { table: 'markets', column: 'id', onDelete: 'cascade' },
    });
  });

  it('names unique, plain, sort and composite indexes by convention', () => {
    expect(table('markets', tables).indexes).toEqual([
      { name: 'markets_created_at_sort_idx', columns: ['created_at', 'id'], unique: false },
      { name: 'markets_updated_at_sort_idx', columns: ['updated_at', 'id'], unique: false },
      { name: 'markets_volume_sort_idx', columns: ['volume', 'id'], unique: false },
      { name: 'markets_slug_unique', columns: ['slug'], unique: true },
      { name: 'markets_ends_at_idx', columns: ['ends_at'], unique: false },
      { name: 'markets_status_volume_idx', columns: ['status', 'volume', 'id'], unique: false },
    ]);
  });

  it('declares full-text search over the searchable columns only', () => {
    expect(table('markets', tables).search).toEqual({ columns: ['name', 'description'] });
    expect(table('market_positions', tables).search).toBeUndefined();
  });

  it('keeps the wider of two same-named indexes when one extends the other', () => {
    const r = resource('items', {
      fields: { status: field.string().index() },
      access: openAccess,
      indexes: [['status']],
    });
    const [t] = buildDesiredSchema([r], { dialect: 'sqlite' }).tables;
    expect(t?.indexes.filter((i) => i.name === 'items_status_idx')).toEqual([
      { name: 'items_status_idx', columns: ['status', 'id'], unique: false },
    ]);
  });

  it('accepts extra tables and checks them like resource tables', () => {
    const users: TableModel = {
      name: 'users',
      columns: [{ name: 'id', type: 'uuid', notNull: true, primaryKey: true }, { name: 'email', type: 'text', notNull: true }],
      indexes: [{ name: 'users_email_unique', columns: ['email'], unique: true }],
    };
    const schema = buildDesiredSchema([markets], { dialect: 'sqlite', extraTables: [users] });
    expect(schema.tables.map((t) => t.name)).toEqual(['markets', 'users']);
    expect(table('users', schema.tables)).not.toBe(users);

    const broken = { ...users, indexes: [{ name: 'users_x_idx', columns: ['x'], unique: false }] };
    expect(() => buildDesiredSchema([], { dialect: 'sqlite', extraTables: [broken] })).toThrow(/unknown column "x"/);
  });

  it('refuses definitions that cannot become a schema', () => {
    const badIndex = resource('items', { fields: { a: field.string() }, access: openAccess, indexes: [['nope']] });
    expect(() => buildDesiredSchema([badIndex], { dialect: 'sqlite' })).toThrow(/index on unknown field "nope"/);

    const emptyIndex = resource('items', { fields: { a: field.string() }, access: openAccess, indexes: [[]] });
    expect(() => buildDesiredSchema([emptyIndex], { dialect: 'sqlite' })).toThrow(/at least one field/);

    expect(() => buildDesiredSchema([marketPositions], { dialect: 'sqlite' })).toThrow(/references "markets"/);
    expect(() => buildDesiredSchema([markets, markets], { dialect: 'sqlite' })).toThrow(/both be named "markets"/);
    for (const name of ['markets-fts', 'rampart-schema']) {
      const r = resource(name, { fields: {}, access: openAccess });
      expect(() => buildDesiredSchema([r], { dialect: 'sqlite' })).toThrow(/is reserved/);
    }

  });

  it('reports same-named indexes over different columns as a definition error', () => {
    // `aB` is the column a_b, so `.index()` on it and an index on [a, b] would both be x_items_a_b_idx.
    const r = resource('x-items', {
      fields: { aB: field.string().index(), a: field.string(), b: field.string() },
      access: openAccess,
      indexes: [['a', 'b']],
    });
    const error = (() => {
      try {
        buildDesiredSchema([r], { dialect: 'sqlite' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).code).toBe('RAMPART_DEFINITION_INVALID');
    expect((error as Error).message).toMatch(/x_items_a_b_idx/);
  });
});

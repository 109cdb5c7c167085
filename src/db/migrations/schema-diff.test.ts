import { describe, expect, it } from 'vitest';
import { describeOperation, isDestructive, listOperations } from './operations.js';
import { diffSchemas } from './schema-diff.js';
import type { ColumnModel, TableModel } from './schema-model.js';

const id: ColumnModel = { name: 'id', type: 'uuid', notNull: true, primaryKey: true };

function table(name: string, columns: ColumnModel[], extra: Partial<TableModel> = {}): TableModel {
  return { name, columns: [id, ...columns], indexes: [], ...extra };
}

const name: ColumnModel = { name: 'name', type: 'text', notNull: true };
const volume: ColumnModel = { name: 'volume', type: 'decimal', decimal: { precision: 15, scale: 2 }, notNull: true, default: '0' };

describe('diffSchemas', () => {
  it('finds nothing to do when both sides agree', () => {
    const t = table('markets', [name], { indexes: [{ name: 'i', columns: ['name'], unique: false }], search: { columns: ['name'] } });
    expect(diffSchemas({ tables: [t] }, { tables: [structuredClone(t)] })).toEqual({ operations: [], problems: [] });
  });

  it('creates referenced tables first, then indexes and search', () => {
    const positions = table('positions', [
      { name: 'market', type: 'uuid', notNull: true, references: { table: 'markets', column: 'id', onDelete: 'cascade' } },
    ]);
    const markets = table('markets', [name], {
      indexes: [{ name: 'markets_name_idx', columns: ['name'], unique: false }],
      search: { columns: ['name'] },
    });
    const { operations } = diffSchemas({ tables: [positions, markets] }, { tables: [] });
    expect(operations.map(describeOperation)).toEqual([
      'create table markets',
      'create table positions',
      'create index markets_name_idx on markets (name)',
      'create full-text search on markets (name)',
    ]);
    expect(operations.some(isDestructive)).toBe(false);
  });

  it('adds, alters and drops columns, marking only data loss as destructive', () => {
    const current = table('markets', [name, { ...volume, type: 'integer', decimal: undefined }, { name: 'old', type: 'text', notNull: false }]);
    const desired = table('markets', [{ ...name, default: "''" }, volume, { name: 'note', type: 'text', notNull: false }]);
    const { operations, problems } = diffSchemas({ tables: [desired] }, { tables: [current] });
    expect(problems).toEqual([]);
    expect(operations.map((op) => [describeOperation(op), isDestructive(op)])).toEqual([
      ['add column markets.note text', false],
      ["alter column markets.name (default '')", false],
      ['alter column markets.volume (type integer → decimal(15,2))', true],
      ['drop column markets.old', true],
    ]);
    expect(listOperations(operations)).toContain('drop column markets.old [destructive]');
  });

  it('reports a required column without a default added to an existing table', () => {
    const { problems } = diffSchemas(
      { tables: [table('markets', [name, { name: 'closes_at', type: 'timestamp', notNull: true }])] },
      { tables: [table('markets', [name])] },
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/markets\.closes_at.*\.default\(\.\.\.\).*\.optional\(\)/);
  });

  it('replaces changed indexes and drops removed ones before touching columns', () => {
    const current = table('markets', [name, volume], {
      indexes: [
        { name: 'a', columns: ['name'], unique: false },
        { name: 'b', columns: ['volume'], unique: false },
      ],
    });
    const desired = table('markets', [name], { indexes: [{ name: 'a', columns: ['name'], unique: true }] });
    const { operations } = diffSchemas({ tables: [desired] }, { tables: [current] });
    expect(operations.map(describeOperation)).toEqual([
      'drop index a',
      'drop index b',
      'drop column markets.volume',
      'create unique index a on markets (name)',
    ]);
  });

  it('recreates search when its columns change, and drops it with its table', () => {
    const current = table('posts', [name, { name: 'body', type: 'text', notNull: true }], { search: { columns: ['name'] } });
    const desired = { ...structuredClone(current), search: { columns: ['name', 'body'] } };
    expect(diffSchemas({ tables: [desired] }, { tables: [current] }).operations.map((o) => o.op)).toEqual([
      'dropSearch',
      'createSearch',
    ]);
    // An incomplete index (triggers missing) is introspected as an empty column list.
    const broken = { ...structuredClone(current), search: { columns: [] } };
    expect(diffSchemas({ tables: [current] }, { tables: [broken] }).operations.map((o) => o.op)).toEqual([
      'dropSearch',
      'createSearch',
    ]);
    const dropped = diffSchemas({ tables: [] }, { tables: [current] }).operations;
    expect(dropped.map(describeOperation)).toEqual(['drop full-text search on posts', 'drop table posts']);
    expect(dropped.map(isDestructive)).toEqual([false, true]);
  });

  it('never drops unmanaged tables, and refuses to take one over', () => {
    const { operations, problems } = diffSchemas(
      { tables: [table('legacy', [name])] },
      { tables: [], unmanaged: ['legacy', 'my_own_table'] },
    );
    expect(operations).toEqual([]);
    expect(problems[0]).toMatch(/"legacy" already exists but was not created by Rampart/);
  });

  it('notices nullability, primary key and reference changes', () => {
    const ref = { name: 'market', type: 'uuid', notNull: true, references: { table: 'm', column: 'id', onDelete: 'restrict' } } as const;
    const current = table('p', [ref, { name: 'code', type: 'text', notNull: true }]);
    const desired = table('p', [
      { ...ref, references: { ...ref.references, onDelete: 'cascade' } },
      { name: 'code', type: 'text', notNull: false, primaryKey: true },
    ]);
    const labels = diffSchemas({ tables: [desired] }, { tables: [current] }).operations.map(describeOperation);
    expect(labels).toEqual(['alter column p.market (reference)', 'alter column p.code (nullable, primary key)']);
  });
});

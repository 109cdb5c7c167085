import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { openTestDatabase } from '../db/test-database-url.js';
import { runTransaction } from '../db/transactions.js';
import { ResourceStatements } from './statements.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the table is created by hand here */
const columns = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];
let database: Database;
let statements: ResourceStatements;

beforeAll(async () => {
  database = await openTestDatabase();
  let table = database.db.schema.createTable('shapes').addColumn('id', 'text', (c) => c.primaryKey());
  for (const column of columns) table = table.addColumn(column, 'text');
  await table.execute();
  statements = new ResourceStatements('shapes', database);
});
afterAll(async () => database.close());

const stored = async (id: string) => (await statements.byId(database.db, id)).rows[0];

describe('statements compiled once per shape', () => {
  it('put each value in its own column, whatever order the row lists them in', async () => {
    const [first] = (await statements.insert(database.db, { id: 'a', c0: 'zero', c1: 'one' })).rows;
    const [second] = (await statements.insert(database.db, { c1: 'one', id: 'b', c0: 'zero' })).rows;
    expect(first).toMatchObject({ id: 'a', c0: 'zero', c1: 'one', c2: null });
    expect(second).toMatchObject({ id: 'b', c0: 'zero', c1: 'one', c2: null });
    expect(await stored('b')).toEqual(second);
  });

  it('bind values as parameters: SQL in a value is stored as text', async () => {
    const hostile = `x'); drop table shapes; --`;
    await statements.insert(database.db, { id: 'c', c0: hostile });
    const [updated] = (await statements.update(database.db, 'c', { c1: hostile })).rows;
    expect(updated).toMatchObject({ id: 'c', c0: hostile, c1: hostile });
  });

  it('update only the columns given, on the row given, and return nothing for a missing row', async () => {
    await statements.insert(database.db, { id: 'd', c0: 'keep', c1: 'old' });
    await statements.insert(database.db, { id: 'e', c0: 'other', c1: 'other' });
    const [row] = (await statements.update(database.db, 'd', { c1: 'new', c2: 'added' })).rows;
    expect(row).toMatchObject({ id: 'd', c0: 'keep', c1: 'new', c2: 'added' });
    expect(await stored('e')).toMatchObject({ c0: 'other', c1: 'other', c2: null });
    expect((await statements.update(database.db, 'missing', { c1: 'x' })).rows).toEqual([]);
  });

  it('stay correct past the shapes they remember (every subset of nine columns)', async () => {
    await statements.insert(database.db, { id: 'f' });
    // 511 shapes, twice the number kept: the later ones are compiled each time.
    for (let mask = 1; mask < 2 ** columns.length; mask += 1) {
      const set = Object.fromEntries(columns.filter((_, i) => mask & (2 ** i)).map((c) => [c, `${c}@${mask}`]));
      const [row] = (await statements.update(database.db, 'f', set)).rows;
      expect(row).toMatchObject(set);
    }
    expect(await stored('f')).toMatchObject(Object.fromEntries(columns.map((c) => [c, `${c}@511`])));
  });

  it('delete the row given, and run on the transaction they are handed', async () => {
    await statements.insert(database.db, { id: 'g' });
    await expect(
      runTransaction(database.db, async (trx: any) => {
        await statements.delete(trx, 'g');
        expect(await statements.byId(trx, 'g', true)).toMatchObject({ rows: [] });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await stored('g')).toMatchObject({ id: 'g' });
    await statements.delete(database.db, 'g');
    expect(await stored('g')).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { openTestDatabase } from './test-database-url.js';
import { executorFor, runTransaction, withTransactions } from './transactions.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tables are created by hand here */
let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
});
afterAll(async () => database.close());

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

describe('the current transaction (app code reaching for the root database)', () => {
  it('is joined by nested calls inside ctx.db.transaction, and by none after it ends', async () => {
    const db = withTransactions(database.db);
    const later = gate();
    let inside: unknown;
    let afterwards!: Promise<unknown>;
    let trx: unknown;
    await db.transaction(async (t) => {
      trx = t;
      inside = executorFor(database.db);
      // A continuation the work leaves behind runs after the commit: it must not get the
      // finished transaction.
      afterwards = later.opened.then(() => executorFor(database.db));
      await db.transaction(async (nested) => {
        expect(nested).toBe(t);
      });
    });
    later.open();
    expect(inside).toBe(trx);
    expect(await afterwards).toBe(database.db);
    expect(executorFor(database.db)).toBe(database.db);
  });

  it('is current again for a transaction that starts after another ended', async () => {
    const db = withTransactions(database.db);
    const first = gate();
    const one = db.transaction(async (t) => {
      await first.opened;
      return t;
    });
    // Queued behind the first (SQLite's one connection) or beside it (PostgreSQL).
    const two = db.transaction(async (t) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(executorFor(database.db)).toBe(t);
      await (executorFor(database.db) as any).insertInto('notes').values({ id: 1 }).execute();
      await runTransaction(database.db, async (nested) => expect(nested).toBe(t));
      return t;
    });
    first.open();
    expect(await one).not.toBe(await two);
    expect(await database.db.selectFrom('notes' as any).selectAll().execute()).toEqual([{ id: 1 }]);
  });

  it("is not made current for Rampart's own writes, which pass trx everywhere", async () => {
    let seen: unknown;
    await runTransaction(database.db, async () => {
      seen = executorFor(database.db);
    });
    expect(seen).toBe(database.db);
  });
});

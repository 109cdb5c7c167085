import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction, TransactionBuilder } from 'kysely';

/*
 * Transactions with work to do after the commit. Writes inside a transaction must not
 * announce themselves before it commits: a cache invalidated before the commit can be
 * refilled with the old row by a read in between, and a job worker woken before the
 * commit finds no job. So such work is registered on the transaction's scope and runs
 * once the commit has succeeded; a rollback drops it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTransaction = Transaction<any>;

/** What runs after a transaction commits. */
export interface TransactionScope {
  /** Queues `work` for after the commit; it must not reject (failures are its own to log). */
  afterCommit(work: () => unknown): void;
}

const scopes = new WeakMap<object, TransactionScope>();

/*
 * The transaction open in the current async context, per root database. Code inside a
 * transaction that reaches for the root database (a nested `db.transaction`, a
 * `records(resource)` or `jobs.enqueue` without `trx`) joins it instead of opening a
 * second one: on SQLite, whose one connection the open transaction holds, a second
 * would wait for the first forever, and on PostgreSQL it would commit apart.
 *
 * Only transactions that run code of the app's (`ctx.db.transaction`, resource hooks,
 * webhook handlers) are made current: Rampart's own writes pass `trx` everywhere. And
 * the storage is switched off whenever no such transaction is open. On Node 20 an
 * enabled AsyncLocalStorage runs a promise hook for every promise the process makes,
 * whoever makes it: measured, 15% of an authenticated read's CPU (S2) and 12% of a
 * create's (S4), on every request once any transaction had run.
 */
const open = new AsyncLocalStorage<{ root: object; trx: AnyTransaction }>();
let current = 0;

async function withCurrent<T>(root: object, trx: AnyTransaction, work: () => Promise<T>): Promise<T> {
  current += 1;
  try {
    return await open.run({ root, trx }, work);
  } finally {
    // disable() also turns Node's promise hook off once no other storage is enabled;
    // run() turns it back on.
    if ((current -= 1) === 0) open.disable();
  }
}

/** The scope of a transaction opened by {@link runTransaction}, or undefined for any other executor. */
export function scopeOf(executor: object): TransactionScope | undefined {
  return scopes.get(executor);
}

/** What to run a statement on: the transaction open on `db` in this async context, else `db`. */
export function executorFor(db: AnyDb): AnyDb {
  const store = open.getStore();
  return store && store.root === db ? store.trx : db;
}

/** Options of {@link runTransaction}. */
export interface RunTransactionOptions {
  /**
   * `work` runs code of the app's, which may reach for the root database without `trx`:
   * make the transaction the current one in this async context, so such calls join it.
   */
  appCode?: boolean;
}

/**
 * Runs `work` in a transaction, then (after the commit) what the work queued with
 * {@link TransactionScope.afterCommit}. Called with a scoped transaction, or on a
 * database whose transaction is open in this async context, it joins it: Kysely has no
 * nested transactions, and one unit of work commits once. A transaction from Kysely's
 * own builder is joined too, but what it defers runs at once (it has no scope).
 */
export async function runTransaction<T>(db: AnyDb, work: (trx: AnyTransaction) => Promise<T>, options: RunTransactionOptions = {}): Promise<T> {
  const joined = executorFor(db);
  if (scopes.has(joined) || joined.isTransaction) return work(joined as AnyTransaction);
  const queued: (() => unknown)[] = [];
  const result = await db.transaction().execute(async (trx) => {
    scopes.set(trx, { afterCommit: (next) => queued.push(next) });
    return options.appCode ? withCurrent(db, trx, () => work(trx)) : work(trx);
  });
  for (const next of queued) await next();
  return result;
}

/**
 * The app's Kysely instance as handlers see it (`ctx.db`): Kysely itself, plus
 * `transaction(work)`, which runs `work` in a transaction whose record writes and job
 * enqueues take effect together, exactly when it commits. Without an argument,
 * `transaction()` is Kysely's own builder.
 */
export type AppDb = AnyDb & {
  transaction<T>(work: (trx: AnyTransaction) => Promise<T>): Promise<T>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction(): TransactionBuilder<any>;
};

/**
 * Wraps a Kysely instance as an {@link AppDb}. Methods are bound to the instance itself:
 * Kysely keeps its state in private class fields, which a proxy as `this` cannot reach.
 *
 * @example
 * const db = withTransactions(database.db);
 * await db.transaction(async (trx) => trx.insertInto('notes').values(row).execute());
 */
export function withTransactions(db: AnyDb): AppDb {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return (work?: (trx: AnyTransaction) => Promise<unknown>) => (work ? runTransaction(target, work, { appCode: true }) : target.transaction());
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as AppDb;
}

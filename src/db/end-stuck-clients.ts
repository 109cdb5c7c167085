import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** The message of pg's client-side timeout (`query_timeout`); pg gives it no code. */
export const queryTimeoutMessage = 'Query read timeout';

/**
 * The pool as Kysely takes it, with clients ended when pg's `query_timeout` fires.
 *
 * pg answers the timed-out query's caller but leaves the query active on the
 * connection, waiting for an answer a frozen server never sends: a later statement on
 * that client (a transaction's ROLLBACK) would queue behind it and wait out a timeout of
 * its own, and pg-pool would take the client back as healthy for the next request.
 * Ending the client there and then destroys its socket (pg does not wait for a goodbye
 * while a query is active), fails what queued behind it at once ("Connection
 * terminated"), and makes the pool drop it on release and open a fresh one on demand.
 *
 * @example
 * new Kysely({ dialect: new PostgresDialect({ pool: endStuckClients(new pg.Pool({ query_timeout: 16_000 })) }) });
 */
export function endStuckClients(pool: pg.Pool): PostgresPool {
  // One wrapper per connection: Kysely keeps its connection objects by client.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const query = (text: string, values: readonly unknown[]) =>
      client.query(text, values as unknown[]).catch((error: unknown) => {
        if ((error as Error | undefined)?.message === queryTimeoutMessage) void client.end().catch(() => undefined);
        throw error;
      });
    // Kysely passes a cursor only when the dialect is given one (streaming); Rampart never does.
    return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) wrappers.set(client, (wrapper = wrap(client)));
      return wrapper;
    },
    end: () => pool.end(),
  };
}

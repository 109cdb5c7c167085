import { userInfo } from 'node:os';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database, DatabaseOptions } from './database.js';
import { endStuckClients } from './end-stuck-clients.js';

// int8 (bigint columns, COUNT(*)) arrives as text by default because it can exceed 2^53;
// Rampart's integers are JSON numbers, validated to stay within 2^53, so numbers are exact.
// numeric stays text: decimals are carried as strings, never floats.
const int8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// How much longer than the statement timeout the client waits for an answer. The server
// enforces the statement timeout and answers with an error at that moment; only a
// server that cannot answer at all (frozen, or cut off by a link that drops packets)
// lets the client's own timeout fire.
export const queryTimeoutMarginMs = 1000;

// TCP keepalive probes start after this much silence, instead of the system's two
// hours: a pooled or LISTEN connection whose server vanished is found out and dropped.
const keepAliveDelayMs = 10_000;

// A fixed key for pg_advisory_lock: "rampart" in ASCII, so it is recognisable in pg_locks.
const schemaLockKey = 0x72616d70617274n;

// libpq (psql) connects as the operating-system user when the URL names none; pg uses
// $USER, which service managers and containers often leave unset. Doing what psql does
// keeps `postgres://127.0.0.1:5432/app` meaning the same in both.
function withUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username) return url;
  parsed.username = process.env.PGUSER || process.env.USER || userInfo().username;
  return parsed.toString();
}

/**
 * Opens a PostgreSQL pool. A statement running longer than `statementTimeoutMs` is
 * cancelled by the server, a statement left unanswered a second longer fails on the
 * client (the server is frozen or unreachable; its connection is then dropped), and a
 * request waiting longer than `connectTimeoutMs` for a connection fails, so a database
 * that is down, frozen or saturated costs a request seconds, not a hang. Connections are
 * opened on demand: booting does not wait for them.
 *
 * @example
 * const database = openPostgres('postgres://127.0.0.1:5432/app', { poolSize: 10 });
 */
export function openPostgres(url: string, options: DatabaseOptions = {}): Database {
  const { onQuery, poolSize = 10, statementTimeoutMs = 15_000, connectTimeoutMs = 3000 } = options;
  const poolConfig: pg.PoolConfig = {
    connectionString: withUser(url),
    connectionTimeoutMillis: connectTimeoutMs,
    // A connection whose server vanished must not be handed out again forever.
    keepAlive: true,
    keepAliveInitialDelayMillis: keepAliveDelayMs,
    types,
  };
  const pool = new pg.Pool({
    ...poolConfig,
    max: poolSize,
    // 0 means no limit for PostgreSQL too, but pg reads 0 as "not set"; false is explicit.
    statement_timeout: statementTimeoutMs > 0 ? statementTimeoutMs : false,
    ...(statementTimeoutMs > 0 ? { query_timeout: statementTimeoutMs + queryTimeoutMarginMs } : {}),
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would end
  // the process. The next query fails (503) and the pool reconnects on demand.
  pool.on('error', () => undefined);
  // The pool listens for that only while a client is idle in it. A client checked out
  // (a transaction between two statements) that loses its server emits 'error' on
  // itself: this listener keeps the process up; the next statement fails (503), and the
  // pool drops the client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: endStuckClients(pool) }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  return {
    db,
    dialect: 'postgres',
    async ping() {
      await sql`select 1`.execute(db);
    },
    // Boot work runs on a connection of its own (outside the pool, so a pool of one
    // keeps its connection), holding a session-level advisory lock: instances booting
    // together bring the schema up one after the other, and each later one finds nothing
    // left to do. No statement timeout there: waiting for another instance's migration,
    // or for a table another session holds, is the point, and a long index build must not
    // fail a boot (and every restart after it). The server releases the lock when the
    // connection ends, so a crashed instance never leaves it held.
    async exclusively(work) {
      const boot = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...poolConfig, max: 1 }) }) }); // eslint-disable-line @typescript-eslint/no-explicit-any
      try {
        return await boot.connection().execute(async (conn) => {
          await sql`SET statement_timeout = 0`.execute(conn);
          await sql`SELECT pg_advisory_lock(${String(schemaLockKey)})`.execute(conn);
          return work(conn);
        });
      } finally {
        await boot.destroy();
      }
    },
    listen: (channel, onNotify) => listenFor(poolConfig, channel, onNotify),
    async close() {
      await db.destroy();
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries).
 * A lost connection is reopened with backoff, forever, until stopped; `onNotify` is
 * called after every (re)connection too, because notifications sent meanwhile are gone.
 */
async function listenFor(config: pg.ClientConfig, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new TypeError(`invalid channel name "${channel}"`);
  let client: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client(config);
    next.on('notification', () => onNotify());
    next.on('error', () => {
      void next.end().catch(() => undefined);
      if (client === next) reconnect();
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      failures = 0;
      onNotify();
    } catch {
      void next.end().catch(() => undefined);
      if (client === next) reconnect();
    }
  };
  const reconnect = () => {
    client = undefined;
    if (stopped) return;
    failures += 1;
    retry = setTimeout(() => void connect(), Math.min(100 * 2 ** Math.min(failures, 6), 5000));
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

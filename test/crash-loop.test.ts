import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { countFromEnv } from './support/fuzz/fuzz-settings.js';
import { killNow, startServer } from './support/processes.js';
import { until } from './support/until.js';

/*
 * The crash loop: the example app, a real `rampart start` process on the run's database
 * (a SQLite file, or a PostgreSQL schema), killed with SIGKILL in the middle of
 * concurrent writes, then restarted, round after round. After each kill, on the database
 * itself: every write the server confirmed (a 2xx the client received) is there,
 * nothing is half-written (a market's volume is the sum of its positions, which the
 * positions' hooks keep in the same transaction; every market has the index-market job
 * committed with it), and SQLite's integrity and foreign-key checks pass. After each
 * restart, the server itself serves what was confirmed, and after the last one every job
 * committed before the kills runs. See docs/testing.md.
 *
 * RAMPART_CRASH_ROUNDS sets the number of kills (5 in CI, 2 otherwise).
 */

const rounds = countFromEnv('RAMPART_CRASH_ROUNDS', { ci: 5, local: 2 });
const clients = 6;
const env = {
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'a-crash-loop-secret-that-is-long-enough-0123456789',
  RATE_LIMIT_IP_PER_MINUTE: '1000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
};

interface Position {
  market: string;
  cents: number;
}

/** A write sent and not answered when the server died: it may or may not have committed. */
type InFlight =
  | { kind: 'create-position' }
  | { kind: 'create-market' }
  | { kind: 'update'; id: string; cents: number }
  | { kind: 'delete'; id: string };

/** What the clients know was confirmed, and what each had in flight at the kill. */
interface Model {
  positions: Map<string, Position>;
  /** Each client changes only the positions it holds, so no two race on one. */
  owned: string[][];
  markets: Set<string>;
  inFlight: (InFlight | undefined)[];
  confirmed: number;
}

const cents = (amount: unknown) => Math.round(Number(amount) * 100);
const amount = (c: number) => (c / 100).toFixed(2);
const random = (n: number) => Math.floor(Math.random() * n);

let shared: TestDatabaseUrl | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child) await killNow(child);
  await shared?.drop();
});

async function api(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { data: Record<string, unknown> & { id: string }; pagination?: { total?: number } }) : undefined };
}

/** One client: writes until the server is gone, recording each answer it gets. */
async function client(n: number, base: string, token: string, model: Model): Promise<void> {
  const markets = () => [...model.markets];
  for (;;) {
    const mine = model.owned[n]!;
    const dice = random(100);
    let flight: InFlight;
    let send: () => ReturnType<typeof api>;
    const c = 1 + random(10_000);
    if (dice < 15 || mine.length === 0) {
      const market = markets()[random(model.markets.size)]!;
      flight = { kind: 'create-position' };
      // Both ways in: the custom route (its own transaction) and the generic create.
      send = dice % 2
        ? () => api(base, token, 'POST', `/api/v1/markets/${market}/positions`, { side: 'yes', amount: amount(c) })
        : () => api(base, token, 'POST', '/api/v1/positions', { market, side: 'no', amount: amount(c) });
    } else if (dice < 60) {
      const id = mine[random(mine.length)]!;
      flight = { kind: 'update', id, cents: c };
      send = () => api(base, token, 'PATCH', `/api/v1/positions/${id}`, { amount: amount(c) });
    } else if (dice < 75) {
      const id = mine[random(mine.length)]!;
      flight = { kind: 'delete', id };
      send = () => api(base, token, 'DELETE', `/api/v1/positions/${id}`);
    } else {
      flight = { kind: 'create-market' };
      send = () => api(base, token, 'POST', '/api/v1/markets', { name: `market ${c}` });
    }
    model.inFlight[n] = flight;
    let answer: Awaited<ReturnType<typeof api>>;
    try {
      answer = await send();
    } catch {
      return; // the server is gone; the write stays in flight
    }
    model.inFlight[n] = undefined;
    // A write refused as a conflict (PostgreSQL's deadlock victim, with Retry-After) rolled back.
    if (answer.status === 409) continue;
    if (answer.status >= 300) throw new Error(`${flight.kind}: ${answer.status} ${JSON.stringify(answer.body)}`);
    model.confirmed++;
    const data = answer.body?.data;
    if (flight.kind === 'create-position') {
      model.positions.set(data!.id, { market: String(data!.market), cents: cents(data!.amount) });
      mine.push(data!.id);
    } else if (flight.kind === 'update') {
      model.positions.get(flight.id)!.cents = flight.cents;
    } else if (flight.kind === 'delete') {
      model.positions.delete(flight.id);
      mine.splice(mine.indexOf(flight.id), 1);
    } else {
      model.markets.add(data!.id);
    }
  }
}

/**
 * Checks the database against the model after a kill, then makes the model what the
 * database holds (writes in flight at the kill may have committed).
 */
async function checkAfterKill(database: Database, model: Model): Promise<void> {
  const { db } = database;
  if (database.dialect === 'sqlite') {
    const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);
    expect((await sql`PRAGMA foreign_key_check`.execute(db)).rows).toEqual([]);
  }
  // SQLite keeps a decimal as its count of hundredths; PostgreSQL as NUMERIC text.
  const storedCents = (raw: unknown) => (database.dialect === 'sqlite' ? Number(raw) : cents(raw));
  const rows = await db.selectFrom('positions').select(['id', 'market', 'amount']).execute();
  const stored = new Map(rows.map((r) => [String(r.id), { market: String(r.market), cents: storedCents(r.amount) }]));
  const inFlight = model.inFlight.filter((f): f is InFlight => f !== undefined);
  for (const [id, position] of model.positions) {
    const row = stored.get(id);
    const deleting = inFlight.some((f) => f.kind === 'delete' && f.id === id);
    if (!row && deleting) continue;
    expect(row, `confirmed position ${id}`).toBeDefined();
    const updating = inFlight.find((f) => f.kind === 'update' && f.id === id);
    expect([position.cents, ...(updating?.kind === 'update' ? [updating.cents] : [])], `amount of position ${id}`).toContain(row!.cents);
  }
  // Positions nobody was told about: at most one per create in flight.
  const unconfirmed = [...stored.keys()].filter((id) => !model.positions.has(id));
  expect(unconfirmed.length).toBeLessThanOrEqual(inFlight.filter((f) => f.kind === 'create-position').length);

  const markets = await db.selectFrom('markets').select(['id', 'volume']).execute();
  const storedMarkets = new Set(markets.map((m) => String(m.id)));
  for (const id of model.markets) expect(storedMarkets.has(id), `confirmed market ${id}`).toBe(true);
  expect(storedMarkets.size - model.markets.size).toBeLessThanOrEqual(inFlight.filter((f) => f.kind === 'create-market').length);
  // All or nothing: each market's volume moved with exactly the positions that committed.
  const sums = new Map<string, number>();
  for (const p of stored.values()) sums.set(p.market, (sums.get(p.market) ?? 0) + p.cents);
  expect(Object.fromEntries(markets.map((m) => [String(m.id), storedCents(m.volume)]))).toEqual(
    Object.fromEntries(markets.map((m) => [String(m.id), sums.get(String(m.id)) ?? 0])),
  );
  // ... and each market committed with its index-market job.
  const jobs = await db.selectFrom('rampart_jobs').select('payload').where('name', '=', 'index-market').execute();
  const indexed = new Set(jobs.map((j) => (JSON.parse(String(j.payload)) as { id: string }).id));
  expect([...storedMarkets].filter((id) => !indexed.has(id))).toEqual([]);

  model.positions = new Map(stored);
  model.owned = Array.from({ length: clients }, () => []);
  [...stored.keys()].forEach((id, i) => model.owned[i % clients]!.push(id));
  model.markets = storedMarkets;
  model.inFlight = [];
}

/** After a restart: the server serves every position and volume the database holds. */
async function checkServed(base: string, token: string, model: Model): Promise<void> {
  const list = await api(base, token, 'GET', '/api/v1/positions?limit=1&total=true');
  expect(list.body?.pagination?.total).toBe(model.positions.size);
  const sums = new Map<string, number>();
  for (const p of model.positions.values()) sums.set(p.market, (sums.get(p.market) ?? 0) + p.cents);
  for (const id of model.markets) {
    const market = await api(base, token, 'GET', `/api/v1/markets/${id}`);
    expect(cents(market.body?.data.volume), `volume of market ${id}`).toBe(sums.get(id) ?? 0);
  }
}

describe(`crash loop: ${rounds} SIGKILLs during concurrent writes`, () => {
  it('keeps every confirmed write, half of none, and an intact database', async () => {
    shared = await createTestDatabaseUrl();
    const serverEnv = { ...env, DATABASE_URL: shared.url };
    const model: Model = { positions: new Map(), owned: Array.from({ length: clients }, () => []), markets: new Set(), inFlight: [], confirmed: 0 };
    let token = '';
    const summary: string[] = [];
    for (let round = 0; round <= rounds; round++) {
      const server = await startServer('examples/markets/app.ts', serverEnv);
      child = server.child;
      const base = `http://127.0.0.1:${server.port}`;
      if (round === 0) {
        const registered = await fetch(`${base}/api/v1/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'crash@example.com', password: 'a long enough passphrase' }),
        });
        token = ((await registered.json()) as { data: { accessToken: string } }).data.accessToken;
        for (let i = 0; i < 3; i++) model.markets.add((await api(base, token, 'POST', '/api/v1/markets', { name: `seed ${i}` })).body!.data.id);
      } else {
        await checkServed(base, token, model);
      }
      if (round === rounds) {
        // Jobs committed before the kills (index-market for each change) all run now.
        const database = openDatabase(shared.url);
        try {
          const pending = () => database.db.selectFrom('rampart_jobs').select('status').where('status', '!=', 'done').execute();
          await until(async () => (await pending()).length === 0, 60_000, 'every job done');
        } finally {
          await database.close();
        }
        break;
      }

      // Killed at a random moment once writes are under way: a kill timed by a count of
      // answers would fall just after an answer, never in the middle of slow work.
      const before = model.confirmed;
      const running = Array.from({ length: clients }, (_, n) => client(n, base, token, model));
      const failed = Promise.all(running).then(() => undefined);
      await Promise.race([until(() => model.confirmed - before >= 10, 60_000, 'writes under way'), failed]);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, random(1500))), failed]);
      await killNow(server.child);
      await failed;
      summary.push(`round ${round + 1}: ${model.confirmed - before} writes confirmed, in flight at the kill: ${model.inFlight.map((f) => f?.kind).filter(Boolean).join(', ')}`);

      const database = openDatabase(shared.url);
      try {
        await checkAfterKill(database, model);
      } finally {
        await database.close();
      }
    }
    await killNow(child!);
    if (process.env.RAMPART_CRASH_VERBOSE) console.log(summary.join('\n'));
    expect(summary).toHaveLength(rounds);
  }, 60_000 + rounds * 40_000);
});

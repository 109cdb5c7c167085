import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { processTimeoutMs, runNode, type RunResult } from './support/processes.js';

/*
 * `npm run seed` on a fresh database, as a real process. It used to stop after a few
 * markets (a position on a market it had just created resolved), and the markets it
 * had written then made every later run skip seeding.
 */
let database: TestDatabaseUrl;
beforeAll(async () => {
  database = await createTestDatabaseUrl();
});
afterAll(() => database.drop());

/** What `npm run seed` runs (`tsx examples/markets/seed.ts`), as one process. */
function seed(): Promise<RunResult> {
  return runNode(['--import', 'tsx', 'examples/markets/seed.ts'], {
    name: 'seed',
    // Production: the example's committed migrations are applied and nothing is written into the repository.
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      STRIPE_WEBHOOK_SECRET: 'whsec_dGVzdC1zdHJpcGUtc2VjcmV0LTAxMjM0NTY3ODk=',
    },
  });
}

async function counts() {
  const db = openDatabase(database.url);
  try {
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.db)).rows[0]!.n);
    const statuses = await sql<{ status: string }>`select distinct status from markets order by status`.execute(db.db);
    // A market's volume is the sum of its positions' amounts, as the example promises.
    const offVolume = await sql<{ n: number }>`select count(*) as n from markets m
      where m.volume <> (select coalesce(sum(p.amount), 0) from positions p where p.market = m.id)`.execute(db.db);
    return {
      markets: await count('markets'),
      positions: await count('positions'),
      posts: await count('posts'),
      users: await count('users'),
      statuses: statuses.rows.map((r) => r.status),
      offVolume: Number(offVolume.rows[0]!.n),
    };
  } finally {
    await db.close();
  }
}

describe('npm run seed', () => {
  it('fills a fresh database with the demo data, then leaves it as it is on a second run', { timeout: processTimeoutMs * 3 }, async () => {
    const first = await seed();
    expect(first.code, first.stderr).toBe(0);
    const seeded = /seeded 300 markets, (\d+) positions and 30 posts/.exec(first.stdout);
    expect(seeded, first.stdout).not.toBeNull();
    const after = await counts();
    expect(after).toEqual({ markets: 300, positions: Number(seeded![1]), posts: 30, users: 1, statuses: ['active', 'closed', 'resolved'], offVolume: 0 });
    expect(after.positions).toBeGreaterThanOrEqual(300);

    const second = await seed();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('the demo data is already there');
    expect(await counts()).toEqual(after);
  });
});

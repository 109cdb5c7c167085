import { readFileSync } from 'node:fs';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markets } from '../examples/markets/resources.js';
import { nextRecordSequence } from '../src/webhooks/outbound/index.js';
import { adminEmail, adminPassword, bearer, startAuthApp, type AuthApp } from './support/auth-app.js';

/*
 * The per-record sequence of outbound events, on both databases: concurrent writes of one
 * record get 1, 2, 3... in commit order, with no gap or repeat (rolled-back writes
 * included), the signed body carries it, and the receiver rule of
 * docs/outbound-webhooks.md converges on the record's last state whatever order and
 * repetition the events arrive in. No worker runs: the deliveries' payloads are read
 * from the outbox.
 */

// Writes racing on one record; CI keeps the default small.
const writes = Number(process.env.RAMPART_TEST_ORDER_WRITES ?? 16);

let t: AuthApp;
let endpointId: string;
beforeAll(async () => {
  t = await startAuthApp({ JOBS_WORKER: 'false' });
  const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: adminEmail, password: adminPassword } });
  const created = await t.inject({
    method: 'POST',
    url: '/api/v1/admin/webhook-endpoints',
    headers: bearer(login.json().data.accessToken),
    payload: { url: 'https://hooks.example.com/in', eventTypes: ['markets.*'] },
  });
  endpointId = created.json().data.id;
});
afterAll(async () => {
  await t.close();
});

interface Event {
  type: string;
  sequence: number;
  data: { id: string; volume: string; [key: string]: unknown };
}

async function eventsOf(recordId: string): Promise<Event[]> {
  const rows = await t.app.database.db.selectFrom('rampart_webhook_deliveries').select('payload').where('endpoint_id', '=', endpointId).execute();
  return rows.map((row) => JSON.parse(String(row.payload)) as Event).filter((event) => event.data.id === recordId);
}

// The receiver rule exactly as docs/outbound-webhooks.md writes it, run on this
// dialect: $1..$5 are bound in order (SQLite takes them as ?).
const documentedRule = (() => {
  const docs = readFileSync(new URL('../docs/outbound-webhooks.md', import.meta.url), 'utf8');
  const block = /Check and apply in one statement:\n\n```sql\n([\s\S]*?)```/.exec(docs)?.[1];
  if (!block) throw new Error('the receiver rule is gone from docs/outbound-webhooks.md');
  return block.replace(/^--.*$/gm, '').trim().replace(/;$/, '');
})();

async function receive(event: Event): Promise<void> {
  const text = t.app.database.dialect === 'sqlite' ? documentedRule.replace(/\$\d/g, '?') : documentedRule;
  const deleted = event.type.endsWith('.deleted') ? 1 : 0;
  await t.app.database.db.executeQuery(CompiledQuery.raw(text, [event.type.split('.')[0], event.data.id, event.sequence, JSON.stringify(event.data), deleted]));
}

async function mirrored(recordId: string): Promise<{ sequence: number; data: unknown; deleted: number } | undefined> {
  const row = await t.app.database.db.selectFrom('mirror').selectAll().where('id', '=', recordId).executeTakeFirst();
  return row && { sequence: Number(row.sequence), data: JSON.parse(String(row.data)), deleted: Number(row.deleted) };
}

// A seeded shuffle, so a failure can be replayed.
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('outbound events: per-record sequence', () => {
  let recordId: string;
  let events: Event[];

  it('numbers concurrent writes of one record 1..n in commit order, no gap, no repeat', async () => {
    const owner = await t.app.users.createUser({ email: 'sequence.owner@example.com', password: 'a long enough passphrase' });
    const store = t.app.records(markets);
    recordId = String((await store.create({ name: 'Ordered' }, { owner: owner.id })).id);
    // Each increment adds 1 under the row's lock, so the k-th to commit leaves volume k;
    // every fourth is rolled back after its event was recorded, and must leave no gap.
    const rolledBack = async () => {
      const failed = await t.app.database.db
        .transaction()
        .execute(async (trx) => {
          await t.app.records(markets, trx).increment(recordId, { volume: '1000' });
          throw new Error('rolled back');
        })
        .catch((error: Error) => error);
      expect((failed as Error).message).toBe('rolled back');
    };
    await Promise.all(Array.from({ length: writes }, (_, i) => [store.increment(recordId, { volume: '1' }), ...(i % 4 === 3 ? [rolledBack()] : [])]).flat());
    events = await eventsOf(recordId);
    const sequences = events.map((event) => event.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: writes + 1 }, (_, i) => i + 1));
    for (const event of events) {
      expect(event.type).toBe(event.sequence === 1 ? 'markets.created' : 'markets.updated');
      expect(Number(event.data.volume)).toBe(event.sequence - 1);
    }
  });

  // The counter itself, with transactions held open so they overlap (on PostgreSQL they
  // run on separate connections), and every fourth rolled back after taking a number.
  it('hands out numbers in commit order, and a rolled-back write leaves no gap', async () => {
    const subject = crypto.randomUUID();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: writes }, async (_, i) => {
        const sequence = await t.app.database.db
          .transaction()
          .execute(async (trx) => {
            const taken = await nextRecordSequence({ ...t.app.database, db: trx }, 'counters', subject);
            await new Promise((resolve) => setTimeout(resolve, 2 + (i % 3)));
            if (i % 4 === 3) throw new Error('rolled back');
            return taken;
          })
          .catch((error: Error) => {
            if (error.message !== 'rolled back') throw error;
            return undefined;
          });
        if (sequence !== undefined) order.push(sequence);
      }),
    );
    // Commits returned in the order of their numbers, and the numbers have no gap.
    const kept = writes - Math.floor(writes / 4);
    expect(order).toEqual(Array.from({ length: kept }, (_, i) => i + 1));
    const row = await t.app.database.db.selectFrom('rampart_webhook_sequences').select('sequence').where('subject', '=', `counters/${subject}`).executeTakeFirst();
    expect(Number(row?.sequence)).toBe(kept);
  });

  it('carries the delete too, and the documented receiver rule converges on the last state in any order', async () => {
    await t.app.records(markets).remove(recordId);
    const all = await eventsOf(recordId);
    const deleted = all.find((event) => event.type === 'markets.deleted');
    expect(deleted?.sequence).toBe(writes + 2);

    const last = events.find((event) => event.sequence === writes + 1);
    await sql`create table mirror (resource text, id text, sequence integer, data text, deleted integer, primary key (resource, id))`.execute(t.app.database.db);
    for (let seed = 1; seed <= 6; seed++) {
      // Every event once or twice (retries and replays repeat them), in a shuffled order.
      await sql`delete from mirror`.execute(t.app.database.db);
      for (const event of shuffled([...events, ...events.filter((_, i) => (i + seed) % 3 === 0)], seed)) await receive(event);
      expect(await mirrored(recordId)).toEqual({ sequence: writes + 1, data: last?.data, deleted: 0 });

      await sql`delete from mirror`.execute(t.app.database.db);
      for (const event of shuffled([...all, ...events.slice(0, 3)], seed)) await receive(event);
      // An update arriving after the delete does not bring the record back.
      expect(await mirrored(recordId)).toMatchObject({ sequence: writes + 2, deleted: 1 });
    }
  });
});

/**
 * `npm run seed`: fills the example database with demo data (300 markets, with
 * positions and posts), owned by the user demo@example.com. Run it against the same
 * DATABASE_URL as `npm start`. It writes everything in one transaction, so a failure
 * leaves nothing behind, and it runs once: with the demo markets already there, it says
 * so and writes nothing.
 */
import { randomBytes } from 'node:crypto';
import { createApp, type RampartApp } from 'rampart';
import app from './app.js';
import { markets, positions, posts } from './resources.js';

const demoEmail = 'demo@example.com';
const topics = ['rain in Lisbon', 'the next rate cut', 'a new rover landing', 'the cup final', 'a chess upset', 'record heat', 'a product launch', 'the election turnout', 'a comet sighting', 'a bridge opening'];
const statuses = ['active', 'active', 'active', 'closed', 'resolved'] as const;

// A fixed-seed generator keeps every seeded database alike.
let state = 42;
function random(): number {
  state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
  return state / 2 ** 31;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

async function seed(rampart: RampartApp): Promise<string> {
  // The users repository writes outside transactions, so the owner comes first; alone it
  // is harmless, and a later run reuses it. Its password is random: sign in as a user you
  // register.
  const demo =
    (await rampart.users.findUserByEmail(demoEmail)) ??
    (await rampart.users.createUser({ email: demoEmail, password: randomBytes(24).toString('base64url'), name: 'Demo data' }));
  const seeded = await rampart.db.selectFrom('markets').select('id').where('creator', '=', demo.id).limit(1).executeTakeFirst();
  if (seeded) return `the demo data is already there (the markets of ${demoEmail}); nothing written. To start over, seed a fresh database (the default SQLite file is in ./data).`;

  const owner = { owner: demo.id };
  const counts = { positions: 0, posts: 0 };
  await rampart.db.transaction(async (trx) => {
    for (let i = 1; i <= 300; i++) {
      const topic = pick(topics);
      // Created active: positions are taken while a market is open, and its volume is
      // their sum (the positions' hooks keep it); closing or resolving comes after.
      const market = await rampart.records(markets, trx).create({
        name: `Will ${topic} happen by week ${(i % 52) + 1}? (#${i})`,
        description: `A demo market about ${topic}. It resolves yes if it happens before the end date.`,
        endsAt: new Date(Date.UTC(2027, i % 12, (i % 28) + 1)).toISOString(),
      }, owner);
      const taken = 1 + Math.floor(random() * 3);
      for (let p = 0; p < taken; p++) {
        const amount = (random() * 500 + 1).toFixed(2);
        await rampart.records(positions, trx).create({ market: market.id, side: pick(['yes', 'no']), amount }, owner);
      }
      counts.positions += taken;
      const status = pick(statuses);
      if (status !== 'active') await rampart.records(markets, trx).update(String(market.id), { status });
      if (i % 10 === 0) {
        await rampart.records(posts, trx).create({ title: `Thoughts on ${topic}`, body: `Discussion of market #${i}: ${topic}.` }, owner);
        counts.posts += 1;
      }
    }
  });
  return `seeded 300 markets, ${counts.positions} positions and ${counts.posts} posts (owned by ${demoEmail})`;
}

const rampart = await createApp({ ...app, env: { ...process.env, LOG_LEVEL: 'warn' } });
try {
  console.log(await seed(rampart));
} finally {
  await rampart.close();
}

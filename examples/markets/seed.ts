/**
 * `npm run seed`: fills the example database with demo data (300 markets, with
 * positions and posts). Run it against the same DATABASE_URL as `npm start`; a
 * database that already has markets is left as it is.
 */
import { randomBytes } from 'node:crypto';
import { createApp, type RampartApp } from 'rampart';
import app from './app.js';
import { markets, positions, posts } from './resources.js';

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
  const marketStore = rampart.records(markets);
  if ((await marketStore.list({ limit: '1' })).records.length > 0) {
    return 'the database already has markets; nothing seeded (delete ./data to start over)';
  }
  // The demo records need an owner. Its password is random: sign in as a user you register.
  const demo = await rampart.users.createUser({
    email: 'demo@example.com',
    password: randomBytes(24).toString('base64url'),
    name: 'Demo data',
  });
  const owner = { owner: demo.id };
  for (let i = 1; i <= 300; i++) {
    const topic = pick(topics);
    const market = await marketStore.create({
      name: `Will ${topic} happen by week ${(i % 52) + 1}? (#${i})`,
      description: `A demo market about ${topic}. It resolves yes if it happens before the end date.`,
      status: pick(statuses),
      volume: (random() * 100_000).toFixed(2),
      endsAt: new Date(Date.UTC(2027, i % 12, (i % 28) + 1)).toISOString(),
    }, owner);
    if (i % 3 === 0) {
      const amount = (random() * 500 + 1).toFixed(2);
      await rampart.records(positions).create({ market: market.id, side: pick(['yes', 'no']), amount }, owner);
    }
    if (i % 10 === 0) {
      await rampart.records(posts).create({ title: `Thoughts on ${topic}`, body: `Discussion of market #${i}: ${topic}.` }, owner);
    }
  }
  return 'seeded 300 markets, 100 positions and 30 posts';
}

const rampart = await createApp({ ...app, env: { ...process.env, LOG_LEVEL: 'warn' } });
try {
  console.log(await seed(rampart));
} finally {
  await rampart.close();
}

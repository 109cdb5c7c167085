/*
 * The benchmark's data, generated the same way on every run (a fixed-seed generator),
 * so two runs measure the same rows. Shared by the SQLite and PostgreSQL seeders.
 */

/** Users created through Rampart (argon2id hashes), who own the positions and log in for S5. */
export const userCount = 16;
/** Every benchmark user's password (long enough for Rampart's policy, not a common one). */
export const benchPassword = 'bench passphrase for rampart 7';
export const userEmail = (i: number) => `bench-user-${i}@example.com`;
/** Positions per user in the main database (S2 reads them). */
export const positionsPerUser = 500;
/** Markets in the main database (S1-S5): S3 lists over 100,000 rows. */
export const mainMarkets = 100_000;

const topics = ['rain in Lisbon', 'the next rate cut', 'a new rover landing', 'the cup final', 'a chess upset', 'record heat', 'a product launch', 'the election turnout', 'a comet sighting', 'a bridge opening'];
const statuses = ['active', 'active', 'active', 'closed', 'resolved'] as const;

/** mulberry32: a small, fast generator giving the same sequence for the same seed. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const random = () => next32() / 2 ** 32;
  const hex = (bits32: number, digits: number) => (bits32 >>> (32 - digits * 4)).toString(16).padStart(digits, '0');
  return {
    random,
    pick: <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T,
    /** A UUIDv7 (RFC 9562) for the given time whose random bits come from this generator. */
    uuid: (msecs: number) => {
      const time = msecs.toString(16).padStart(12, '0');
      const variant = (8 + (next32() >>> 30)).toString(16);
      return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(next32(), 3)}-${variant}${hex(next32(), 3)}-${hex(next32(), 4)}${hex(next32(), 8)}`;
    },
  };
}

/** One market row (column names, SQLite values; volume in cents). */
export interface MarketRow {
  id: string;
  created_at: string;
  updated_at: string;
  creator: string;
  name: string;
  description: string | null;
  status: string;
  volume: number;
  ends_at: string | null;
}

/** Yields `count` markets owned by `creators`, about 60% of them active. */
export function* markets(count: number, creators: readonly string[]): Generator<MarketRow> {
  const { random, pick, uuid } = generator(42);
  const base = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= count; i++) {
    const topic = pick(topics);
    const at = new Date(base + i * 1000).toISOString();
    yield {
      id: uuid(base + i),
      created_at: at,
      updated_at: at,
      creator: pick(creators),
      name: `Will ${topic} happen by week ${(i % 52) + 1}? (#${i})`,
      description: i % 2 === 0 ? `A market about ${topic}.` : null,
      status: pick(statuses),
      volume: Math.floor(random() * 10_000_000),
      ends_at: i % 3 === 0 ? new Date(Date.UTC(2027, i % 12, (i % 28) + 1)).toISOString() : null,
    };
  }
}

/** One position row. */
export interface PositionRow {
  id: string;
  created_at: string;
  updated_at: string;
  owner: string;
  market: string;
  side: string;
  amount: number;
}

/** Yields `perUser` positions for each user, on markets picked from `marketIds`. */
export function* positions(users: readonly string[], perUser: number, marketIds: readonly string[]): Generator<PositionRow> {
  const { random, pick, uuid } = generator(7);
  const base = Date.UTC(2026, 6, 1);
  let n = 0;
  for (const owner of users) {
    for (let i = 0; i < perUser; i++) {
      n++;
      const at = new Date(base + n * 1000).toISOString();
      yield {
        id: uuid(base + n),
        created_at: at,
        updated_at: at,
        owner,
        market: pick(marketIds),
        side: random() < 0.5 ? 'yes' : 'no',
        amount: 1 + Math.floor(random() * 50_000),
      };
    }
  }
}

/** Articles in the main database (S7 lists them through a relation filter). */
export const mainArticles = 100_000;
/**
 * Readers: users who only favorite (no password anyone logs in with), so that one
 * person's favorites are a few hundred articles, as on a real site, while articles
 * still carry several favorites each. S7 filters by a reader's name.
 */
export const readerCount = 1000;
export const readerEmail = (i: number) => `bench-reader-${i}@example.com`;
export const readerName = (i: number) => `Reader ${i}`;
/** Readers who favorite an article: 0 to this many, about 2 on average (200 favorites per reader). */
const maxReaderFavorites = 4;
/** Each benchmark user favorites each article with this chance, so `favorited` is true now and then. */
const userFavoriteChance = 1 / 10;
/** Comments an article gets: 0 to this many, about 2 on average. */
const maxComments = 4;

export interface ReaderRow {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}
export interface ArticleRow {
  id: string;
  created_at: string;
  updated_at: string;
  author: string;
  title: string;
  body: string;
}
export interface FavoriteRow {
  id: string;
  created_at: string;
  updated_at: string;
  user: string;
  article: string;
}
export interface CommentRow {
  id: string;
  created_at: string;
  updated_at: string;
  author: string;
  body: string;
  article: string;
}

/** The readers; `passwordHash` is any valid hash (nobody logs in as a reader). */
export function readers(passwordHash: string): ReaderRow[] {
  const { uuid } = generator(99);
  const at = new Date(Date.UTC(2026, 1, 1)).toISOString();
  return Array.from({ length: readerCount }, (_, i) => ({
    id: uuid(Date.UTC(2026, 1, 1) + i),
    email: readerEmail(i),
    name: readerName(i),
    role: 'user',
    password_hash: passwordHash,
    created_at: at,
    updated_at: at,
  }));
}

/**
 * Yields `count` articles by `users`, each with its favorites (from readers and from
 * `users`, each at most once, as the junction's unique pair requires) and its comments,
 * all later than the article.
 */
export function* articles(
  count: number,
  users: readonly string[],
  readerIds: readonly string[],
): Generator<{ article: ArticleRow; favorites: FavoriteRow[]; comments: CommentRow[] }> {
  const { random, pick, uuid } = generator(1616);
  const base = Date.UTC(2026, 2, 1);
  for (let i = 1; i <= count; i++) {
    const time = base + i * 10_000;
    const at = new Date(time).toISOString();
    const topic = pick(topics);
    const article: ArticleRow = {
      id: uuid(time),
      created_at: at,
      updated_at: at,
      author: pick(users),
      title: `Notes on ${topic} (#${i})`,
      body: `What we learned about ${topic}, in a few paragraphs of ordinary length.`,
    };
    const fans = new Set<string>();
    for (let f = Math.floor(random() * (maxReaderFavorites + 1)); f > 0; f--) fans.add(pick(readerIds));
    for (const user of users) if (random() < userFavoriteChance) fans.add(user);
    const favorites: FavoriteRow[] = [...fans].map((user, f) => {
      const fat = new Date(time + 1 + f).toISOString();
      return { id: uuid(time + 1 + f), created_at: fat, updated_at: fat, user, article: article.id };
    });
    const comments: CommentRow[] = [];
    for (let c = Math.floor(random() * (maxComments + 1)); c > 0; c--) {
      const cat = new Date(time + 100 + Math.floor(random() * 9_000)).toISOString();
      comments.push({ id: uuid(Date.parse(cat)), created_at: cat, updated_at: cat, author: pick(users), body: `A comment on ${topic}.`, article: article.id });
    }
    yield { article, favorites, comments };
  }
}

/*
 * The benchmark's baselines (bench/baselines) must do the same work as the Rampart
 * routes they are compared with, or the comparison means nothing. This runs Rampart's
 * benchmark app and each baseline on one database (SQLite, and PostgreSQL in that
 * project) and checks that they answer S1-S4's and S7's requests alike: the same status codes,
 * the same JSON byte for byte where nothing is generated, the same shape where ids and
 * timestamps are, the same refusals for bad tokens, foreign records and invalid input.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type RampartApp } from 'rampart';
import benchApp, { articles, comments, favorites, markets, positions } from '../bench/rampart/app.js';
import { startExpressBaseline } from '../bench/baselines/express.js';
import { startFastifyBaseline } from '../bench/baselines/fastify.js';
import { startNodeHttpBaseline } from '../bench/baselines/node-http.js';
import type { RunningBaseline } from '../bench/baselines/common/serve.js';
import { createAccessTokenSigner, hmacKey } from '../src/auth/tokens/index.js';
import { createTestDatabaseUrl, type TestDatabaseUrl } from '../src/db/test-database-url.js';
import { LogCapture } from './support/log-capture.js';

const secret = 'a-benchmark-parity-secret-that-is-long-enough';
const issuer = 'rampart';
const audience = 'rampart-api';

let database: TestDatabaseUrl;
let app: RampartApp;
let rampartUrl: string;
const baselines: Record<string, RunningBaseline> = {};
let ann: { id: string; token: string };
let bob: { id: string; token: string };
let annPosition: string;
let bobPosition: string;

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  app = await createApp({
    ...benchApp,
    logStream: new LogCapture(),
    env: { NODE_ENV: 'test', JWT_SECRET: secret, DATABASE_URL: database.url, LOG_LEVEL: 'warn', PORT: '0' },
  });
  rampartUrl = (await app.listen()).replace('localhost', '127.0.0.1');
  const sign = createAccessTokenSigner(hmacKey(secret), { issuer, audience, ttlSeconds: 900, now: Date.now });
  const user = async (email: string, name: string) => {
    const created = await app.users.createUser({ email, password: 'a parity passphrase 42', name });
    return { id: created.id, token: sign({ id: created.id, role: created.role }).accessToken };
  };
  ann = await user('ann@example.com', 'Ann');
  bob = await user('bob@example.com', 'Bob');
  const cid = (await user('cid@example.com', 'Cid')).id;
  // Twelve active markets (pages of 5: 5, 5, 2), with tied volumes so the id decides the order.
  const store = app.records(markets);
  const ids: string[] = [];
  for (let i = 0; i < 16; i++) {
    const market = await store.create(
      {
        name: `Market ${i}`,
        description: i % 2 ? `About ${i}` : undefined,
        status: i < 12 ? 'active' : 'closed',
        volume: `${(i % 4) * 100}.${i % 3}5`,
        endsAt: i % 3 ? undefined : '2027-03-01T12:00:00Z',
      },
      { owner: i % 2 ? ann.id : bob.id },
    );
    ids.push(market.id as string);
  }
  annPosition = (await app.records(positions).create({ market: ids[0], side: 'yes', amount: '12.5' }, { owner: ann.id })).id as string;
  bobPosition = (await app.records(positions).create({ market: ids[1], side: 'no', amount: '3' }, { owner: bob.id })).id as string;
  // S7: seven articles, five favorited by Bob (pages of 2: 2, 2, 1), two of those by Ann
  // too; one by Cid only, one by nobody; up to five comments each (three are shown).
  const authors = [ann.id, bob.id, cid];
  for (let i = 0; i < 7; i++) {
    const article = await app.records(articles).create({ title: `Article ${i}`, body: `Body ${i}` }, { owner: authors[i % 3] as string });
    const fans = [i < 5 ? bob.id : null, i % 2 === 0 && i < 5 ? ann.id : null, i === 5 || i === 1 ? cid : null].filter((u): u is string => u !== null);
    for (const fan of fans) await app.records(favorites).create({ article: article.id }, { owner: fan });
    for (let c = 0; c < (i * 2) % 6; c++) {
      await app.records(comments).create({ article: article.id, body: `Comment ${c} on ${i}` }, { owner: authors[(i + c) % 3] as string });
    }
  }
  const config = { port: 0, host: '127.0.0.1', databaseUrl: database.url, jwtSecret: secret, jwtIssuer: issuer, jwtAudience: audience };
  baselines.fastify = await startFastifyBaseline(config);
  baselines.express = await startExpressBaseline(config);
  baselines['node-http'] = await startNodeHttpBaseline(config);
});

afterAll(async () => {
  await Promise.all(Object.values(baselines).map((b) => b.close()));
  await app?.close();
  await database?.drop();
});

interface Answer {
  status: number;
  text: string;
  location: string | null;
}

async function call(base: string, path: string, options: { token?: string; body?: unknown; type?: string; method?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
  const res = await fetch(base + path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

describe.each(['fastify', 'express', 'node-http'])('the %s baseline', (name) => {
  const both = async (path: string, options?: Parameters<typeof call>[2]) => {
    const baseline = baselines[name] as RunningBaseline;
    return [await call(rampartUrl, path, options), await call(baseline.url, path, options)] as const;
  };

  it('answers S1 alike', async () => {
    const [mine, theirs] = await both('/api/v1/hello');
    expect(theirs).toEqual(mine);
    expect(JSON.parse(mine.text)).toEqual({ data: { hello: 'world' } });
  });

  it('answers S2 alike: the owner gets the same JSON; others, strangers and bad ids are refused alike', async () => {
    const [mine, theirs] = await both(`/api/v1/positions/${annPosition}`, { token: ann.token });
    expect(mine.status).toBe(200);
    expect(theirs.text).toBe(mine.text);
    const tampered = `${ann.token.slice(0, -3)}AAA`;
    for (const [path, token, status] of [
      [`/api/v1/positions/${bobPosition}`, ann.token, 404],
      [`/api/v1/positions/${randomUUID()}`, ann.token, 404],
      [`/api/v1/positions/${annPosition}`, undefined, 401],
      [`/api/v1/positions/${annPosition}`, tampered, 401],
      ['/api/v1/positions/not-a-uuid', bob.token, 400],
    ] as const) {
      const [a, b] = await both(path, { token });
      expect([a.status, b.status], `${path} with ${token ? 'a token' : 'no token'}`).toEqual([status, status]);
    }
  });

  it('answers S3 alike, page after page, and refuses the same bad queries', async () => {
    let path = '/api/v1/markets?status=active&sort=-volume&limit=5';
    for (let page = 0; page < 3; page++) {
      const [mine, theirs] = await both(path);
      expect(mine.status).toBe(200);
      expect(theirs.text).toBe(mine.text);
      const { data, pagination } = JSON.parse(mine.text) as { data: unknown[]; pagination: { nextCursor: string | null } };
      expect(data).toHaveLength(page < 2 ? 5 : 2);
      if (page < 2) path = `/api/v1/markets?status=active&sort=-volume&limit=5&cursor=${pagination.nextCursor as string}`;
      else expect(pagination.nextCursor).toBeNull();
    }
    for (const bad of ['status=open', 'status=active&limit=0', 'status=active&limit=101', 'status=active&colour=red', 'status=active&cursor=nonsense']) {
      const [a, b] = await both(`/api/v1/markets?${bad}`);
      expect([a.status, b.status], bad).toEqual([400, 400]);
    }
  });

  it('answers S4 alike: the same record shape and Location, the same refusals', async () => {
    const input = { title: 'Parity', body: 'The same post, twice.' };
    const [mine, theirs] = await both('/api/v1/posts', { token: bob.token, body: input });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    const a = JSON.parse(mine.text) as { data: Record<string, unknown> };
    const b = JSON.parse(theirs.text) as { data: Record<string, unknown> };
    expect(Object.keys(b.data)).toEqual(Object.keys(a.data));
    expect(b.data).toMatchObject({ ...input, author: bob.id });
    expect(b.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.data.createdAt).toBe(b.data.updatedAt);
    expect(theirs.location).toBe(`/api/v1/posts/${b.data.id as string}`);
    // The row is in the database, as Rampart reads it back.
    expect((await call(rampartUrl, `/api/v1/posts/${b.data.id as string}`)).text).toBe(JSON.stringify({ data: b.data }));

    for (const [label, body, token, status] of [
      ['no token', input, undefined, 401],
      ['an unknown field', { ...input, author: ann.id }, bob.token, 400],
      ['an empty title', { ...input, title: '' }, bob.token, 400],
      ['a long title', { ...input, title: 'x'.repeat(201) }, bob.token, 400],
      ['a number for a title', { ...input, title: 7 }, bob.token, 400],
      ['U+0000 in the body', { ...input, body: 'a\u0000b' }, bob.token, 400],
      ['a missing body', { title: 'x' }, bob.token, 400],
    ] as const) {
      const [x, y] = await both('/api/v1/posts', { token, body });
      expect([x.status, y.status], label).toEqual([status, status]);
    }
    // Not JSON: Rampart answers 415, Fastify's own text parser lets schema validation answer 400.
    const [x, y] = await both('/api/v1/posts', { token: bob.token, body: 'title=x', type: 'text/plain' });
    expect([x.status >= 400 && x.status < 500, y.status >= 400 && y.status < 500]).toEqual([true, true]);
  });

  it('answers S7 alike: the relation filter, computed fields and capped comments, page after page, per caller', async () => {
    const first = '/api/v1/articles?favoritedByName=Bob&include=comments&limit=2';
    for (const token of [ann.token, bob.token, undefined]) {
      const seen: { favorited: boolean; favoritesCount: number; comments: unknown[] }[] = [];
      let path = first;
      for (let page = 0; page < 3; page++) {
        const [mine, theirs] = await both(path, { token });
        expect(mine.status).toBe(200);
        expect(theirs.text).toBe(mine.text);
        const { data, pagination } = JSON.parse(mine.text) as { data: typeof seen; pagination: { nextCursor: string | null } };
        expect(data).toHaveLength(page < 2 ? 2 : 1);
        seen.push(...data);
        if (page < 2) path = `${first}&cursor=${pagination.nextCursor as string}`;
        else expect(pagination.nextCursor).toBeNull();
      }
      // The answers compared above hold what S7 measures: both values of `favorited`
      // (for Ann), counts above one, and comments capped at three.
      if (token === ann.token) expect(new Set(seen.map((a) => a.favorited))).toEqual(new Set([true, false]));
      if (token === undefined) expect(seen.every((a) => !a.favorited)).toBe(true);
      expect(Math.max(...seen.map((a) => a.favoritesCount))).toBeGreaterThan(1);
      expect(Math.max(...seen.map((a) => a.comments.length))).toBe(3);
    }
    const [plain, plainTheirs] = await both('/api/v1/articles?favoritedByName=Cid', { token: bob.token });
    expect(plain.status).toBe(200);
    expect(plainTheirs.text).toBe(plain.text);
    expect((JSON.parse(plain.text) as { data: unknown[] }).data).toHaveLength(2);

    const tampered = `${ann.token.slice(0, -3)}AAA`;
    for (const [query, token, status] of [
      ['favoritedByName=Bob', tampered, 401],
      ['favoritedByName=Bob&colour=red', ann.token, 400],
      ['favoritedByName=Bob&limit=0', ann.token, 400],
      ['favoritedByName=Bob&limit=101', ann.token, 400],
      ['favoritedByName=Bob&cursor=nonsense', ann.token, 400],
    ] as const) {
      const [a, b] = await both(`/api/v1/articles?${query}`, { token });
      expect([a.status, b.status], query).toEqual([status, status]);
    }
  });
});

/*
 * Who calls and what they send: the users and positions read back from the main
 * database, access tokens minted exactly as Rampart mints them (its own signer, the
 * server's secret, issuer and audience), and the request lists of each scenario.
 */
import SQLite from 'better-sqlite3';
import { createAccessTokenSigner, hmacKey } from '../../src/auth/tokens/index.js';
import { benchPassword, readerCount, readerName, userEmail, userCount } from './dataset.js';
import type { PreparedRequest } from './request.js';

export const jwtIssuer = 'rampart';
export const jwtAudience = 'rampart-api';

/** The callers and records the scenarios use. */
export interface Fixtures {
  /** Users' ids, in email order. */
  users: string[];
  /** A Bearer token per user id. */
  tokens: Map<string, string>;
  /** Positions to read (each with its owner), spread over every user. */
  positions: { id: string; owner: string }[];
}

/** Reads users and positions from `file` and mints a 15-minute token for each user. */
export function loadFixtures(file: string, secret: string): Fixtures {
  const db = new SQLite(file, { readonly: true });
  // The benchmark's users, not S7's readers (who never call).
  const users = (db.prepare("select id from users where email like 'bench-user-%' order by email").all() as { id: string }[]).map((u) => u.id);
  // Nine positions per user (of 500), from all over the table.
  const positions = db
    .prepare('select id, owner from (select id, owner, row_number() over (partition by owner order by id) n from positions) where n % 60 = 1 order by n, owner')
    .all() as { id: string; owner: string }[];
  db.close();
  const sign = createAccessTokenSigner(hmacKey(secret), { issuer: jwtIssuer, audience: jwtAudience, ttlSeconds: 900, now: Date.now });
  const tokens = new Map(users.map((id) => [id, sign({ id, role: 'user' }).accessToken]));
  return { users, tokens, positions };
}

const bearer = (fixtures: Fixtures, user: string) => ({ authorization: `Bearer ${fixtures.tokens.get(user) as string}` });

/** S1: the trivial route. */
export const helloRequests = (): PreparedRequest[] => [{ method: 'GET', path: '/api/v1/hello' }];

/** S2: each user reading their own positions. */
export const positionRequests = (f: Fixtures): PreparedRequest[] =>
  f.positions.map((p) => ({ method: 'GET', path: `/api/v1/positions/${p.id}`, headers: bearer(f, p.owner) }));

/** S3 (and S6's first page): active markets by volume, 20 at a time. */
export const marketsPath = '/api/v1/markets?status=active&sort=-volume&limit=20';
export const listRequests = (): PreparedRequest[] => [{ method: 'GET', path: marketsPath }];

/** S4: each user creating a post. */
export const createPostRequests = (f: Fixtures): PreparedRequest[] =>
  f.users.map((user, i) => ({
    method: 'POST',
    path: '/api/v1/posts',
    headers: bearer(f, user),
    body: JSON.stringify({
      title: `Benchmark post ${i}`,
      body: 'A post written by the benchmark: a paragraph of ordinary length, enough to look like a real one.',
    }),
  }));

/**
 * S7: each user listing the articles a reader favorited (about 200), newest first, with
 * their newest comments; `favorited` then says, per article, whether the caller
 * favorited it too (about one in ten).
 */
export const articleRequests = (f: Fixtures): PreparedRequest[] =>
  f.users.map((user, i) => ({ method: 'GET', path: articlesPath(readerName((i * 61) % readerCount)), headers: bearer(f, user) }));
export const articlesPath = (name: string, limit = 20) =>
  `/api/v1/articles?favoritedByName=${encodeURIComponent(name)}&include=comments&limit=${limit}`;

/**
 * S5: logins of every user, each from its own client address. The server runs with
 * TRUST_PROXY=127.0.0.1, as behind a reverse proxy, so X-Forwarded-For is the client:
 * the per-address login budget (10 a minute) then applies per simulated client, as in
 * production, instead of refusing the whole benchmark as one address. `block` picks a
 * fresh range of addresses, so runs within a minute never share one.
 */
export const loginRequests = (block: number): PreparedRequest[] =>
  Array.from({ length: 4096 }, (_, i) => {
    const n = block * 4096 + i;
    return {
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify({ email: userEmail(i % userCount), password: benchPassword }),
    };
  });

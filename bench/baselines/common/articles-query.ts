import { article, comment, type Article, type Comment } from './records.js';
import type { ArticlesAfter, Row, Store } from './store.js';

/*
 * S7's article list as the baselines serve it: `?favoritedByName=` (articles favorited
 * by users of that name; required), `?include=comments` (each article's newest comments,
 * at most `commentsPerArticle`), `?limit=` (1 to 100, default 20) and `?cursor=`
 * (Rampart's opaque keyset format for its default order, newest first, so pages line
 * up). Every article carries `favoritesCount` (all its favorites) and `favorited` (the
 * caller's; false for an anonymous caller, without asking the database). Anything else
 * is a 400. Rampart's other list features are not offered: S7 does not use them.
 */

/** The `max` of the articles' `comments` relation in bench/rampart/articles.ts. */
export const commentsPerArticle = 3;
// The order's signature inside a cursor, as Rampart writes it (the id breaks ties).
const signature = '-createdAt,-id';
const known = new Set(['favoritedByName', 'include', 'limit', 'cursor']);
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type ArticlesQuery =
  | { ok: true; favoritedByName: string; comments: boolean; limit: number; after?: ArticlesAfter }
  | { ok: false; errors: { path: string; message: string }[] };

/** An article as listed: the record, its computed fields, and its comments when included. */
export type ListedArticle = Article & { favoritesCount: number; favorited: boolean; comments?: Comment[] };

function decodeCursor(raw: string): ArticlesAfter | null {
  if (raw.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  try {
    const payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    const [createdAt, id] = Array.isArray(payload.k) ? (payload.k as unknown[]) : [];
    if (payload.s !== signature || typeof createdAt !== 'string' || typeof id !== 'string') return null;
    if (!isoTime.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || !uuid.test(id)) return null;
    // Stored timestamps are ISO-8601 text with milliseconds: compare in that form.
    return { createdAt: new Date(createdAt).toISOString(), id };
  } catch {
    return null;
  }
}

/** Parses the query string's parameters (each given once, as strings). */
export function parseArticlesQuery(query: Record<string, unknown>): ArticlesQuery {
  const errors: { path: string; message: string }[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!known.has(name)) errors.push({ path: `query.${name}`, message: 'unknown parameter' });
    else if (typeof value !== 'string') errors.push({ path: `query.${name}`, message: 'given more than once' });
  }
  const { favoritedByName, include, limit = '20', cursor } = query as Record<string, string | undefined>;
  if (typeof favoritedByName !== 'string') errors.push({ path: 'query.favoritedByName', message: 'required' });
  if (include !== undefined && include !== 'comments') errors.push({ path: 'query.include', message: 'expected comments' });
  const n = /^\d{1,3}$/.test(limit) ? Number(limit) : NaN;
  if (!(n >= 1 && n <= 100)) errors.push({ path: 'query.limit', message: 'expected a whole number from 1 to 100' });
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (after === null) errors.push({ path: 'query.cursor', message: 'not a cursor returned by this endpoint' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, favoritedByName: favoritedByName as string, comments: include === 'comments', limit: n, ...(after ? { after } : {}) };
}

const none: Promise<Row[]> = Promise.resolve([]);

/**
 * One page: `limit + 1` rows (the extra one says whether a next page exists), then one
 * grouped query per computed field and one for the comments of the whole page, as
 * Rampart runs them: never one query per article.
 */
export async function articlesPage(store: Store, q: Extract<ArticlesQuery, { ok: true }>, caller: string | null) {
  const rows = await store.articles(q.favoritedByName, q.limit + 1, q.after);
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id as string);
  const empty = ids.length === 0;
  const [counts, mine, comments] = await Promise.all([
    empty ? none : store.favoriteCounts(ids),
    empty || caller === null ? none : store.favoritedBy(ids, caller),
    empty || !q.comments ? none : store.latestComments(ids, commentsPerArticle),
  ]);
  const countOf = new Map(counts.map((r) => [r.k as string, Number(r.n)]));
  const favorited = new Set(mine.map((r) => r.k as string));
  const commentsOf = new Map<string, Comment[]>();
  // Rows come ranked (newest first within each article), so pushing keeps that order.
  for (const r of comments) {
    const list = commentsOf.get(r.article as string);
    if (list) list.push(comment(r));
    else commentsOf.set(r.article as string, [comment(r)]);
  }
  const data: ListedArticle[] = page.map((r) => {
    const a: ListedArticle = { ...article(r), favoritesCount: countOf.get(r.id as string) ?? 0, favorited: favorited.has(r.id as string) };
    if (q.comments) a.comments = commentsOf.get(r.id as string) ?? [];
    return a;
  });
  const last = data[data.length - 1];
  const nextCursor =
    rows.length > q.limit && last ? Buffer.from(JSON.stringify({ s: signature, k: [last.createdAt, last.id] }), 'utf8').toString('base64url') : null;
  return { data, pagination: { limit: q.limit, nextCursor } };
}

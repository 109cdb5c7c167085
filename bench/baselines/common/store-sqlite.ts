import SQLite from 'better-sqlite3';
import type { ArticlesAfter, MarketsAfter, Row, Store } from './store.js';

/** Decimal text to the stored count of cents (Rampart's SQLite decimal with scale 2). */
function cents(volume: string): number {
  const [whole = '0', fraction = ''] = volume.split('.');
  return Number(whole + fraction.padEnd(2, '0').slice(0, 2));
}

/**
 * SQLite through better-sqlite3 with Rampart's connection settings (WAL, synchronous
 * NORMAL, foreign keys, busy timeout) and statements prepared once at startup.
 */
export function openSqliteStore(path: string): Store {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');

  const position = db.prepare('select * from "positions" where "id" = ?');
  const firstPage = db.prepare(
    'select "markets".* from "markets" where "markets"."status" = ? order by "markets"."volume" desc, "markets"."id" desc limit ?',
  );
  // Rampart's keyset condition: a range on the leading key (so the index is seeked) and
  // the exact "after this row" expansion.
  const nextPage = db.prepare(
    'select "markets".* from "markets" where "markets"."status" = ? and ("markets"."volume" <= ? and ("markets"."volume" < ? or ("markets"."volume" = ? and "markets"."id" < ?))) order by "markets"."volume" desc, "markets"."id" desc limit ?',
  );
  const insertPost = db.prepare(
    'insert into "posts" ("title", "body", "id", "created_at", "updated_at", "author") values (?, ?, ?, ?, ?, ?) returning *',
  );
  const insertPostTx = db.transaction((p: { id: string; title: string; body: string; author: string; now: string }) =>
    insertPost.get(p.title, p.body, p.id, p.now, p.now, p.author) as Row,
  );

  // S7's statements, as Rampart's list pipeline compiles them (relation filter, computed
  // fields, capped include).
  const favoritedByName = '"articles"."id" in (select "favorites"."article" from "favorites" where "favorites"."user" in (select "users"."id" from "users" where "users"."name" = ?))';
  const articlesOrder = 'order by "articles"."created_at" desc, "articles"."id" desc limit ?';
  const firstArticles = db.prepare(`select "articles".* from "articles" where ${favoritedByName} ${articlesOrder}`);
  const nextArticles = db.prepare(
    `select "articles".* from "articles" where ${favoritedByName} and ("articles"."created_at" <= ? and ("articles"."created_at" < ? or ("articles"."created_at" = ? and "articles"."id" < ?))) ${articlesOrder}`,
  );
  // The page's ids are bound one by one (`in (?, ?, ...)`), so there is one statement per
  // page size, prepared on first use.
  const perSize = (sql: (list: string) => string) => {
    const prepared = new Map<number, SQLite.Statement>();
    return (size: number) => {
      let statement = prepared.get(size);
      if (!statement) {
        statement = db.prepare(sql(Array(size).fill('?').join(', ')));
        prepared.set(size, statement);
      }
      return statement;
    };
  };
  const countStatement = perSize(
    (list) => `select "favorites"."article" as "k", count(*) as "n" from "favorites" where "favorites"."article" in (${list}) group by "favorites"."article"`,
  );
  const mineStatement = perSize(
    (list) => `select distinct "favorites"."article" as "k" from "favorites" where "favorites"."article" in (${list}) and "favorites"."user" = ?`,
  );
  const commentsStatement = perSize(
    (list) =>
      `select * from (select "comments".*, row_number() over (partition by "comments"."article" order by "comments"."created_at" desc, "comments"."id" desc) as "rampart_rank" from "comments" where "comments"."article" in (${list})) as "ranked" where "rampart_rank" <= ? order by "rampart_rank"`,
  );

  return {
    dialect: 'sqlite',
    async position(id) {
      return position.get(id) as Row | undefined;
    },
    async markets(status: string, limit: number, after?: MarketsAfter) {
      if (!after) return firstPage.all(status, limit) as Row[];
      const v = cents(after.volume);
      return nextPage.all(status, v, v, v, after.id, limit) as Row[];
    },
    async insertPost(post) {
      return insertPostTx(post);
    },
    async articles(name: string, limit: number, after?: ArticlesAfter) {
      if (!after) return firstArticles.all(name, limit) as Row[];
      return nextArticles.all(name, after.createdAt, after.createdAt, after.createdAt, after.id, limit) as Row[];
    },
    async favoriteCounts(ids) {
      return countStatement(ids.length).all(...ids) as Row[];
    },
    async favoritedBy(ids, user) {
      return mineStatement(ids.length).all(...ids, user) as Row[];
    },
    async latestComments(ids, max) {
      return commentsStatement(ids.length).all(...ids, max) as Row[];
    },
    async close() {
      db.close();
    },
  };
}

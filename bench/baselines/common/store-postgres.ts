import pg from 'pg';
import type { ArticlesAfter, MarketsAfter, Row, Store } from './store.js';

/**
 * PostgreSQL through a pg pool of Rampart's default size (10) and statement timeout
 * (15 s), with the same SQL as Rampart's Kysely queries, sent the way Kysely sends
 * them (unnamed statements, the most common pg usage).
 */
export function openPostgresStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10, statement_timeout: 15_000, keepAlive: true });
  pool.on('error', () => undefined);
  const query = async (text: string, values: unknown[]) => (await pool.query(text, values)).rows as Row[];

  const favoritedByName =
    '"articles"."id" in (select "favorites"."article" from "favorites" where "favorites"."user" in (select "users"."id" from "users" where "users"."name" = $1))';
  /** `$from, $from+1, ...`: the page's ids, one parameter each, as Kysely binds them. */
  const list = (count: number, from: number) => Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');

  return {
    dialect: 'postgres',
    async position(id) {
      return (await query('select * from "positions" where "id" = $1', [id]))[0];
    },
    async markets(status: string, limit: number, after?: MarketsAfter) {
      if (!after) {
        return query(
          'select "markets".* from "markets" where "markets"."status" = $1 order by "markets"."volume" desc, "markets"."id" desc limit $2',
          [status, limit],
        );
      }
      return query(
        'select "markets".* from "markets" where "markets"."status" = $1 and ("markets"."volume" <= $2 and ("markets"."volume" < $3 or ("markets"."volume" = $4 and "markets"."id" < $5))) order by "markets"."volume" desc, "markets"."id" desc limit $6',
        [status, after.volume, after.volume, after.volume, after.id, limit],
      );
    },
    async insertPost(post) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query(
          'insert into "posts" ("title", "body", "id", "created_at", "updated_at", "author") values ($1, $2, $3, $4, $5, $6) returning *',
          [post.title, post.body, post.id, post.now, post.now, post.author],
        );
        await client.query('commit');
        return rows[0] as Row;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async articles(name: string, limit: number, after?: ArticlesAfter) {
      const order = 'order by "articles"."created_at" desc, "articles"."id" desc limit';
      if (!after) return query(`select "articles".* from "articles" where ${favoritedByName} ${order} $2`, [name, limit]);
      return query(
        `select "articles".* from "articles" where ${favoritedByName} and ("articles"."created_at" <= $2 and ("articles"."created_at" < $3 or ("articles"."created_at" = $4 and "articles"."id" < $5))) ${order} $6`,
        [name, after.createdAt, after.createdAt, after.createdAt, after.id, limit],
      );
    },
    async favoriteCounts(ids) {
      return query(
        `select "favorites"."article" as "k", count(*) as "n" from "favorites" where "favorites"."article" in (${list(ids.length, 1)}) group by "favorites"."article"`,
        [...ids],
      );
    },
    async favoritedBy(ids, user) {
      return query(
        `select distinct "favorites"."article" as "k" from "favorites" where "favorites"."article" in (${list(ids.length, 1)}) and "favorites"."user" = $${ids.length + 1}`,
        [...ids, user],
      );
    },
    async latestComments(ids, max) {
      return query(
        `select * from (select "comments".*, row_number() over (partition by "comments"."article" order by "comments"."created_at" desc, "comments"."id" desc) as "rampart_rank" from "comments" where "comments"."article" in (${list(ids.length, 1)})) as "ranked" where "rampart_rank" <= $${ids.length + 1} order by "rampart_rank"`,
        [...ids, max],
      );
    },
    async close() {
      await pool.end();
    },
  };
}

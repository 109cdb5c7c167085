import pg from 'pg';
import type { MarketsAfter, Row, Store } from './store.js';

/**
 * PostgreSQL through a pg pool of Rampart's default size (10) and statement timeout
 * (15 s), with the same SQL as Rampart's Kysely queries, sent the way Kysely sends
 * them (unnamed statements, the most common pg usage).
 */
export function openPostgresStore(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10, statement_timeout: 15_000, keepAlive: true });
  pool.on('error', () => undefined);
  const query = async (text: string, values: unknown[]) => (await pool.query(text, values)).rows as Row[];

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
    async close() {
      await pool.end();
    },
  };
}

import SQLite from 'better-sqlite3';
import type { MarketsAfter, Row, Store } from './store.js';

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
    async close() {
      db.close();
    },
  };
}

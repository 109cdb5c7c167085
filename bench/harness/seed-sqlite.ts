/*
 * The SQLite files the benchmark serves. The schema is exactly Rampart's: a template
 * file is made by booting the benchmark app once (outside production, so it creates its
 * tables, indexes, full-text tables and triggers) and creating the users through
 * `app.users` (argon2id hashes, as S5's logins need). Each data file is a copy of the
 * template filled in bulk with raw SQL in large transactions: the indexes and triggers
 * of the bulk-loaded tables (markets; S7's articles, favorites and comments) are set
 * aside during the load and put back exactly as they were (same SQL from sqlite_master,
 * full-text index rebuilt), so 1,000,000 rows take seconds. Files are kept in bench/.data and reused while the code that decides the
 * schema and the dataset is unchanged (delete the folder to force a fresh seed).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import SQLite from 'better-sqlite3';
import {
  articles,
  benchPassword,
  mainArticles,
  mainMarkets,
  markets,
  positions,
  positionsPerUser,
  readers,
  userCount,
  userEmail,
  type ArticleRow,
  type CommentRow,
  type FavoriteRow,
  type MarketRow,
  type ReaderRow,
} from './dataset.js';

// Bumped whenever dataset.ts or the loading below changes what a file holds.
const datasetVersion = 2;

/** The prepared files. */
export interface SqliteData {
  /** Path of the file with `markets` rows, per size. */
  files: Map<number, string>;
  /** Seconds spent seeding (0 when every file was reused). */
  seedSeconds: number;
}

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

// What decides a data file's content: Rampart's schema code, the app's resources, the dataset.
const sources = [
  ['src/db', /\.ts$/],
  ['src/resources', /\.ts$/],
  ['src/auth', /(-table|create-auth|password-hash)\.ts$/],
  ['bench/rampart', /\.ts$/],
  ['examples/markets', /resources\.ts$/],
  ['bench/harness', /^(dataset|seed-sqlite)\.ts$/],
] as const;

function sourceFingerprint(): string {
  const hash = createHash('sha256');
  for (const [dir, pattern] of sources) {
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => pattern.test(f) && !f.endsWith('.test.ts')).sort();
    for (const file of files) hash.update(file).update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex').slice(0, 32);
}

/** Boots the app on `file` to create Rampart's schema, and creates the users. */
async function makeTemplate(file: string): Promise<void> {
  removeDatabase(file);
  // Loaded here, not at the top: a run that reuses its files never needs the app in this process.
  const { createApp } = await import('rampart');
  const { default: benchApp } = await import('../rampart/app.js');
  const app = await createApp({
    ...benchApp,
    env: { NODE_ENV: 'test', DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'warn', JWT_SECRET: 'x'.repeat(48) },
    logStream: silent,
  });
  try {
    await Promise.all(
      Array.from({ length: userCount }, (_, i) =>
        app.users.createUser({ email: userEmail(i), password: benchPassword, name: `Bench user ${i}` }),
      ),
    );
  } finally {
    await app.close();
  }
}

/** Multi-row inserts into `table`: rows are buffered and sent a hundred at a time. */
function bulkInsert<Row extends object>(db: SQLite.Database, table: string, columns: readonly (keyof Row & string)[]) {
  // A hundred rows per statement: binding and stepping once per row would double the time.
  const perStatement = 100;
  const statement = (rows: number) =>
    db.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(rows).fill(`(${columns.map(() => '?').join(', ')})`).join(', ')}`);
  const full = statement(perStatement);
  const values: unknown[] = [];
  return {
    push(row: Row) {
      for (const column of columns) values.push(row[column]);
      if (values.length === perStatement * columns.length) {
        full.run(values);
        values.length = 0;
      }
    },
    flush() {
      if (values.length > 0) statement(values.length / columns.length).run(values);
      values.length = 0;
    },
  };
}

/** Fills a copy of the template with `count` markets, the users' positions and S7's articles. */
function fill(file: string, count: number, withArticles: boolean): void {
  const db = new SQLite(file);
  db.pragma('synchronous = OFF');
  // Favorites and comments are buffered beside their article, so a statement of them can
  // reach the database before the article's; the generator keeps every reference valid.
  db.pragma('foreign_keys = OFF');
  const users = (db.prepare('select id from users order by email').all() as { id: string }[]).map((u) => u.id);
  const bulkTables = ['markets', 'articles', 'favorites', 'comments'];
  const aside = db
    .prepare(`select type, name, sql from sqlite_master where tbl_name in (${bulkTables.map(() => '?').join(', ')}) and type in ('index', 'trigger') and sql is not null`)
    .all(...bulkTables) as { type: string; name: string; sql: string }[];
  for (const item of aside) db.exec(`drop ${item.type} "${item.name}"`);

  const marketIds: string[] = [];
  db.transaction(() => {
    const insert = bulkInsert<MarketRow>(db, 'markets', ['id', 'created_at', 'updated_at', 'creator', 'name', 'description', 'status', 'volume', 'ends_at']);
    for (const row of markets(count, users)) {
      if (marketIds.length < 10_000) marketIds.push(row.id);
      insert.push(row);
    }
    insert.flush();
    if (!withArticles) return;
    const hash = (db.prepare('select password_hash from users limit 1').get() as { password_hash: string }).password_hash;
    const reader = bulkInsert<ReaderRow>(db, 'users', ['id', 'email', 'name', 'role', 'password_hash', 'created_at', 'updated_at']);
    const readerRows = readers(hash);
    for (const row of readerRows) reader.push(row);
    reader.flush();
    const article = bulkInsert<ArticleRow>(db, 'articles', ['id', 'created_at', 'updated_at', 'author', 'title', 'body']);
    const favorite = bulkInsert<FavoriteRow>(db, 'favorites', ['id', 'created_at', 'updated_at', 'user', 'article']);
    const comment = bulkInsert<CommentRow>(db, 'comments', ['id', 'created_at', 'updated_at', 'author', 'body', 'article']);
    for (const row of articles(mainArticles, users, readerRows.map((r) => r.id))) {
      article.push(row.article);
      for (const f of row.favorites) favorite.push(f);
      for (const c of row.comments) comment.push(c);
    }
    article.flush();
    favorite.flush();
    comment.flush();
  })();

  db.transaction(() => {
    for (const item of aside) if (item.type === 'index') db.exec(item.sql);
    db.exec(`insert into markets_fts (markets_fts) values ('rebuild')`);
    for (const item of aside) if (item.type === 'trigger') db.exec(item.sql);
    const insertPosition = db.prepare(
      'insert into positions (id, created_at, updated_at, owner, market, side, amount) values (@id, @created_at, @updated_at, @owner, @market, @side, @amount)',
    );
    for (const row of positions(users, positionsPerUser, marketIds)) insertPosition.run(row);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/**
 * Makes (or reuses) one file per size in `dir`. The main file (100,000 markets) is
 * always among them.
 */
export async function prepareSqlite(dir: string, sizes: readonly number[], log: (line: string) => void): Promise<SqliteData> {
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const fingerprint = sourceFingerprint();
  const files = new Map<number, string>();
  const template = join(dir, 'template.db');
  let templateReady = false;
  for (const size of new Set([mainMarkets, ...sizes])) {
    const file = join(dir, `markets-${size}.db`);
    const key = `${fingerprint}:${datasetVersion}:${size}`;
    files.set(size, file);
    if (existsSync(file) && existsSync(`${file}.key`) && readFileSync(`${file}.key`, 'utf8') === key) continue;
    if (!templateReady) {
      await makeTemplate(template);
      templateReady = true;
    }
    const t = Date.now();
    removeDatabase(file);
    copyFileSync(template, file);
    // S7's articles live in the main file only: the S6 tables are about markets.
    fill(file, size, size === mainMarkets);
    writeFileSync(`${file}.key`, key);
    log(`seeded ${size.toLocaleString('en-US')} markets in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (templateReady) removeDatabase(template);
  const seeded = templateReady;
  return { files, seedSeconds: seeded ? (Date.now() - started) / 1000 : 0 };
}

/** A fresh copy of `source` to write to, so every run starts from the same rows. */
export function workingCopy(source: string, target: string): string {
  removeDatabase(target);
  copyFileSync(source, target);
  return target;
}

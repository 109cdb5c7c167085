import { sql, type Kysely } from 'kysely';
import type { SchemaOperation } from './operations.js';
import type { SchemaDialect } from './schema-dialect.js';
import { addColumnSql, createIndexSql, createTableSql, sqliteTableOf } from './sqlite-ddl.js';
import { introspectSqlite } from './sqlite-introspect.js';
import { rebuildSqliteTable } from './sqlite-rebuild.js';
import { createSearch, dropSearch } from './sqlite-search.js';
import { sqliteColumnType } from './sqlite-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

async function execute(db: Db, op: SchemaOperation): Promise<void> {
  switch (op.op) {
    case 'createTable':
      await createTableSql(op.table, sqliteTableOf(op.columns)).execute(db);
      return;
    case 'dropTable':
      await sql`DROP TABLE ${sql.id(op.table)}`.execute(db);
      return;
    case 'addColumn':
      await addColumnSql(op.table, op.column).execute(db);
      return;
    case 'dropColumn':
      // ALTER TABLE DROP COLUMN refuses columns with a foreign key; a rebuild never does.
      return await rebuildSqliteTable(db, op.table, { drop: op.column });
    case 'alterColumn':
      return await rebuildSqliteTable(db, op.table, { replace: op.column, from: op.from });
    case 'createIndex':
      await createIndexSql(op.table, op.index.name, op.index.columns, op.index.unique, op.index.method).execute(db);
      return;
    case 'dropIndex':
      await sql`DROP INDEX IF EXISTS ${sql.id(op.index)}`.execute(db);
      return;
    case 'createSearch':
      return await createSearch(db, op.table, op.columns);
    case 'dropSearch':
      return await dropSearch(db, op.table);
  }
}

async function verify(db: Db, tables: readonly string[]): Promise<void> {
  // Only rewritten tables can hold new violations (rebuilds keep every id), and checking
  // just them keeps a migration of one table from scanning the whole database.
  for (const table of tables) {
    const { rows } = await sql<{ parent: string }>`SELECT parent FROM pragma_foreign_key_check(${table})`.execute(db);
    const first = rows[0];
    if (first) {
      throw new Error(`${rows.length} row(s) of ${table} would point at missing ${first.parent} records`);
    }
  }
}

async function atomically<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  // One pinned connection: the pragmas and the transaction must all apply to it.
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(conn);
    const enabled = rows[0]?.foreign_keys === 1;
    // Table rebuilds drop a table others may reference; with foreign keys on, that drop
    // would cascade or fail. `verify` checks every key before the migration commits.
    if (enabled) await sql`PRAGMA foreign_keys = OFF`.execute(conn);
    try {
      // IMMEDIATE takes the write lock now, so two processes migrating one file queue up.
      await sql`BEGIN IMMEDIATE`.execute(conn);
      let result: T;
      try {
        result = await work(conn);
      } catch (error) {
        // SQLite may already have rolled back by itself (e.g. on a full disk).
        await sql`ROLLBACK`.execute(conn).catch(() => undefined);
        throw error;
      }
      await sql`COMMIT`.execute(conn);
      return result;
    } finally {
      if (enabled) await sql`PRAGMA foreign_keys = ON`.execute(conn);
    }
  });
}

/**
 * Migrations on SQLite.
 *
 * @example
 * await sqliteSchemaDialect.introspect(database.db);
 */
export const sqliteSchemaDialect: SchemaDialect = {
  name: 'sqlite',
  columnType: sqliteColumnType,
  introspect: introspectSqlite,
  beginMigration: async () => undefined,
  execute,
  verify,
  atomically,
};

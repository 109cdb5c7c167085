import { sql, type Kysely } from 'kysely';
import type { Operation } from './operations.js';
import type { SchemaDialect } from './schema-dialect.js';
import { addColumnSql, createIndexSql, createTableSql, sqliteTableOf } from './sqlite-ddl.js';
import { introspectSqlite } from './sqlite-introspect.js';
import { rebuildSqliteTable } from './sqlite-rebuild.js';
import { createSearch, dropSearch } from './sqlite-search.js';
import { sqliteColumnType } from './sqlite-types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

async function execute(db: Db, op: Operation): Promise<void> {
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
      await createIndexSql(op.table, op.index.name, op.index.columns, op.index.unique).execute(db);
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

async function verify(db: Db): Promise<void> {
  const { rows } = await sql<{ table: string; parent: string }>`SELECT "table", parent FROM pragma_foreign_key_check`.execute(db);
  const first = rows[0];
  if (first) {
    throw new Error(
      `${rows.length} row(s) would break a foreign key (first: ${first.table} → ${first.parent}); ` +
        'the migration was rolled back',
    );
  }
}

async function session<T>(db: Db, run: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
  const enabled = rows[0]?.foreign_keys === 1;
  // Table rebuilds drop a table others may reference; with foreign keys on, that drop
  // would cascade or fail. `verify` checks every key before the migration commits.
  if (enabled) await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    return await run();
  } finally {
    if (enabled) await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
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
  execute,
  verify,
  session,
};

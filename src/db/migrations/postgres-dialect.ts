import { sql, type Kysely } from 'kysely';
import type { SchemaOperation } from './operations.js';
import { addPostgresColumn, alterPostgresColumn, createPostgresIndex, createPostgresTable } from './postgres-ddl.js';
import { introspectPostgres } from './postgres-introspect.js';
import { createPostgresSearch, dropPostgresSearch } from './postgres-search.js';
import { postgresColumnType } from './postgres-types.js';
import type { SchemaDialect } from './schema-dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

async function execute(db: Db, op: SchemaOperation): Promise<void> {
  switch (op.op) {
    case 'createTable':
      return createPostgresTable(db, op.table, op.columns);
    case 'dropTable':
      await sql`DROP TABLE ${sql.id(op.table)}`.execute(db);
      return;
    case 'addColumn':
      return addPostgresColumn(db, op.table, op.column);
    case 'dropColumn':
      await sql`ALTER TABLE ${sql.id(op.table)} DROP COLUMN ${sql.id(op.column)}`.execute(db);
      return;
    case 'alterColumn':
      return alterPostgresColumn(db, op.table, op.column, op.from);
    case 'createIndex':
      return createPostgresIndex(db, op.table, op.index.name, op.index.columns, op.index.unique, op.index.method);
    case 'dropIndex':
      await sql`DROP INDEX IF EXISTS ${sql.id(op.index)}`.execute(db);
      return;
    case 'createSearch':
      return createPostgresSearch(db, op.table, op.columns);
    case 'dropSearch':
      return dropPostgresSearch(db, op.table);
  }
}

/**
 * Migrations on PostgreSQL. DDL is transactional there, so a migration is one
 * transaction; foreign keys are checked as each statement runs, so nothing is left to
 * verify before commit.
 *
 * @example
 * await postgresSchemaDialect.introspect(database.db);
 */
export const postgresSchemaDialect: SchemaDialect = {
  name: 'postgres',
  columnType: postgresColumnType,
  introspect: introspectPostgres,
  beginMigration: async (trx) => {
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
  },
  execute,
  verify: async () => undefined,
  atomically: (db, work) => db.transaction().execute(work),
};

import type { Kysely } from 'kysely';
import type { Dialect } from '../../resources/fields/field.js';
import type { Database } from '../database.js';
import type { SchemaOperation } from './operations.js';
import type { ColumnModel, CurrentSchema } from './schema-model.js';
import { postgresSchemaDialect } from './postgres-dialect.js';
import { sqliteSchemaDialect } from './sqlite-dialect.js';

/**
 * What a dialect contributes to migrations: type names, introspection and DDL. The
 * rest (desired schema, diff, files, the Kysely migrator) is shared: SQLite and
 * PostgreSQL each implement this interface.
 */
export interface SchemaDialect {
  readonly name: Dialect;
  /** The SQL type of a column. */
  columnType(column: Pick<ColumnModel, 'type' | 'decimal'>): string;
  /** Reads the managed tables as they are, and lists the tables Rampart must leave alone. */
  introspect(db: Kysely<any>): Promise<CurrentSchema>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Prepares a migration's transaction before its operations run. PostgreSQL lifts the
   * statement timeout for it (`SET LOCAL`, so it ends with the transaction): building an
   * index on a large table may take longer than any request should, and failing it would
   * fail the boot again on every restart.
   */
  beginMigration(trx: Kysely<any>): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Applies one operation inside the migration's transaction. */
  execute(trx: Kysely<any>, op: SchemaOperation): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Checks the rewritten tables' integrity at the end of a migration, before it commits. */
  verify(trx: Kysely<any>, tables: readonly string[]): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Runs `work` in one transaction with whatever schema changes need around it, and
   * hands it the Kysely instance to use. SQLite turns foreign keys off first (the
   * pragma is ignored inside a transaction) and pins its one connection.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  atomically<T>(db: Kysely<any>, work: (db: Kysely<any>) => Promise<T>): Promise<T>;
}

/**
 * The schema dialect of an open database.
 *
 * @example
 * const dialect = schemaDialectFor(openDatabase('sqlite::memory:'));
 * dialect.columnType({ type: 'boolean' }); // 'INTEGER'
 */
export function schemaDialectFor(database: Pick<Database, 'dialect'>): SchemaDialect {
  return database.dialect === 'sqlite' ? sqliteSchemaDialect : postgresSchemaDialect;
}

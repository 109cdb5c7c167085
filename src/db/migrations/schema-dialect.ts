import type { Kysely } from 'kysely';
import type { Dialect } from '../../resources/fields/field.js';
import type { Database } from '../database.js';
import type { Operation } from './operations.js';
import type { ColumnModel, CurrentSchema } from './schema-model.js';
import { sqliteSchemaDialect } from './sqlite-dialect.js';

/**
 * What a dialect contributes to migrations: type names, introspection and DDL. The
 * rest (desired schema, diff, files, the Kysely migrator) is shared, so PostgreSQL
 * support is one more implementation of this interface (full-text search there will
 * be a tsvector column with a GIN index behind the same `createSearch` operation).
 */
export interface SchemaDialect {
  readonly name: Dialect;
  /** The SQL type of a column. */
  columnType(column: Pick<ColumnModel, 'type' | 'decimal'>): string;
  /** Reads the managed tables as they are, and lists the tables Rampart must leave alone. */
  introspect(db: Kysely<any>): Promise<CurrentSchema>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Applies one operation inside the migration's transaction. */
  execute(trx: Kysely<any>, op: Operation): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Checks the database's integrity at the end of a migration, before it commits. */
  verify(trx: Kysely<any>): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Wraps a whole migration run, outside its transaction: SQLite must switch foreign
   * keys off there, since the pragma is ignored inside a transaction.
   */
  session<T>(db: Kysely<any>, run: () => Promise<T>): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The schema dialect of an open database.
 *
 * @example
 * const dialect = schemaDialectFor(openDatabase('sqlite::memory:'));
 * dialect.columnType({ type: 'boolean' }); // 'INTEGER'
 */
export function schemaDialectFor(database: Pick<Database, 'dialect'>): SchemaDialect {
  if (database.dialect === 'sqlite') return sqliteSchemaDialect;
  throw new TypeError(`migrations are not implemented for ${database.dialect} yet`);
}

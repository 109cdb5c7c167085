import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { destructiveError, failedError } from './migration-errors.js';
import { isDestructive, type SchemaOperation } from './operations.js';
import { schemaDialectFor, type SchemaDialect } from './schema-dialect.js';
import { ensureRecordTable, recordOperation } from './schema-record.js';

/**
 * Runs operations inside an open transaction, recording each in `rampart_schema`, then
 * lets the dialect verify integrity so a broken result rolls back instead of committing.
 *
 * @example
 * await sqliteSchemaDialect.atomically(db, (conn) => runOperations(conn, sqliteSchemaDialect, ops));
 */
export async function runOperations(
  trx: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  dialect: SchemaDialect,
  operations: readonly SchemaOperation[],
): Promise<void> {
  await dialect.beginMigration(trx);
  await ensureRecordTable(trx);
  for (const op of operations) {
    await dialect.execute(trx, op);
    await recordOperation(trx, op);
  }
  const rewritten = operations.filter((op) => ['addColumn', 'alterColumn', 'dropColumn'].includes(op.op));
  await dialect.verify(trx, [...new Set(rewritten.map((op) => op.table))]);
}

/** Options of {@link applyOperations}. */
export interface ApplyOperationsOptions {
  /** Lets operations that can lose data run. */
  allowDestructive?: boolean;
}

/**
 * Applies operations straight to the database in one transaction, without a migration
 * file: for in-memory and test databases, which have no history worth keeping.
 *
 * @example
 * await applyOperations(database, diff.operations);
 */
export async function applyOperations(
  database: Database,
  operations: readonly SchemaOperation[],
  options: ApplyOperationsOptions = {},
): Promise<void> {
  const destructive = operations.filter(isDestructive);
  if (destructive.length > 0 && !options.allowDestructive) throw destructiveError('the schema change', destructive);
  const dialect = schemaDialectFor(database);
  try {
    await dialect.atomically(database.db, (db) => runOperations(db, dialect, operations));
  } catch (error) {
    throw failedError('the schema change', error);
  }
}

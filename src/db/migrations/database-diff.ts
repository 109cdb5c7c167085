import type { AnyResource } from '../../resources/resource.js';
import type { Database } from '../database.js';
import { buildDesiredSchema } from './desired-schema.js';
import { schemaDialectFor } from './schema-dialect.js';
import { diffSchemas, type SchemaDiff } from './schema-diff.js';
import type { TableModel } from './schema-model.js';

/** Options of {@link diffDatabase}. */
export interface DiffDatabaseOptions {
  /** Internal tables managed alongside the resources' tables. */
  extraTables?: readonly TableModel[];
}

/**
 * Compares the declared resources with the live database.
 *
 * @example
 * const { operations, problems } = await diffDatabase(database, [markets]);
 */
export async function diffDatabase(
  database: Database,
  resources: readonly AnyResource[],
  options: DiffDatabaseOptions = {},
): Promise<SchemaDiff> {
  const desired = buildDesiredSchema(resources, { dialect: database.dialect, extraTables: options.extraTables });
  const current = await schemaDialectFor(database).introspect(database.db);
  return diffSchemas(desired, current);
}

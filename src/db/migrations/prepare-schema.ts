import type { AnyResource } from '../../resources/resource.js';
import type { Database } from '../database.js';
import { applyMigrations } from './apply-migrations.js';
import { applyOperations } from './apply-operations.js';
import { diffDatabase } from './database-diff.js';
import { destructiveError, pendingError, problemsError } from './migration-errors.js';
import { writeMigrationFile } from './migration-file.js';
import { describeOperation, isDestructive, type SchemaOperation } from './operations.js';
import type { TableModel } from './schema-model.js';

/** Options of {@link prepareSchema}. */
export interface PrepareSchemaOptions {
  /** The migrations folder, or `false` for databases without history (in-memory, tests). */
  dir: string | false;
  env: 'development' | 'production' | 'test';
  /** Lets changes that can lose data run (drop a table or column, change a type). */
  allowDestructive?: boolean;
  /** Internal tables (users, refresh tokens, jobs...) managed alongside the resources' tables. */
  extraTables?: readonly TableModel[];
  log?: (message: string) => void;
}

/** What {@link prepareSchema} did. */
export interface PrepareSchemaResult {
  /** Migration files applied, in order, including one written by this call. */
  applied: string[];
  /** The path of the migration file written by this call, if any. */
  written: string | null;
  /** The changes the resources needed beyond the existing files (applied or written). */
  operations: SchemaOperation[];
}

/**
 * Brings the database schema in line with the declared resources at boot:
 *
 * 1. applies the pending files of `dir`;
 * 2. compares the resources with the database;
 * 3. if they differ: in production, stops with `RAMPART_MIGRATION_PENDING` (schema
 *    changes there go through reviewed files and `rampart migrate`); with a `dir`,
 *    writes a migration file and applies it; with `dir: false`, applies the changes
 *    directly. Changes that can lose data stop with `RAMPART_MIGRATION_DESTRUCTIVE`
 *    unless `allowDestructive` is set; with a `dir`, the file is written first so it
 *    can be reviewed.
 *
 * @example
 * await prepareSchema(database, [markets, bets], { dir: 'migrations', env: config.env, log: (m) => app.log.info(m) });
 */
export async function prepareSchema(
  database: Database,
  resources: readonly AnyResource[],
  options: PrepareSchemaOptions,
): Promise<PrepareSchemaResult> {
  const log = options.log ?? (() => undefined);
  const { dir, allowDestructive = false } = options;
  const applied = dir ? await applyMigrations(database, dir, { allowDestructive }) : [];
  for (const name of applied) log(`applied migration ${name}`);

  const { operations, problems } = await diffDatabase(database, resources, { extraTables: options.extraTables });
  if (problems.length > 0) throw problemsError(problems);
  if (operations.length === 0) return { applied, written: null, operations };
  if (options.env === 'production') throw pendingError(operations);

  const destructive = operations.filter(isDestructive);
  if (!dir) {
    await applyOperations(database, operations, { allowDestructive });
    for (const op of operations) log(`applied ${describeOperation(op)}`);
    return { applied, written: null, operations };
  }
  const written = await writeMigrationFile(dir, operations, { dialect: database.dialect });
  log(`wrote migration ${written}`);
  if (destructive.length > 0 && !allowDestructive) throw destructiveError(`the new migration ${written}`, destructive);
  const now = await applyMigrations(database, dir, { allowDestructive });
  for (const name of now) log(`applied migration ${name}`);
  return { applied: [...applied, ...now], written, operations };
}

import type { AnyResource } from '../../resources/resource.js';
import type { Database } from '../database.js';
import { migrationStatus } from './apply-migrations.js';
import { diffDatabase } from './database-diff.js';
import { problemsError, unappliedError } from './migration-errors.js';
import { writeMigrationFile } from './migration-file.js';
import type { TableModel } from './schema-model.js';

/** Options of {@link generateMigration}. */
export interface GenerateMigrationOptions {
  /** Words for the file name, e.g. `add market volume` (default: derived from the changes). */
  name?: string;
  /** Internal tables managed alongside the resources' tables. */
  extraTables?: readonly TableModel[];
}

/**
 * Writes a migration file with what the declared resources need and the database lacks
 * (`rampart migrate:generate`), or returns null when they agree. Refuses while files are
 * pending: the database would not show their changes yet, so the new file would repeat them.
 *
 * @example
 * const path = await generateMigration(database, [markets, bets], 'migrations', { name: 'add bets' });
 * if (path) console.log(`review ${path}, then run rampart migrate`);
 */
export async function generateMigration(
  database: Database,
  resources: readonly AnyResource[],
  dir: string,
  options: GenerateMigrationOptions = {},
): Promise<string | null> {
  const { pending } = await migrationStatus(database, dir);
  if (pending.length > 0) throw unappliedError(pending, 'apply them first with `rampart migrate`');
  const diff = await diffDatabase(database, resources, { extraTables: options.extraTables });
  if (diff.problems.length > 0) throw problemsError(diff.problems);
  if (diff.operations.length === 0) return null;
  return writeMigrationFile(dir, diff.operations, { dialect: database.dialect, name: options.name });
}

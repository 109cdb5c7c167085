import { Migrator } from 'kysely';
import type { Database } from '../database.js';
import { destructiveError, failedError } from './migration-errors.js';
import { readMigrationFiles, type MigrationFile } from './migration-file.js';
import { RampartMigrationProvider } from './migration-provider.js';
import { isDestructive } from './operations.js';
import { schemaDialectFor } from './schema-dialect.js';

/** Options of {@link applyMigrations}. */
export interface ApplyMigrationsOptions {
  /** Lets files with operations that can lose data run (`rampart migrate --allow-destructive`). */
  allowDestructive?: boolean;
}

/** Which migration files of a folder have been applied to a database. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

function migratorFor(database: Database, files: ReadonlyMap<string, MigrationFile>, options: ApplyMigrationsOptions): Migrator {
  const provider = new RampartMigrationProvider(files, schemaDialectFor(database), options);
  return new Migrator({ db: database.db, provider });
}

async function pendingOf(migrator: Migrator): Promise<string[]> {
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Lists the applied and pending migration files of a folder (`rampart migrate:status`).
 *
 * @example
 * const { applied, pending } = await migrationStatus(database, 'migrations');
 */
export async function migrationStatus(database: Database, dir: string): Promise<MigrationStatus> {
  const files = await readMigrationFiles(dir);
  const migrations = await migratorFor(database, files, {}).getMigrations();
  return {
    applied: migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

/**
 * Applies the pending migration files of a folder, in name order, in one transaction
 * (`rampart migrate`). Files that can lose data are refused, before anything runs,
 * unless `allowDestructive` is set. Returns the names applied.
 *
 * @example
 * const applied = await applyMigrations(database, 'migrations', { allowDestructive: false });
 */
export async function applyMigrations(
  database: Database,
  dir: string,
  options: ApplyMigrationsOptions = {},
): Promise<string[]> {
  const files = await readMigrationFiles(dir);
  if (files.size === 0) return [];
  const migrator = migratorFor(database, files, options);
  const pending = await pendingOf(migrator);
  if (pending.length === 0) return [];
  if (!options.allowDestructive) {
    const risky = pending.filter((name) => files.get(name)?.destructive);
    if (risky.length > 0) {
      const ops = risky.flatMap((name) => (files.get(name)?.operations ?? []).filter(isDestructive));
      throw destructiveError(`migration ${risky.join(', ')}`, ops);
    }
  }
  const result = await schemaDialectFor(database).session(database.db, () => migrator.migrateToLatest());
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw failedError(failed ? `migration ${failed}` : 'applying migrations', result.error);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

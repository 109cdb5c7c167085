import { Migrator, sql, type Kysely } from 'kysely';
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

async function migratorFor(
  database: Database,
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  files: ReadonlyMap<string, MigrationFile>,
  options: ApplyMigrationsOptions,
): Promise<Migrator> {
  // Kysely decides whether its bookkeeping table exists by looking through every schema;
  // without naming ours, another schema's `kysely_migration` (another app or tenant in the
  // same database) would pass for this one's and the first migration would fail.
  const migrationTableSchema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db,
    provider: new RampartMigrationProvider(files, schemaDialectFor(database), options),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
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
  const migrations = await (await migratorFor(database, database.db, files, {})).getMigrations();
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
  const pending = await pendingOf(await migratorFor(database, database.db, files, options));
  if (pending.length === 0) return [];
  if (!options.allowDestructive) {
    const risky = pending.filter((name) => files.get(name)?.destructive);
    if (risky.length > 0) {
      const ops = risky.flatMap((name) => (files.get(name)?.operations ?? []).filter(isDestructive));
      throw destructiveError(`migration ${risky.join(', ')}`, ops);
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const run = async (db: Kysely<any>): Promise<string[]> => {
    const result = await (await migratorFor(database, db, files, options)).migrateToLatest();
    if (result.error !== undefined) {
      const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
      throw failedError(failed ? `migration ${failed}` : 'applying migrations', result.error);
    }
    return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  };
  // Where the adapter has transactional DDL (PostgreSQL), Kysely's migrator runs the files
  // in a transaction under its lock by itself. Its SQLite adapter does not, so there the
  // whole run, Kysely's bookkeeping included, goes into one transaction here.
  if (database.db.getExecutor().adapter.supportsTransactionalDdl) return run(database.db);
  try {
    return await schemaDialectFor(database).atomically(database.db, run);
  } catch (error) {
    throw failedError('applying migrations', error);
  }
}

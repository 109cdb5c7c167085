import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { portOperations } from './column-defaults.js';
import { runOperations } from './apply-operations.js';
import { destructiveError } from './migration-errors.js';
import type { MigrationFile } from './migration-file.js';
import { isDestructive } from './operations.js';
import type { SchemaDialect } from './schema-dialect.js';

/** Options of {@link RampartMigrationProvider}. */
export interface RampartMigrationProviderOptions {
  /** Lets files with operations that can lose data run. */
  allowDestructive?: boolean;
}

/**
 * Feeds Rampart's JSON migration files to Kysely's `Migrator`, so Kysely's migration
 * table and lock decide what runs and when (on PostgreSQL, the lock is what lets several
 * instances boot at once and apply each file once).
 *
 * @example
 * const migrator = new Migrator({ db, provider: new RampartMigrationProvider(files, sqliteSchemaDialect) });
 */
export class RampartMigrationProvider implements MigrationProvider {
  constructor(
    private readonly files: ReadonlyMap<string, MigrationFile>,
    private readonly dialect: SchemaDialect,
    private readonly options: RampartMigrationProviderOptions = {},
  ) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const [name, file] of this.files) {
      migrations[name] = {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        up: (db: Kysely<any>) => this.up(name, file, db),
      };
    }
    return migrations;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async up(name: string, file: MigrationFile, db: Kysely<any>): Promise<void> {
    // Checked again here, inside the migrator's lock: the caller's check ran before it.
    if (file.destructive && !this.options.allowDestructive) {
      throw destructiveError(`migration ${name}`, file.operations.filter(isDestructive));
    }
    // Defaults are stored in the form of the dialect the file was generated on; the
    // operations themselves are neutral, so one history serves both databases.
    await runOperations(db, this.dialect, portOperations(file.operations, file.dialect, this.dialect.name));
  }
}

import { join } from 'node:path';
import { appResources, internalTables } from '../../core/app-tables.js';
import { loadConfig } from '../../core/config.js';
import type { AppOptions } from '../../core/create-app.js';
import { openDatabase, type Database } from '../../db/database.js';
import { applyMigrations, generateMigration, migrationStatus } from '../../db/migrations/index.js';
import { loadAppModule } from '../load-app.js';

async function withDatabase<T>(appPath: string | undefined, work: (db: Database, app: AppOptions, dir: string) => Promise<T>): Promise<T> {
  const app = await loadAppModule(appPath);
  const dir = app.migrations?.dir;
  if (dir === false) throw new Error('this app keeps no migration files (migrations.dir is false)');
  const database = openDatabase(loadConfig(app.env ?? process.env).databaseUrl);
  try {
    return await work(database, app, dir ?? join(process.cwd(), 'migrations'));
  } finally {
    await database.close();
  }
}

/** `rampart migrate [app] [--allow-destructive]`: applies pending migration files. */
export async function migrate(appPath: string | undefined, allowDestructive: boolean): Promise<void> {
  await withDatabase(appPath, async (database, _app, dir) => {
    // Under the boot lock, like an instance's own boot: the two never interleave.
    const applied = await database.exclusively((db) => applyMigrations({ ...database, db }, dir, { allowDestructive }));
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'nothing to apply: the database is up to date');
  });
}

/** `rampart migrate:generate [app] [--name x]`: writes the difference as a new file. */
export async function generate(appPath: string | undefined, name: string | undefined): Promise<void> {
  await withDatabase(appPath, async (database, app, dir) => {
    // The tables the app's boot compares with, Rampart's own included: owners and
    // references point at `users`, and a file without them would not satisfy that boot.
    const file = await generateMigration(database, appResources(app), dir, { name, extraTables: internalTables(app.webhooks ?? [], app.users) });
    console.log(file ? `wrote ${file}; review it, then run rampart migrate` : 'no changes: the schema matches the resources');
  });
}

/** `rampart migrate:status [app]`: lists applied and pending migration files. */
export async function status(appPath: string | undefined): Promise<void> {
  await withDatabase(appPath, async (database, _app, dir) => {
    const { applied, pending } = await migrationStatus(database, dir);
    console.log(`applied (${applied.length}): ${applied.join(', ') || '-'}`);
    console.log(`pending (${pending.length}): ${pending.join(', ') || '-'}`);
  });
}

/*
 * Schema migrations derived from declared resources.
 *
 * | function            | used by                     | does                                            |
 * |---------------------|-----------------------------|-------------------------------------------------|
 * | prepareSchema       | app boot                    | applies files, then writes/applies or refuses   |
 * | applyMigrations     | `rampart migrate`           | applies pending files (destructive: opt-in)     |
 * | generateMigration   | `rampart migrate:generate`  | writes a file from the resources/database diff  |
 * | migrationStatus     | `rampart migrate:status`    | lists applied and pending files                 |
 * | diffDatabase        | tools, tests                | resources vs live database, as operations       |
 * | buildDesiredSchema, diffSchemas | tests, later features | the pure model and diff                   |
 */
export { prepareSchema, type PrepareSchemaOptions, type PrepareSchemaResult } from './prepare-schema.js';
export { applyMigrations, migrationStatus, type ApplyMigrationsOptions, type MigrationStatus } from './apply-migrations.js';
export { generateMigration, type GenerateMigrationOptions } from './generate-migration.js';
export { diffDatabase, type DiffDatabaseOptions } from './database-diff.js';
export { buildDesiredSchema, type DesiredSchemaOptions } from './desired-schema.js';
export { diffSchemas, type SchemaDiff } from './schema-diff.js';
export { describeOperation, isDestructive, type SchemaOperation } from './operations.js';
export { parseMigrationFile, readMigrationFiles, type MigrationFile } from './migration-file.js';
export { schemaDialectFor, type SchemaDialect } from './schema-dialect.js';
export { postgresColumnType } from './postgres-types.js';
export { sqliteColumnType } from './sqlite-types.js';
export type {
  ColumnModel,
  CurrentSchema,
  IndexModel,
  OnDelete,
  ReferenceModel,
  SchemaModel,
  SearchModel,
  TableModel,
} from './schema-model.js';

import { StartupError } from '../../errors/app-error.js';
import { listOperations, type SchemaOperation } from './operations.js';

/*
 * The startup errors of migrations. Each message lists what would change and says
 * which command to run, because the reader is a developer at a terminal.
 */

/** A change that can lose data was about to run without `allowDestructive`. */
export function destructiveError(subject: string, ops: readonly SchemaOperation[]): StartupError {
  return new StartupError(
    'RAMPART_MIGRATION_DESTRUCTIVE',
    `${subject} can lose data:\n${listOperations(ops)}\n` +
      'Review it, back up the database, then run `rampart migrate --allow-destructive`. ' +
      'If the change was not intended, revert the resource change and delete the migration file.',
  );
}

/** The resources differ from the database where the schema must not change by itself. */
export function pendingError(ops: readonly SchemaOperation[]): StartupError {
  return new StartupError(
    'RAMPART_MIGRATION_PENDING',
    `the database schema is behind the declared resources:\n${listOperations(ops)}\n` +
      'Run `rampart migrate:generate` where you develop, commit the migration file, ' +
      'then run `rampart migrate` against this database.',
  );
}

/** Migration files exist that were not applied. */
export function unappliedError(names: readonly string[], advice: string): StartupError {
  return new StartupError(
    'RAMPART_MIGRATION_PENDING',
    `${names.length} migration file(s) are not applied yet: ${names.join(', ')}; ${advice}`,
  );
}

/** The resources cannot be migrated as declared. */
export function problemsError(problems: readonly string[]): StartupError {
  return new StartupError('RAMPART_DEFINITION_INVALID', problems.map((p) => `\n  - ${p}`).join(''));
}

/** A migration failed in the database; its transaction was rolled back. */
export function failedError(subject: string, error: unknown): StartupError {
  if (error instanceof StartupError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const wrapped = new StartupError(
    'RAMPART_MIGRATION_PENDING',
    `${subject} failed and was rolled back, so the schema is unchanged: ${reason}`,
  );
  wrapped.cause = error;
  return wrapped;
}

import { AppError } from '../errors/app-error.js';
import type { AnyResource } from './resource.js';

/**
 * Maps a constraint violation from the database to a 409 naming the field, so a client
 * learns what to change; anything else is rethrown untouched (and becomes a 500).
 * SQLite reports `UNIQUE constraint failed: <table>.<column>`; PostgreSQL's 23505 names
 * the index, which Rampart calls `<table>_<column>_unique`.
 */
export function mapConstraintError(error: unknown, resource: AnyResource): never {
  const e = error as { code?: string; message?: string; constraint?: string };
  const message = e.message ?? '';
  const unique =
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505') &&
    (/UNIQUE constraint failed: [\w"]+\.(\w+)/.exec(message)?.[1] ??
      e.constraint?.replace(`${resource.table}_`, '').replace(/_unique$/, ''));
  if (unique) {
    const f = [...resource.fields.values()].find((x) => x.column === unique);
    const name = f?.name ?? unique;
    throw new AppError('RAMPART_UNIQUE_VIOLATION', `Another ${resource.name} record already has this ${name}.`, {
      errors: [{ path: `body.${name}`, message: 'already taken' }],
    });
  }
  // SQLite reports a RESTRICT refusal as SQLITE_CONSTRAINT_TRIGGER, with the same message.
  if (e.code === '23503' || (e.code?.startsWith('SQLITE_CONSTRAINT') && /FOREIGN KEY constraint failed/.test(message))) {
    throw new AppError(
      'RAMPART_REFERENCE_VIOLATION',
      'The change breaks a reference: a referenced record does not exist, or other records still point to this one.',
    );
  }
  throw error;
}

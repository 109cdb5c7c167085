import { isForeignKeyViolation, uniqueViolationColumn } from '../db/constraint-errors.js';
import { AppError } from '../errors/app-error.js';
import type { AnyResource } from './resource.js';

/**
 * Maps a constraint violation from the database to a 409 naming the field, so a client
 * learns what to change; anything else is rethrown untouched (and becomes a 500).
 */
export function mapConstraintError(error: unknown, resource: AnyResource): never {
  const column = uniqueViolationColumn(error, resource.table);
  if (column) {
    const name = [...resource.fields.values()].find((f) => f.column === column)?.name ?? column;
    throw new AppError('RAMPART_UNIQUE_VIOLATION', `Another ${resource.name} record already has this ${name}.`, {
      errors: [{ path: `body.${name}`, message: 'already taken' }],
    });
  }
  if (isForeignKeyViolation(error)) {
    throw new AppError(
      'RAMPART_REFERENCE_VIOLATION',
      'The change breaks a reference: a referenced record does not exist, or other records still point to this one.',
    );
  }
  throw error;
}

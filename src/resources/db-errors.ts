import { isForeignKeyViolation, uniqueViolation } from '../db/constraint-errors.js';
import { uniqueIndexName } from '../db/migrations/unique-index-name.js';
import { AppError } from '../errors/app-error.js';
import type { AnyResource, ResolvedField } from './resource.js';

/** The fields of the unique index or column set the violation names. */
function violatedFields(found: { columns: string[] } | { index: string }, resource: AnyResource): readonly ResolvedField[] | undefined {
  const groups = resource.uniqueGroups;
  if ('index' in found) {
    return groups.find((g) => {
      const columns = g.map((f) => f.column);
      // Single-column indexes keep their historical names, composite ones may be shortened.
      return found.index === (g.length === 1 ? `${resource.table}_${columns[0]}_unique` : uniqueIndexName(resource.table, columns));
    });
  }
  const columns = [...found.columns].sort().join();
  const byColumns = groups.find((g) => g.map((f) => f.column).sort().join() === columns);
  if (byColumns) return byColumns;
  const fields = found.columns.map((c) => [...resource.fields.values()].find((f) => f.column === c));
  return fields.every((f) => f !== undefined) ? fields : undefined;
}

/**
 * Maps a constraint violation from the database to a 409 naming the field (every field
 * of a unique combination), so a client
 * learns what to change; anything else is rethrown untouched (and becomes a 500).
 */
export function mapConstraintError(error: unknown, resource: AnyResource): never {
  const found = uniqueViolation(error, resource.table);
  if (found) {
    const names = violatedFields(found, resource)?.map((f) => f.name) ?? ['value'];
    const what = names.length === 1 ? `this ${names[0]}` : `this combination of ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    throw new AppError('RAMPART_UNIQUE_VIOLATION', `Another ${resource.name} record already has ${what}.`, {
      errors: names.map((name) => ({ path: `body.${name}`, message: names.length === 1 ? 'already taken' : `already taken together with ${names.filter((n) => n !== name).join(', ')}` })),
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

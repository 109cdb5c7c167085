import type { AccessRule } from '../policies/rule.js';
import type { AccessSubject, SubjectLookup } from '../policies/subjects.js';
import type { ResourceService } from './service.js';
import { AppError } from '../errors/app-error.js';
import { relationsOf } from './relations/resolve-relations.js';

/**
 * The app's resources as access rules see them (policies/ knows no resource type): by
 * name, memoized. `load` reads a record with no rule applied; the rule deciding on it
 * does the judging.
 *
 * @example
 * fastify.decorate('rampartSubjects', accessSubjects(servicesByName));
 */
export function accessSubjects(services: ReadonlyMap<string, ResourceService>): SubjectLookup {
  const made = new Map<string, AccessSubject>();
  return (name) => {
    const known = made.get(name);
    if (known) return known;
    const service = services.get(name);
    if (!service) return undefined;
    const r = service.resource;
    const usersOf = (relation: string, field: string | undefined) => {
      const lookup = (other: string) => services.get(other)?.resource;
      const found = relationsOf(r, lookup).relations.get(relation);
      if (!found) return undefined;
      const userField = field ?? (found.far ? found.far.field.name : found.rows.owner?.field);
      const column = userField === undefined ? undefined : found.rows.field(userField);
      if (!column || column.field.spec.reference?.resource !== 'users') return undefined;
      return { table: found.rows.table, fk: found.fk.column, user: column.column };
    };
    const subject: AccessSubject = {
      name,
      table: r.table,
      owner: r.owner,
      column: (field) => r.field(field)?.column,
      referenceOf: (field) => r.field(field)?.field.spec.reference?.resource,
      relationToUsers: (relation, field) => usersOf(relation, field),
      relationHasUser: async (relation, field, id, userId, db) => {
        const rows = usersOf(relation, field);
        if (!rows) return false;
        const found = await (db ?? service.database.db).selectFrom(rows.table).select(rows.fk).where(rows.fk, '=', id).where(rows.user, '=', userId).executeTakeFirst();
        return found !== undefined;
      },
      rule: (operation) => r.definition.access[operation as keyof typeof r.definition.access] as AccessRule | undefined,
      // Missing is undefined; anything else (the database down) is not a verdict: it throws.
      load: async (id, db) =>
        service.get(id, () => true, db).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'RAMPART_NOT_FOUND') return undefined;
          throw error;
        }),
    };
    made.set(name, subject);
    return subject;
  };
}

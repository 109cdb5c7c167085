import type { Kysely } from 'kysely';
import type { AccessRule } from './rule.js';

/**
 * What a rule that follows references needs to know of a resource, without depending on
 * the resource layer: its table and columns, where its references point, its rules, and
 * how to load one of its records by id. `createApp` provides them.
 */
export interface AccessSubject {
  name: string;
  table: string;
  owner?: { field: string; column: string };
  /** The column of a field, or undefined when the resource has no such field. */
  column(field: string): string | undefined;
  /** The resource a reference field points at (`users` for an owner), or undefined. */
  referenceOf(field: string): string | undefined;
  /** The resource's rule for an operation. */
  rule(operation: string): AccessRule | undefined;
  /**
   * Where a declared relation's rows live and which of their columns holds a user: the
   * rows' table, their reference to this resource, and the user column (`field`, or by
   * default a through relation's far side or the rows' owner). Undefined when the
   * relation or a user column is missing.
   */
  relationToUsers(relation: string, field?: string): { table: string; fk: string; user: string } | undefined;
  /** Whether the relation's rows link record `id` to user `userId`; on `db` when given (a rule's `ctx.db`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  relationHasUser(relation: string, field: string | undefined, id: string, userId: string, db?: Kysely<any>): Promise<boolean>;
  /** One stored record, as rules see records, or undefined; on `db` (the rule's `ctx.db`) when given. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  load(id: string, db?: Kysely<any>): Promise<Record<string, unknown> | undefined>;
}

/** Finds the subject of a resource by name. */
export type SubjectLookup = (name: string) => AccessSubject | undefined;

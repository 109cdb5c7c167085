import type { FastifyRequest } from 'fastify';
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { SubjectLookup } from './subjects.js';

/** The caller as authentication established it, or null for an anonymous request. */
export interface Principal {
  id: string;
  role: string;
  /** The role's permissions from the app's role table (`*` grants all). */
  permissions: ReadonlySet<string>;
}

/** What an access rule sees. `record` is set for read, update and delete of one record. */
export interface AccessContext {
  request: FastifyRequest;
  user: Principal | null;
  /** `list`, `read`, `create`, `update`, `delete`, or a custom route's `METHOD /path`. */
  operation: string;
  resource?: string;
  /** The resource's owner field, when it declares one. */
  owner?: { field: string; column: string };
  record?: Record<string, unknown>;
  /** The app's resources as rules that follow references see them (`allow.via`, `allow.where`). */
  subjects?: SubjectLookup;
  /**
   * With `record`: the database, inside the write's transaction when one is open (read
   * only, by convention: a rule decides, it does not write). A custom rule that reads
   * other tables must use it; the root database would wait on SQLite's one writer.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db?: Kysely<any>;
}

/**
 * A custom rule: return true to allow; throwing denies. It runs before the input is
 * read (without `ctx.record`) and, for read, update and delete, again with the stored
 * record. On lists it decides for the whole list: row-level lists need a rule with a
 * `filter`, such as `allow.owner`.
 */
export type RuleFunction = (ctx: AccessContext) => boolean | Promise<boolean>;

/** A row condition a rule adds to list queries; see {@link AccessRule.filter}. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RowFilter = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/**
 * A named access rule. `check` decides for the operation before any input is read;
 * a denial answers 401 to an anonymous caller and 403 to a signed-in one.
 * `checkRecord`, when present, then decides per stored record; a denial there answers
 * 404, exactly like a missing record, so existence is never revealed. `filter` is the
 * same record-level decision as a SQL condition, so list routes return only readable
 * rows and pagination stays correct; a rule with `checkRecord` must have it.
 */
export interface AccessRule {
  readonly name: string;
  check(ctx: AccessContext): boolean | Promise<boolean>;
  checkRecord?(ctx: AccessContext & { record: Record<string, unknown> }): boolean | Promise<boolean>;
  /**
   * The record-level part for a record about to be created, `record` being the checked
   * input: `allow.via('project', allow.owner)` decides on the project the body names.
   */
  checkInput?(ctx: AccessContext & { record: Record<string, unknown> }): boolean | Promise<boolean>;
  /** The row condition for the caller, or null when the caller may see every row. */
  filter?(ctx: AccessContext): RowFilter | null;
  /** Set when the rule compares records' owner field, so startup can check one exists. */
  readonly usesOwner?: boolean;
}

/** What an operation's `access` accepts: a rule from `allow`, or a custom function. */
export type Access = AccessRule | RuleFunction;

export { allow } from './allow.js';

/** Normalizes an {@link Access} value to a rule. */
export function toRule(access: Access): AccessRule {
  // A function decides twice: for the operation (no `ctx.record`) and, on read, update
  // and delete, again for the stored record, so `(ctx) => ctx.record?.authorId ===
  // ctx.user?.id` guards records and cannot open them by accident.
  return typeof access === 'function' ? { name: access.name || 'custom', check: access, checkRecord: access } : access;
}

/**
 * Evaluates a rule: its operation-level part without `ctx.record`, its record-level
 * part with it. An exception inside a rule denies: a broken rule must never open a
 * route. The error is logged for the developer. A rule that decides synchronously (every
 * `allow` rule but compositions of async ones) gets its answer synchronously: the
 * guard of every route and the check of every record then cost no promise.
 *
 * @example
 * const allowed = decide(allow.owner, { ...ctx, record }); // true, false, or a promise of either
 */
export function decide(rule: AccessRule, ctx: AccessContext): boolean | Promise<boolean> {
  const refuse = (error: unknown) => {
    ctx.request.log.error({ err: error, rule: rule.name }, 'access rule threw; denying');
    return false;
  };
  let result: boolean | Promise<boolean>;
  try {
    // With a record, only the record-level part is left to decide: the operation-level
    // part ran before the record was loaded.
    if (ctx.record) result = rule.checkRecord ? rule.checkRecord(ctx as AccessContext & { record: Record<string, unknown> }) : true;
    else result = rule.check(ctx);
  } catch (error) {
    return refuse(error);
  }
  if (typeof (result as Promise<boolean> | undefined)?.then === 'function') {
    return Promise.resolve(result).then((value) => value === true, refuse);
  }
  return result === true;
}

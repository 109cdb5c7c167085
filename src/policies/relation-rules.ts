import { markCallerOnly } from './caller-only.js';
import { decide, toRule, type Access, type AccessContext, type AccessRule, type RowFilter } from './rule.js';
import type { AccessSubject } from './subjects.js';

/** Stands for the caller in {@link where}. */
export const me: unique symbol = Symbol('me');

function subjectOf(ctx: AccessContext, what: string): AccessSubject {
  const subject = ctx.resource === undefined ? undefined : ctx.subjects?.(ctx.resource);
  if (!subject) throw new Error(`${what} is used where "${ctx.resource ?? ctx.operation}" is not a resource`);
  return subject;
}

function columnOf(subject: AccessSubject, field: string, what: string): string {
  const column = subject.column(field);
  if (column === undefined) throw new Error(`${what}: ${subject.name} has no field "${field}"`);
  return column;
}

/**
 * The record's `field` holds the caller's user id, like `allow.owner` for any reference
 * to users: `allow.where('assignee', allow.me)` lets assignees read their tasks. On lists,
 * only those rows.
 */
export function where(field: string, value: symbol): AccessRule {
  if (value !== me) throw new TypeError('allow.where compares a field with allow.me');
  const what = `allow.where('${field}', allow.me)`;
  return markCallerOnly({
    name: `where(${field} = me)`,
    check: (ctx) => ctx.user !== null,
    checkRecord: (ctx) => ctx.user !== null && ctx.record[field] === ctx.user.id,
    filter: (ctx) => {
      const subject = subjectOf(ctx, what);
      const column = `${subject.table}.${columnOf(subject, field, what)}`;
      const id = ctx.user?.id;
      return id === undefined ? (eb) => eb.lit(false) : (eb) => eb(column, '=', id);
    },
  });
}

/**
 * A rule decided on the record a reference points at: `allow.via('project', allow.owner)`
 * (the project's owner may act on its tasks) or `allow.via('article', 'read')` (whoever
 * may read the article, under its own read rule). On lists it is a semi-join into the
 * referenced table under that rule's row condition; on one record it loads the
 * referenced record and decides on it. Never cached: the answer depends on another
 * table's rows.
 */
export function via(field: string, target: Access | 'read' | 'update' | 'delete'): AccessRule {
  const what = `allow.via('${field}', ${typeof target === 'string' ? `'${target}'` : (toRule(target).name ?? 'rule')})`;
  const resolve = (ctx: AccessContext) => {
    const subject = subjectOf(ctx, what);
    const targetName = subject.referenceOf(field);
    const referenced = targetName === undefined ? undefined : ctx.subjects?.(targetName);
    if (!referenced) throw new Error(`${what}: ${subject.name}.${field} is not a reference to a declared resource`);
    const operation = typeof target === 'string' ? target : ctx.operation;
    const rule = typeof target === 'string' ? referenced.rule(target) : toRule(target);
    if (!rule) throw new Error(`${what}: ${referenced.name} has no ${target as string} rule`);
    const targetCtx: AccessContext = { ...ctx, operation, resource: referenced.name, owner: referenced.owner, record: undefined };
    return { subject, referenced, rule, targetCtx };
  };
  const onReferenced = async (ctx: AccessContext & { record: Record<string, unknown> }) => {
    const { referenced, rule, targetCtx } = resolve(ctx);
    const id = ctx.record[field];
    const record = typeof id === 'string' ? await referenced.load(id, ctx.db) : undefined;
    return record !== undefined && (await decide(rule, targetCtx)) && (await decide(rule, { ...targetCtx, record }));
  };
  return {
    name: `via(${field}, ${typeof target === 'string' ? target : toRule(target).name})`,
    usesOwner: false,
    check: (ctx) => {
      const { rule, targetCtx } = resolve(ctx);
      return decide(rule, targetCtx);
    },
    checkRecord: (ctx) => onReferenced(ctx),
    // A create decides on the record its body points at, as a stored record would.
    checkInput: (ctx) => onReferenced(ctx),
    filter: (ctx) => {
      const { subject, referenced, rule, targetCtx } = resolve(ctx);
      const column = `${subject.table}.${columnOf(subject, field, what)}`;
      // A list filter is decided synchronously; a rule that cannot be a row condition (a
      // function) admits no rows rather than every row.
      if (decide(rule, targetCtx) !== true) return (eb) => eb.lit(false);
      if (rule.checkRecord && !rule.filter) return (eb) => eb.lit(false);
      const inner: RowFilter | null = rule.filter?.(targetCtx) ?? null;
      return (eb) => {
        let ids = eb.selectFrom(referenced.table).select(`${referenced.table}.id`);
        if (inner) ids = ids.where(inner);
        return eb(column, 'in', ids);
      };
    },
  };
}

/**
 * The caller is among the users a declared relation of the record reaches:
 * `allow.related('members')` with `members: through('memberships', { via: 'project', to:
 * 'user' })` lets a project's members read it. `field` names the rows' user reference
 * when the default (a through relation's far side, else the rows' owner) is not it. On
 * lists a semi-join into the relation's rows; on one record one query. Never cached.
 */
export function related(relation: string, field?: string): AccessRule {
  const what = `allow.related('${relation}'${field ? `, '${field}'` : ''})`;
  const resolve = (ctx: AccessContext) => {
    const subject = subjectOf(ctx, what);
    const rows = subject.relationToUsers(relation, field);
    if (!rows) throw new Error(`${what}: ${subject.name} has no relation "${relation}" whose rows name a user${field ? ` in "${field}"` : ''}`);
    return { subject, rows };
  };
  return {
    name: `related(${relation})`,
    usesOwner: false,
    check: (ctx) => ctx.user !== null,
    checkRecord: async (ctx) => {
      const { subject } = resolve(ctx);
      if (ctx.user === null || typeof ctx.record.id !== 'string') return false;
      return subject.relationHasUser(relation, field, ctx.record.id, ctx.user.id, ctx.db);
    },
    filter: (ctx) => {
      const { subject, rows } = resolve(ctx);
      const id = ctx.user?.id;
      if (id === undefined) return (eb) => eb.lit(false);
      return (eb) => eb(`${subject.table}.id`, 'in', eb.selectFrom(rows.table).select(`${rows.table}.${rows.fk}`).where(`${rows.table}.${rows.user}`, '=', id));
    },
  };
}

import type { FastifyRequest } from 'fastify';
import { allow } from '../policies/allow.js';
import { decidesByCallerOnly } from '../policies/caller-only.js';
import { toRule, type Access, type AccessContext, type AccessRule, type Principal } from '../policies/rule.js';
import type { RecordData } from '../resources/records.js';
import type { AnyResource, Operation } from '../resources/resource.js';

/**
 * What the declarations say one caller gets: decided here from the rule itself, for the
 * rules that decide from who asks and the record alone (public, authenticated, owner,
 * role, permission, nobody, and any/all of those). Other rules (where, via, related,
 * gate, custom functions) read other tables or the request: `undefined`, and the cell
 * is only checked for consistency.
 */
export interface Expected {
  allowed: boolean;
  /** The statuses a denial may answer with (one, or 404/405 for an operation without a route). */
  denial?: readonly number[];
  /** Lists: whether the arranged record is among the rows. */
  rowShown?: boolean;
}

/** The rule of an operation, as the app normalizes it. */
export function ruleOf(resource: AnyResource, operation: Operation): AccessRule | undefined {
  const access = resource.definition.access[operation] as Access | undefined;
  return access === undefined ? undefined : toRule(access);
}

/** True when {@link expectFor} can decide the operation for every caller from the declarations. */
export function decidedStatically(resource: AnyResource, operation: Operation, lookup: (name: string) => AnyResource | undefined): boolean {
  const access = resource.definition.access[operation] as Access | undefined;
  if (access === allow.nobody) return true;
  if (!decidesByCallerOnly(access)) return false;
  if (operation === 'create' && toRule(access as Access).checkInput) return false;
  const parent = parentOf(resource, lookup);
  return parent === undefined || decidesByCallerOnly(parent.definition.access.read);
}

function parentOf(resource: AnyResource, lookup: (name: string) => AnyResource | undefined): AnyResource | undefined {
  return resource.parent ? lookup(resource.parent.field.spec.reference?.resource ?? '') : undefined;
}

// Rules decided here never reach the request: they see the caller and the record.
const request = { log: { error: () => undefined, warn: () => undefined }, headers: {} } as unknown as FastifyRequest;

function decides(rule: AccessRule, resource: AnyResource, operation: Operation, user: Principal | null, record?: RecordData): boolean {
  const ctx: AccessContext = { request, user, operation, resource: resource.name, ...(resource.owner ? { owner: resource.owner } : {}) };
  try {
    if (rule.check(ctx) !== true) return false;
    if (!record || !rule.checkRecord) return true;
    return rule.checkRecord({ ...ctx, record }) === true;
  } catch {
    return false;
  }
}

/**
 * The expected outcome of `operation` on `record` (the record a list should show, the
 * one read, updated or deleted) for `user`, or undefined when the rule is not decided
 * statically. `parent` is the nested record's parent, when the resource is nested.
 *
 * @example
 * expectFor(positions, 'read', lookup, otherUser, ownersPosition); // { allowed: false, denial: [404] }
 */
export function expectFor(
  resource: AnyResource,
  operation: Operation,
  lookup: (name: string) => AnyResource | undefined,
  user: Principal | null,
  record: RecordData | undefined,
  parent?: RecordData,
): Expected | undefined {
  const access = resource.definition.access[operation] as Access | undefined;
  if (access === allow.nobody) return { allowed: false, denial: [404, 405] };
  if (!decidedStatically(resource, operation, lookup)) return undefined;
  const rule = toRule(access as Access);
  if (!decides(rule, resource, operation, user)) return { allowed: false, denial: [user ? 403 : 401] };
  const parentResource = parentOf(resource, lookup);
  if (parentResource && parent) {
    const read = toRule(parentResource.definition.access.read as Access);
    if (!decides(read, parentResource, 'read', user, parent)) return { allowed: false, denial: [404] };
  }
  // A record with an owner field needs someone to own it: anonymous creates answer 401 whatever the rule.
  if (operation === 'create') return resource.owner && !user ? { allowed: false, denial: [401] } : { allowed: true };
  const recordAllowed = decides(rule, resource, operation, user, record);
  if (operation === 'list') return { allowed: true, rowShown: recordAllowed };
  return recordAllowed ? { allowed: true } : { allowed: false, denial: [404] };
}

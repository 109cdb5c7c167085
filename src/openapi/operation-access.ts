import { StartupError } from '../errors/app-error.js';
import { allow, toRule, type Access } from '../policies/rule.js';
import type { OperationObject } from './openapi-objects.js';
import { problemRef } from './problem-schema.js';

/** What the access rule of an operation adds to it. */
export type AccessPart = Pick<OperationObject, 'x-rampart-access' | 'responses' | 'security'>;

/** The name of the access-token scheme in `components.securitySchemes`. */
export const bearerScheme = 'bearerAuth';

/** `components.securitySchemes`: the short-lived JWT a session carries. */
export const securitySchemes = {
  [bearerScheme]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "The access token of a session: from the auth routes' login, register or refresh, or from the app's own routes that start one.",
  },
};

/**
 * Describes who may call an operation: the rule's name as `x-rampart-access`, and the
 * refusals it can cause, and the `security` requirement (the bearer access token;
 * optional on public operations).
 *
 * A missing rule is refused here too: the docs must never show an operation as if it
 * were guarded when the app would not start.
 *
 * @example
 * const part = accessPart(allow.public, 'markets.list');
 * // { 'x-rampart-access': 'public', responses: { 401 }, security: [{}, { bearerAuth: [] }] }
 */
export function accessPart(access: Access | undefined, where: string): AccessPart {
  if (access === undefined) {
    throw new StartupError('RAMPART_ACCESS_RULE_MISSING', `${where} has no access rule`);
  }
  const rule = toRule(access);
  // Denied callers get 401 when anonymous and 403 when signed in; a public rule denies
  // no one, though a token it is sent must still be valid (401 otherwise).
  if (rule === allow.public) {
    return { 'x-rampart-access': rule.name, responses: { '401': problemRef(401) }, security: [{}, { [bearerScheme]: [] }] };
  }
  return {
    'x-rampart-access': rule.name,
    responses: { '401': problemRef(401), '403': problemRef(403) },
    security: [{ [bearerScheme]: [] }],
  };
}

/**
 * False for operations no client can ever call (`allow.nobody`: server-side only).
 * They stay out of the document, which describes what clients can do.
 *
 * @example
 * clientCallable(allow.nobody); // false
 */
export function clientCallable(access: Access | undefined): boolean {
  return access === undefined || toRule(access) !== allow.nobody;
}

import type { FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { isAllowed, type AccessRule, type Principal } from './rule.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null. Set by authentication, read by access rules. */
    user: Principal | null;
  }
}

/** The answer to a denied operation: 401 for anonymous callers, 403 for signed-in ones. */
export function denied(request: FastifyRequest): AppError {
  return request.user
    ? new AppError('RAMPART_FORBIDDEN', 'You are not allowed to do this.')
    : new AppError('RAMPART_UNAUTHENTICATED', 'Sign in to do this.', {
        headers: { 'www-authenticate': 'Bearer' },
      });
}

/**
 * A `preValidation` hook enforcing a rule's operation-level part. It runs after
 * authentication and before validation, so an unauthorized caller learns nothing about
 * the expected input.
 */
export function operationGuard(rule: AccessRule, operation: string, resource?: string): preValidationAsyncHookHandler {
  return async (request) => {
    if (!(await isAllowed(rule, { request, user: request.user, operation, resource }))) throw denied(request);
  };
}

/** The record-level part of a rule, as the resource service calls it per stored record. */
export function recordCheck(rule: AccessRule, operation: string, resource: { name: string }, request: FastifyRequest) {
  return (record: Record<string, unknown>): Promise<boolean> =>
    isAllowed(rule, { request, user: request.user, operation, resource: resource.name, record });
}

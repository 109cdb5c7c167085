import type { AuditCheckId, AuditLevel } from './checks.js';

/** Where a finding is: a route, a resource (or one of its fields), or the configuration. */
export interface FindingLocation {
  /** `GET /api/v1/markets`. */
  route?: string;
  resource?: string;
  /** An environment variable or app option, e.g. `TRUST_PROXY`. */
  config?: string;
}

/** One problem `rampart audit` found. */
export interface AuditFinding {
  id: AuditCheckId;
  level: AuditLevel;
  where: FindingLocation;
  /** What is wrong, here. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** The reason of the waiver that excuses it, when one does. */
  waived?: string;
}

/**
 * A location in words: the route, else the resource, else the configuration variable.
 *
 * @example
 * locationText({ route: 'GET /api/v1/markets', resource: 'markets' }); // 'GET /api/v1/markets'
 * locationText({ config: 'TRUST_PROXY' }); // 'config TRUST_PROXY'
 */
export function locationText(where: FindingLocation): string {
  return where.route ?? (where.resource ? `resource ${where.resource}` : where.config ? `config ${where.config}` : 'app');
}

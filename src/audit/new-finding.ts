import { auditChecks, type AuditCheckId } from './checks.js';
import type { AuditFinding, FindingLocation } from './finding.js';

/**
 * A finding of check `id` at `where`, with the check's level and fix unless told otherwise.
 *
 * @example
 * newFinding('RA015', { config: 'TRUST_PROXY' }, 'TRUST_PROXY=true: ...');
 */
export function newFinding(id: AuditCheckId, where: FindingLocation, message: string, fix?: string): AuditFinding {
  const check = auditChecks[id];
  return { id, level: check.level, where, message, fix: fix ?? check.fix };
}

export { auditChecks, auditLevels, isAuditCheckId, type AuditCheck, type AuditCheckId, type AuditLevel } from './checks.js';
export type { AuditDeclaration } from './audit-declaration.js';
export type { AuditFinding, FindingLocation } from './finding.js';
export { audit, failingFindings, type AuditOptions, type AuditReport } from './run-audit.js';
export type { AuditEnvironment } from './config-checks.js';
export { formatMarkdown, formatText } from './format-text.js';
export { formatSarif } from './format-sarif.js';
export { sourceLocator, type SourcePosition } from './locate.js';

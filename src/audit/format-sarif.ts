import { auditChecks, type AuditCheckId, type AuditLevel } from './checks.js';
import { locationText } from './finding.js';
import type { SourcePosition } from './locate.js';
import type { AuditFinding, FindingLocation } from './finding.js';
import type { AuditReport } from './run-audit.js';

const sarifLevel: Record<AuditLevel, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The report as SARIF 2.1.0 (GitHub code scanning, other CI annotators): one run whose
 * driver lists every check as a rule, and one result per finding with its rule id,
 * level (info is SARIF's `note`), message and location: the declaring file and line
 * where it could be found, and the route, resource or variable as a logical location.
 * Waived findings carry an in-source suppression with the waiver's reason.
 *
 * @example
 * writeFileSync('audit.sarif', JSON.stringify(formatSarif(report, { version, locate })));
 */
export function formatSarif(report: AuditReport, options: { version: string; locate: (where: FindingLocation) => SourcePosition }): Record<string, unknown> {
  const ids = Object.keys(auditChecks) as AuditCheckId[];
  const rules = ids.map((id) => {
    const check = auditChecks[id];
    return {
      id,
      name: check.name,
      shortDescription: { text: check.summary },
      help: { text: check.fix, markdown: `${check.fix}\n\nSee docs/audit.md#${id.toLowerCase()}.` },
      defaultConfiguration: { level: sarifLevel[check.level] },
    };
  });
  const result = (f: AuditFinding) => {
    const position = options.locate(f.where);
    return {
      ruleId: f.id,
      ruleIndex: ids.indexOf(f.id),
      level: sarifLevel[f.level],
      message: { text: `${f.message}. Fix: ${f.fix}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: position.uri }, region: { startLine: position.line } },
          logicalLocations: [{ name: locationText(f.where), kind: f.where.route ? 'function' : f.where.resource ? 'type' : 'variable' }],
        },
      ],
      ...(f.waived ? { suppressions: [{ kind: 'inSource', justification: f.waived }] } : {}),
    };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'rampart audit', version: options.version, rules } },
        results: report.findings.map(result),
      },
    ],
  };
}

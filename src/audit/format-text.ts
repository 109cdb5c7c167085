import { auditChecks } from './checks.js';
import { locationText, type AuditFinding } from './finding.js';
import type { AuditReport } from './run-audit.js';

function summary(report: AuditReport, failing: readonly AuditFinding[]): string {
  const open = report.findings.filter((f) => !f.waived);
  const count = (level: string) => open.filter((f) => f.level === level).length;
  const waived = report.findings.length - open.length;
  return `${report.routes} routes audited (configuration as NODE_ENV=${report.nodeEnv}): ${count('error')} errors, ${count('warning')} warnings, ${count('info')} info${waived > 0 ? `, ${waived} waived` : ''}; ${failing.length === 0 ? 'passed' : `failed (${failing.length} at or above the fail level)`}`;
}

/**
 * The report for a terminal: each finding with its id, level, where, what is wrong and
 * how to fix it; waived ones after, with their reasons; then the totals.
 *
 * @example
 * console.log(formatText(report, failingFindings(report, 'error')));
 */
export function formatText(report: AuditReport, failing: readonly AuditFinding[]): string {
  const lines: string[] = [];
  for (const f of report.findings.filter((x) => !x.waived)) {
    lines.push(`${f.id} ${f.level.padEnd(7)} ${locationText(f.where)} [${auditChecks[f.id].name}]`, `    ${f.message}`, `    fix: ${f.fix}`);
  }
  const waived = report.findings.filter((f) => f.waived);
  if (waived.length > 0) {
    lines.push('', 'Waived:');
    for (const f of waived) lines.push(`${f.id} ${locationText(f.where)}: ${f.message}`, `    reason: ${f.waived}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summary(report, failing));
  return lines.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The report as Markdown (a CI job summary or a pull-request comment): a table of the
 * open findings, one of the waived ones, and the totals.
 *
 * @example
 * writeFileSync(process.env.GITHUB_STEP_SUMMARY!, formatMarkdown(report, failing));
 */
export function formatMarkdown(report: AuditReport, failing: readonly AuditFinding[]): string {
  const open = report.findings.filter((f) => !f.waived);
  const waived = report.findings.filter((f) => f.waived);
  const out = ['# rampart audit', '', summary(report, failing), ''];
  if (open.length > 0) {
    out.push('| id | level | where | problem | fix |', '|---|---|---|---|---|');
    for (const f of open) out.push(`| ${f.id} | ${f.level} | ${cell(locationText(f.where))} | ${cell(f.message)} | ${cell(f.fix)} |`);
    out.push('');
  }
  if (waived.length > 0) {
    out.push('## Waived', '', '| id | where | problem | reason |', '|---|---|---|---|');
    for (const f of waived) out.push(`| ${f.id} | ${cell(locationText(f.where))} | ${cell(f.message)} | ${cell(f.waived!)} |`);
    out.push('');
  }
  return out.join('\n');
}

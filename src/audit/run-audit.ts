import type { AppOptions } from '../core/create-app.js';
import { inspectApp } from '../inspect/inspect-app.js';
import { auditLevels, type AuditLevel } from './checks.js';
import { configChecks, type AuditEnvironment } from './config-checks.js';
import { accessRuleChecks, schemaChecks } from './declaration-checks.js';
import type { AuditFinding } from './finding.js';
import { newFinding } from './new-finding.js';
import { routeChecks } from './route-checks.js';
import { applyWaivers, declaredWaivers } from './waivers.js';

/** Options of {@link audit}. */
export interface AuditOptions {
  /** The environment to evaluate (default `process.env`, which `rampart audit` fills from .env). */
  env?: Record<string, string | undefined>;
  /** The NODE_ENV the configuration is evaluated as (default `production`). */
  nodeEnv?: AuditEnvironment;
  /** App-wide waivers, as `--waive RA017="the API is public"` gives them. */
  waive?: Readonly<Record<string, string>>;
}

/** What {@link audit} found. */
export interface AuditReport {
  /** Every finding, waived ones included (with `waived` set), the most serious first. */
  findings: AuditFinding[];
  /** How many routes were audited. */
  routes: number;
  /** The NODE_ENV the configuration was evaluated as. */
  nodeEnv: AuditEnvironment;
}

/**
 * Audits an app against the production checklist: its served routes, its declarations
 * and its configuration. The app is built without serving it (in-memory database, no
 * Redis, no jobs); the configuration is evaluated as `nodeEnv` (production by default).
 *
 * @example
 * const report = await audit(app, { env: process.env });
 * const failing = failingFindings(report, 'error');
 * if (failing.length > 0) process.exitCode = 1;
 */
export async function audit(app: AppOptions, options: AuditOptions = {}): Promise<AuditReport> {
  const env = options.env ?? app.env ?? process.env;
  const nodeEnv = options.nodeEnv ?? 'production';
  const access = accessRuleChecks(app);
  const findings: AuditFinding[] = [...access.findings];
  const config = configChecks(app, env, nodeEnv);
  findings.push(...config.findings);
  let routes = 0;
  try {
    const inspection = await inspectApp(access.app, { env });
    routes = inspection.routes.length;
    findings.push(...routeChecks(inspection, inspection.config));
    findings.push(...schemaChecks(access.app));
  } catch (error) {
    findings.push(newFinding('RA000', {}, `the app does not start: ${(error as Error).message}`));
  }
  const all = applyWaivers(findings, declaredWaivers(app, options.waive));
  const rank = (f: AuditFinding) => auditLevels.indexOf(f.level) * 1000 + Number(f.id.slice(2));
  all.sort((a, b) => rank(a) - rank(b));
  return { findings: all, routes, nodeEnv };
}

/**
 * The unwaived findings at `level` or more serious: what fails a run with `--fail-level`.
 *
 * @example
 * failingFindings(report, 'warning').length; // errors and warnings not waived
 */
export function failingFindings(report: AuditReport, level: AuditLevel = 'error'): AuditFinding[] {
  const limit = auditLevels.indexOf(level);
  return report.findings.filter((f) => !f.waived && auditLevels.indexOf(f.level) <= limit);
}

import type { AppOptions } from '../core/create-app.js';
import { appResources } from '../core/app-tables.js';
import { mountRoutes, apiPaths } from '../wire/paths.js';
import { auditChecks, isAuditCheckId } from './checks.js';
import type { AuditFinding, FindingLocation } from './finding.js';
import { locationText } from './finding.js';
import { newFinding } from './new-finding.js';

/** A waiver as declared: where it applies, the check, and the reason. */
export interface Waiver {
  scope: { resource: string } | { route: string } | 'app';
  id: string;
  reason: unknown;
  /** A malformed `audit` declaration, reported as RA019 instead of applied. */
  problem?: string;
}

/** The waivers of one `audit` declaration; a misspelled option or a `waive` that is not an object is a problem, not ignored. */
function waiversOf(scope: Waiver['scope'], declaration: unknown): Waiver[] {
  if (declaration === undefined) return [];
  const problem = (text: string): Waiver[] => [{ scope, id: '', reason: '', problem: text }];
  if (typeof declaration !== 'object' || declaration === null) return problem('audit must be { waive: { <check id>: <reason> } }');
  const unknown = Object.keys(declaration).filter((key) => key !== 'waive');
  if (unknown.length > 0) return problem(`audit.${unknown.join(', audit.')} is not an audit option; the option is waive`);
  const waive = (declaration as { waive?: unknown }).waive;
  if (waive === undefined) return [];
  if (typeof waive !== 'object' || waive === null || Array.isArray(waive)) return problem('audit.waive must be an object of check id → reason, e.g. { RA010: "a few hundred rows at most" }');
  return Object.entries(waive).map(([id, reason]) => ({ scope, id, reason }));
}

const scopeText = (scope: Waiver['scope']) => (scope === 'app' ? '--waive' : 'resource' in scope ? `resource ${scope.resource}` : `route ${scope.route}`);
const scopeWhere = (scope: Waiver['scope']): FindingLocation => (scope === 'app' ? { config: '--waive' } : scope);

/**
 * Every waiver the app declares (`audit: { waive }` on resources and routes) and those
 * given on the command line, which apply app-wide.
 *
 * @example
 * declaredWaivers(app, { RA017: 'the API is public' });
 */
export function declaredWaivers(app: AppOptions, cli: Readonly<Record<string, string>> = {}): Waiver[] {
  const waivers: Waiver[] = [];
  for (const resource of appResources(app)) {
    waivers.push(...waiversOf({ resource: resource.name }, resource.definition.audit));
  }
  let routes = app.routes ?? [];
  try {
    const resources = appResources(app);
    routes = mountRoutes(apiPaths(app.api), routes, (name) => resources.find((r) => r.name === name));
  } catch {
    // a malformed api option: RA000 reports it, and routes keep their declared paths
  }
  for (const route of routes) {
    waivers.push(...waiversOf({ route: `${route.method} ${route.path}` }, route.audit));
  }
  for (const [id, reason] of Object.entries(cli)) waivers.push({ scope: 'app', id, reason });
  return waivers;
}

function covers(scope: Waiver['scope'], where: FindingLocation): boolean {
  if (scope === 'app') return true;
  if ('resource' in scope) return where.resource === scope.resource;
  return where.route === scope.route;
}

/**
 * Marks the findings each valid waiver excuses (`waived` holds its reason), and adds
 * RA019 for waivers without a reason or with an unknown or unwaivable id, and RA020 for
 * valid waivers that excuse nothing.
 *
 * @example
 * const all = applyWaivers(findings, declaredWaivers(app));
 */
export function applyWaivers(findings: AuditFinding[], waivers: readonly Waiver[]): AuditFinding[] {
  const extra: AuditFinding[] = [];
  for (const waiver of waivers) {
    const where = scopeWhere(waiver.scope);
    const at = scopeText(waiver.scope);
    if (waiver.problem) {
      extra.push(newFinding('RA019', where, `${at}: ${waiver.problem}`));
      continue;
    }
    if (!isAuditCheckId(waiver.id)) {
      extra.push(newFinding('RA019', where, `${at} waives "${waiver.id}", which is not a check id (RA000-RA020)`));
      continue;
    }
    if (!auditChecks[waiver.id].waivable) {
      extra.push(newFinding('RA019', where, `${at} waives ${waiver.id}, which cannot be waived: ${auditChecks[waiver.id].fix}`));
      continue;
    }
    if (typeof waiver.reason !== 'string' || waiver.reason.trim().length < 3) {
      extra.push(newFinding('RA019', where, `${at} waives ${waiver.id} without a reason`));
      continue;
    }
    const excused = findings.filter((f) => f.id === waiver.id && !f.waived && covers(waiver.scope, f.where));
    for (const finding of excused) finding.waived = waiver.reason;
    if (excused.length === 0) extra.push(newFinding('RA020', where, `${at} waives ${waiver.id}, but nothing ${waiver.scope === 'app' ? 'in the app' : `at ${locationText(where)}`} fails it`));
  }
  return [...findings, ...extra];
}

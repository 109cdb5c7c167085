import type { AppOptions } from '../core/create-app.js';
import { appResources, internalTables } from '../core/app-tables.js';
import { userOptionsOf } from '../auth/users/users-resource.js';
import { buildDesiredSchema } from '../db/migrations/desired-schema.js';
import { allow } from '../policies/rule.js';
import { Resource, type AnyResource, type Operation } from '../resources/resource.js';
import type { AnyRoute } from '../routes/route.js';
import type { AuditFinding } from './finding.js';
import { newFinding } from './new-finding.js';

/**
 * RA001: resource operations and routes without an access rule. The app refuses to start
 * without them, so the findings come with a copy of the app whose missing rules are
 * `allow.nobody`, which the other checks then inspect.
 *
 * @example
 * const { findings, app: inspectable } = accessRuleChecks(app);
 */
export function accessRuleChecks(app: AppOptions): { findings: AuditFinding[]; app: AppOptions } {
  const findings: AuditFinding[] = [];
  const resources = (app.resources ?? []).map((r) => {
    const missing = r.enabled.filter((op) => r.definition.access?.[op] === undefined);
    if (missing.length === 0) return r;
    for (const op of missing) findings.push(newFinding('RA001', { resource: r.name }, `${r.name}.${op} has no access rule`));
    const access: Partial<Record<Operation, unknown>> = { ...r.definition.access };
    for (const op of missing) access[op] = allow.nobody;
    return new Resource(r.name, { ...r.definition, access } as AnyResource['definition']) as AnyResource;
  });
  const routes = (app.routes ?? []).map((route): AnyRoute => {
    if (route.access !== undefined) return route;
    findings.push(newFinding('RA001', { route: `${route.method} ${route.path}`, ...(route.bound ? { resource: route.bound.resource.name } : {}) }, `${route.method} ${route.path} has no access rule`));
    return { ...route, access: allow.nobody };
  });
  return { findings, app: findings.length === 0 ? app : { ...app, resources, routes } };
}

const rowsPerAnswer = 2000;

/**
 * What the declarations say about the database: an index behind every filterable and
 * sortable field (RA010), and to-many includes bounded per answer (RA011).
 *
 * @example
 * const findings = schemaChecks(app);
 */
export function schemaChecks(app: AppOptions): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const resources = appResources(app);
  let tables;
  try {
    tables = buildDesiredSchema(resources, { dialect: 'sqlite', extraTables: internalTables(app.webhooks ?? [], userOptionsOf(app.users)) }).tables;
  } catch {
    tables = undefined; // the app's startup check (RA000) reports a schema it cannot build
  }
  for (const resource of resources) {
    const table = tables?.find((t) => t.name === resource.table);
    if (!table || resource.definition.external) continue;
    for (const f of resource.fields.values()) {
      const { flags, spec } = f.field;
      if (!(flags.filterable || flags.sortable) || f.name === 'id' || spec.element) continue;
      if (table.indexes.some((index) => index.columns[0] === f.column)) continue;
      findings.push(newFinding('RA010', { resource: resource.name }, `${resource.name}.${f.name} is ${flags.sortable ? 'sortable' : 'filterable'} but no index starts with ${table.name}.${f.column}`));
    }
  }
  const maxLimit = app.query?.maxLimit ?? 100;
  for (const resource of resources) {
    for (const [name, relation] of Object.entries(resource.definition.relations ?? {})) {
      if (relation.max * maxLimit > rowsPerAnswer) {
        findings.push(newFinding('RA011', { resource: resource.name }, `${resource.name}.${name} embeds up to ${relation.max} records per record, ${relation.max * maxLimit} in one page of ${maxLimit}`));
      }
    }
  }
  if (maxLimit > 100) {
    findings.push(newFinding('RA006', { config: 'query.maxLimit' }, `query.maxLimit is ${maxLimit}: every list answers up to ${maxLimit} records per page`));
  }
  return findings;
}

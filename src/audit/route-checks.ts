import type { Config } from '../core/config.js';
import type { AppInspection } from '../inspect/inspect-app.js';
import type { RouteEntry } from '../inspect/route-info.js';
import type { RateLimitNote } from '../openapi/operation-notes.js';
import type { AuditFinding, FindingLocation } from './finding.js';
import { strippingObjects } from './input-schemas.js';
import { newFinding } from './new-finding.js';

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const withBody = new Set(['POST', 'PUT', 'PATCH']);
/** Sources whose routes the app declares; Rampart's own groups are audited with Rampart. */
const appSources = new Set(['resource', 'view', 'aggregate', 'route']);
const limitNames = new Set(['limit', 'pageSize', 'page_size', 'perPage', 'per_page', 'size', 'take', 'first', 'count']);
const mib = 1024 * 1024;

const unitMs: Record<string, number> = { ms: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Requests a minute an own budget allows: `{ max: 30, timeWindow: '10 seconds' }` → 180. */
function perMinute(note: Extract<RateLimitNote, { budget: 'operation' }>): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|second|minute|hour|day)s?$/.exec(note.timeWindow.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * unitMs[match[2]!]!;
  return ms > 0 ? (note.max * 60_000) / ms : undefined;
}

function whereOf(entry: RouteEntry): FindingLocation {
  return { route: `${entry.info.method} ${entry.info.path}`, ...(entry.info.resource ? { resource: entry.info.resource } : {}) };
}

type ParamSchema = { name: string; in: string; schema?: { maximum?: number; exclusiveMaximum?: number } };

/**
 * The checks of each served route: public writes (RA002), unvalidated bodies (RA003)
 * and loose inputs (RA004), response schemas (RA005), page caps (RA006), budgets (RA007),
 * idempotency (RA008), body limits (RA009) and routes served outside the declarations
 * (RA018). Rampart's own groups are left out: their rules are Rampart's, and tested.
 *
 * @example
 * const findings = routeChecks(await inspectApp(app), config);
 */
export function routeChecks(inspection: Pick<AppInspection, 'routes'>, config: Config): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const entry of inspection.routes) {
    const { info, live, operation } = entry;
    const where = whereOf(entry);
    if (info.source === 'plugin') {
      findings.push(newFinding('RA018', where, `${where.route} is served by a plugin: no declared access rule guards it and the OpenAPI document does not describe it`));
      continue;
    }
    if (!appSources.has(info.source)) continue;
    const label = info.operation && info.resource ? `${info.resource}.${info.operation}` : where.route!;
    const note = operation?.['x-rampart-rate-limit'] as RateLimitNote | undefined;
    const publicWrite = writes.has(info.method) && info.access === 'public';
    if (publicWrite) findings.push(newFinding('RA002', where, `${label} lets anyone ${info.method} without signing in (access: public)`));
    if (withBody.has(info.method) && live && !live.validates.body) {
      findings.push(newFinding('RA003', where, `${where.route} has no body schema: any JSON sent reaches the handler unvalidated`));
    }
    const declared = entry.route;
    if (declared) {
      const inputs = declared.bound ? { query: declared.bound.definition.query, body: declared.bound.definition.body } : { params: declared.params, query: declared.query, body: declared.body };
      if (!declared.bound && /:[A-Za-z0-9_]/.test(declared.path) && !declared.params) {
        findings.push(newFinding('RA004', where, `${where.route} has path parameters but no params schema: they reach the handler as any string`));
      }
      for (const [part, schema] of Object.entries(inputs)) {
        const loose = strippingObjects(schema);
        if (loose.length > 0) findings.push(newFinding('RA004', where, `${where.route}: ${part} object${loose.length > 1 ? 's' : ''} ${loose.join(', ')} strip${loose.length > 1 ? '' : 's'} unknown fields instead of refusing them (z.object; use z.strictObject)`));
      }
    }
    for (const [status, schema] of Object.entries(info.schemas.responses)) {
      const code = Number(status);
      // Generated and bound routes answer through the resource's own schemas.
      if (declared && !declared.bound && info.documented && code < 400 && code !== 204 && code !== 304 && schema === null) {
        findings.push(newFinding('RA005', where, `${where.route} answers ${status} without a response schema: whatever the handler returns is sent`));
      }
    }
    for (const param of (operation?.parameters ?? []) as ParamSchema[]) {
      // Resource lists take the app's query.maxLimit, checked once (declaration-checks.ts).
      if (param.in !== 'query' || !limitNames.has(param.name) || info.source !== 'route') continue;
      const max = param.schema?.maximum ?? (param.schema?.exclusiveMaximum === undefined ? undefined : param.schema.exclusiveMaximum - 1);
      if (max === undefined || max > 100) {
        findings.push(newFinding('RA006', where, `${where.route}: ?${param.name}= ${max === undefined ? 'has no maximum' : `allows up to ${max}`}; a page holds at most 100 records`));
      }
    }
    if (note?.budget === 'operation') {
      const rate = perMinute(note);
      if (rate !== undefined && rate > config.rateLimit.userPerMinute) {
        findings.push(newFinding('RA007', where, `${where.route}: its own budget (${note.max} per ${note.timeWindow}${note.timeWindow === '1 minute' ? '' : `, ${Math.round(rate)}/min`}) replaces the global ${config.rateLimit.userPerMinute}/min per user with a looser one`));
      }
    } else if (publicWrite) {
      findings.push(newFinding('RA007', where, `${where.route} is a public write with no budget of its own: anonymous callers get the global ${config.rateLimit.ipPerMinute}/min per address`));
    }
    const success = Object.keys(info.schemas.responses).find((s) => Number(s) < 300);
    if ((info.method === 'POST' || success === '201') && !info.idempotency) {
      findings.push(newFinding('RA008', where, `${where.route} creates without Idempotency-Key support: a client's retry after a lost answer creates twice`));
    }
    if (withBody.has(info.method) && live?.bodyLimit !== undefined && live.bodyLimit > Math.max(config.bodyLimit, mib)) {
      findings.push(newFinding('RA009', where, `${where.route} accepts bodies up to ${live.bodyLimit} bytes, above the app's BODY_LIMIT (${config.bodyLimit})`));
    }
  }
  return findings;
}
